import Foundation

/// Why a soft-liquidation loan could not be created.
public enum SoftLoanError: Error, Equatable, CustomStringConvertible {
    case bandCount(Int)
    case debtTooHigh(debt: Double, maxBorrowable: Double)
    case deposit(BandDepositError)

    public var description: String {
        switch self {
        case .bandCount(let n): return "a loan over \(n) bands; crvUSD takes 4 to 50"
        case .debtTooHigh(let debt, let max):
            return "debt \(debt) is too high for its collateral and bands (at most \(max) at the oracle price)"
        case .deposit(let e): return e.description
        }
    }
}

/// A soft-liquidation loan (an index into ``SoftLiquidationLoans``).
public struct SoftLoanID: Sendable, Equatable, Hashable, Comparable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
}

/// What a hard liquidation did.
public struct SoftLiquidationOutcome: Sendable, Equatable {
    /// Debt repaid, USD.
    public var debtRepaid: Double
    /// USD and collateral taken out of the loan's bands.
    public var xWithdrawn: Double
    public var yWithdrawn: Double
    /// USD the liquidator had to add (debt beyond the USD in the bands); negative when the bands held more USD
    /// than the debt and the liquidator keeps the rest.
    public var liquidatorPays: Double
}

/// The loans of a crvUSD/LlamaLend market and the LLAMMA that holds their collateral (curve-stablecoin v1
/// `contracts/Controller.vy`): loan creation into N bands, debt with interest, health, hard liquidation.
public struct SoftLiquidationLoans: Sendable {
    /// MIN_TICKS and MAX_TICKS (Controller.vy L131-134).
    public static let bandCountRange = 4...50

    public private(set) var amm: BandAMM
    /// `loan_discount`: how far below its value a loan may borrow (sets its bands at creation).
    public let loanDiscount: Double
    /// `liquidation_discount`: the margin health keeps for liquidators; frozen per loan at creation.
    public let liquidationDiscount: Double

    @usableFromInline var initialDebt: [Double] = []
    @usableFromInline var loanRateMultiplier: [Double] = []
    @usableFromInline var loanLiquidationDiscount: [Double] = []
    @usableFromInline var user: [BandUser] = []

    public init(amm: BandAMM, loanDiscount: Double, liquidationDiscount: Double) {
        self.amm = amm
        self.loanDiscount = loanDiscount
        self.liquidationDiscount = liquidationDiscount
    }

    public var count: Int { initialDebt.count }

    /// y_effective: the USD the collateral would fetch sold adiabatically through N bands, per p_up(n1),
    /// discounted (`get_y_effective`, Controller.vy L465-494):
    /// Σ_{k<N} c/N·(1 − d − dead)/√(A/(A−1))·((A−1)/A)^k, with the contract's DEAD_SHARES term
    /// 1000 wei/max(c/N, 1000 wei) added to the discount.
    public func yEffective(collateral c: Double, bands n: Int, discount: Double) -> Double {
        let deadTerm = 1000 * BandAMM.wei / max(c / Double(n), 1000 * BandAMM.wei)
        var d = c * (1 - min(discount + deadTerm, 1)) / (amm.sqrtBandRatio * Double(n))
        var total = d
        let ratio = Double(amm.A - 1) / Double(amm.A)
        for _ in 1..<n {
            d *= ratio
            total += d
        }
        return total
    }

    /// The top band n1 a loan of `debt` against `collateral` over `bands` goes into (`_calculate_debt_n1`,
    /// Controller.vy L497-543): n1 = active + ⌊ln(y_eff·p_up(active)/debt)/ln(A/(A−1))⌋, which must lie below
    /// the oracle price (p_up(n1) < p_o) or the debt is too high.
    public func topBand(collateral: Double, debt: Double, bands n: Int, at now: Double) throws -> Int {
        let n0 = amm.activeBand
        let pBase = amm.oracleUp(n0, at: now)
        let ratio = yEffective(collateral: collateral, bands: n, discount: loanDiscount) * pBase / debt
        let steps = (log(ratio) / amm.logARatio).rounded(.down)
        let n1 = Int(min(steps, Double(1024 - n))) + n0
        guard amm.oracleUp(n1, at: now) < amm.limitedOracle(at: now).price else {
            throw SoftLoanError.debtTooHigh(debt: debt, maxBorrowable: maxBorrowable(collateral: collateral,
                                                                                     bands: n, at: now))
        }
        return n1
    }

    /// The most a loan of `collateral` over `bands` may borrow now: y_eff·p_up of the first band below the
    /// oracle (`max_borrowable`, without its 1e−4 safety margin).
    public func maxBorrowable(collateral: Double, bands n: Int, at now: Double) -> Double {
        let pO = amm.limitedOracle(at: now).price
        let top = amm.band(containing: pO, at: now) + 1
        return yEffective(collateral: collateral, bands: n, discount: loanDiscount) * amm.oracleUp(top, at: now)
    }

    /// Opens a loan (`_create_loan`, Controller.vy L686-719): bands from ``topBand``, the collateral deposited
    /// over them, the liquidation discount frozen.
    public mutating func createLoan(collateral: Double, debt: Double, bands n: Int, at now: Double) throws -> SoftLoanID {
        guard Self.bandCountRange.contains(n) else { throw SoftLoanError.bandCount(n) }
        let n1 = try topBand(collateral: collateral, debt: debt, bands: n, at: now)
        let u: BandUser
        do { u = try amm.depositRange(collateral, n1: n1, n2: n1 + n - 1) } catch let e as BandDepositError {
            throw SoftLoanError.deposit(e)
        }
        initialDebt.append(debt)
        loanRateMultiplier.append(amm.rateMultiplier(at: now))
        loanLiquidationDiscount.append(liquidationDiscount)
        user.append(u)
        return SoftLoanID(count - 1)
    }

    /// The loan's deposit in the LLAMMA.
    public func bandUser(_ loan: SoftLoanID) -> BandUser { user[loan.index] }

    /// Debt now: initial debt·rate_mul(now)/rate_mul at creation (`_debt`).
    public func debt(_ loan: SoftLoanID, at now: Double) -> Double {
        initialDebt[loan.index] * amm.rateMultiplier(at: now) / loanRateMultiplier[loan.index]
    }

    /// Whether the loan is open.
    public func isOpen(_ loan: SoftLoanID) -> Bool { initialDebt[loan.index] > 0 }

    /// Health (`_health`, Controller.vy L1088-1110): x_down·(1 − liquidation discount)/debt − 1; `full` adds
    /// (p_o − p_up(n1))·collateral/debt while the loan is not yet in soft liquidation and the oracle is above
    /// its top band. Liquidatable by anyone when health(full: true) < 0.
    public func health(_ loan: SoftLoanID, full: Bool, at now: Double, liquidationDiscount ld: Double? = nil) -> Double {
        health(loan, xDown: amm.xDown(user[loan.index], at: now), full: full, at: now, liquidationDiscount: ld)
    }

    /// ``health(_:full:at:liquidationDiscount:)`` from per-share band values (``BandAMM/xDownPerShare(_:at:into:)``
    /// from band `lo`), which must cover the loan's bands.
    public func health(_ loan: SoftLoanID, full: Bool, at now: Double, perShare: [Double], from lo: Int) -> Double {
        health(loan, xDown: amm.xDown(user[loan.index], perShare: perShare, from: lo), full: full, at: now, liquidationDiscount: nil)
    }

    private func health(_ loan: SoftLoanID, xDown: Double, full: Bool, at now: Double, liquidationDiscount ld: Double?) -> Double {
        let d = debt(loan, at: now)
        let u = user[loan.index]
        let discount = ld ?? loanLiquidationDiscount[loan.index]
        var h = xDown * (1 - discount) / d - 1
        if full {
            let n1 = amm.bands(of: u).lowerBound
            if n1 > amm.activeBand {
                let p = amm.limitedOracle(at: now).price
                let pUp = amm.oracleUp(n1, at: now)
                if p > pUp { h += (p - pUp) * amm.sumXY(u).y / d }
            }
        }
        return h
    }

    /// The health(full) of a loan no swap has reached yet (its bands hold the collateral as deposited), at
    /// oracle price `p`: the same as ``health(_:full:at:liquidationDiscount:)`` there, from its bands' collateral
    /// alone. It rises with `p`.
    public func untouchedHealth(_ loan: SoftLoanID, oracle p: Double, at now: Double) -> Double {
        let u = user[loan.index], range = amm.bands(of: u)
        let shares = amm.shares(of: u)
        var xDown = 0.0, y = 0.0
        var pUp = amm.oracleUp(range.lowerBound, at: now)
        for (i, n) in range.enumerated() {
            let pDown = pUp * Double(amm.A - 1) / Double(amm.A)
            let part = shares[shares.startIndex + i] / (amm.totalShares(n) + BandAMM.deadShares)
            xDown += part * amm.bandValue(x: 0, y: amm.y(n), oracle: p, oracleUp: pUp, oracleDown: pDown, useY: false)
            y += part * amm.y(n)
            pUp = pDown
        }
        let d = debt(loan, at: now)
        var h = xDown * (1 - loanLiquidationDiscount[loan.index]) / d - 1
        let top = amm.oracleUp(range.lowerBound, at: now)
        if p > top { h += (p - top) * y / d }
        return h
    }

    /// The oracle price below which an untouched loan's health falls below 0, at rate multiplier 1 (interest
    /// scales the grid and the debt alike, so at time t the price is this × rate_mul(t)). Below its lowest
    /// band x_down = p³·Σ y/(p_down·p_up) and the trigger is a cube root; otherwise it is found by bisection
    /// within its bands (health rises with the price).
    public func untouchedTrigger(_ loan: SoftLoanID, at now: Double) -> Double {
        let u = user[loan.index], range = amm.bands(of: u)
        let shares = amm.shares(of: u)
        let m = amm.rateMultiplier(at: now)
        var k = 0.0
        var pUp = amm.oracleUp(range.lowerBound, at: now)
        for (i, n) in range.enumerated() {
            let pDown = pUp * Double(amm.A - 1) / Double(amm.A)
            let part = shares[shares.startIndex + i] / (amm.totalShares(n) + BandAMM.deadShares)
            k += part * amm.y(n) / (pDown * pUp)
            pUp = pDown
        }
        let d = debt(loan, at: now)
        let below = cbrt(d / ((1 - loanLiquidationDiscount[loan.index]) * k))
        let bottom = amm.oracleDown(range.upperBound, at: now)
        if below < bottom { return below / m }
        var lo = bottom, hi = amm.oracleUp(range.lowerBound, at: now)
        guard untouchedHealth(loan, oracle: hi, at: now) >= 0 else { return .infinity }
        for _ in 0..<64 {
            let mid = (lo + hi) / 2
            if untouchedHealth(loan, oracle: mid, at: now) < 0 { lo = mid } else { hi = mid }
        }
        return hi / m
    }

    /// The share of the position a partial liquidation of `fraction` of the debt withdraws (`_get_f_remove`):
    /// ((1 + h/2)/(1 + h)·(1 − frac) + frac)·frac, h the health limit.
    public static func removedFraction(_ fraction: Double, healthLimit h: Double) -> Double {
        guard fraction < 1 else { return 1 }
        return ((1 + h / 2) / (1 + h) * (1 - fraction) + fraction) * fraction
    }

    /// Hard-liquidates `fraction` of the loan (`_liquidate`, Controller.vy L1183-1266): the liquidator repays
    /// that share of the debt and takes the share ``removedFraction`` of the loan's USD and collateral; when
    /// the USD falls short of the debt the liquidator adds the rest, and when it exceeds it keeps the surplus.
    /// The caller has checked health(full: true) < 0 (for anyone but the owner).
    public mutating func liquidate(_ loan: SoftLoanID, fraction: Double = 1, at now: Double) -> SoftLiquidationOutcome {
        precondition(isOpen(loan), "soft-liquidation loan \(loan.index) is closed")
        amm.writeOracle(at: now)
        let total = debt(loan, at: now)
        let repaid = fraction >= 1 ? total : total * fraction
        let xy = amm.withdraw(user[loan.index], fraction: Self.removedFraction(fraction,
                                                                               healthLimit: loanLiquidationDiscount[loan.index]))
        let remaining = total - repaid
        initialDebt[loan.index] = remaining <= 0 ? 0 : remaining
        loanRateMultiplier[loan.index] = amm.rateMultiplier(at: now)
        return SoftLiquidationOutcome(debtRepaid: repaid, xWithdrawn: xy.x, yWithdrawn: xy.y,
                                      liquidatorPays: repaid - xy.x)
    }

    /// Mutable access to the AMM (swaps by arbitrageurs, oracle updates).
    public mutating func withAMM<R>(_ body: (inout BandAMM) throws -> R) rethrows -> R { try body(&amm) }
}
