import Foundation
import Stochastic

/// What happens to the part of a position a backstop pool is too small to absorb.
public enum BackstopFallback: Sendable, Equatable {
    /// The remainder stays open (and flagged liquidatable) for external liquidators or a later absorption.
    case leaveOpen
    /// The integrator liquidates the remainder by fixed spread with these settings. The pool itself never
    /// calls it: it reports the remainder and the integrator schedules the fallback liquidation.
    case fixedSpread(FixedSpreadSpec)
}

/// Parameters of a protocol-owned backstop pool (Liquity's stability pool; Risk DAO's backstop).
public struct BackstopPoolSpec: MechanismParameters, Equatable {
    public static let mechanism = MechanismName.backstopPool

    /// Stablecoin in the pool at the start, debt-asset units.
    public var initialBalance: Double
    /// Balance the pool refills toward, debt-asset units.
    public var targetBalance: Double
    /// Seconds for the gap to the target to halve: B(t) = T − (T − B₀)·2^(−Δt / t½). `.infinity` = never refills.
    public var refillHalfLifeSeconds: Double
    /// The pool receives collateral worth debt · (1 + discount) at the oracle (Liquity gives the whole
    /// collateral; a discount models a pool that takes only its agreed premium).
    public var discount: Double
    public var fallback: BackstopFallback

    public init(initialBalance: Double, targetBalance: Double? = nil, refillHalfLifeSeconds: Double = .infinity,
                discount: Double = 0.1, fallback: BackstopFallback = .leaveOpen) {
        self.initialBalance = initialBalance
        self.targetBalance = targetBalance ?? initialBalance
        self.refillHalfLifeSeconds = refillHalfLifeSeconds
        self.discount = discount
        self.fallback = fallback
    }

    /// Every out-of-range parameter, keys as `[protocol.liquidation]` spells them.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        for (k, v) in [("initial_balance", initialBalance), ("target_balance", targetBalance)] where !(v.isFinite && v >= 0) {
            out.append(ParameterProblem(key: k, message: "found \(v), expected a finite number ≥ 0"))
        }
        if !(refillHalfLifeSeconds > 0) {
            out.append(ParameterProblem(key: "refill_half_life_seconds", message: "found \(refillHalfLifeSeconds), expected a number > 0 (omit for no refill)"))
        }
        if !(discount.isFinite && discount >= 0 && discount < 1) {
            out.append(ParameterProblem(key: "discount", message: "found \(discount), expected a number in [0, 1)"))
        }
        if case .fixedSpread(let f) = fallback {
            out += f.validate().map { ParameterProblem(key: "fallback.\($0.key)", message: $0.message) }
        }
        return out
    }
}

/// What one absorption did.
public struct BackstopAbsorption: Sendable, Equatable {
    public var position: Int
    /// Debt the pool repaid.
    public var debtAbsorbed: Double
    /// Debt written off because no collateral was left.
    public var badDebtWrittenOff: Double
    /// Debt still on the position for the fallback.
    public var debtRemaining: Double
    public var healthFactorBefore: Double
    public var healthFactorAfter: Double
}

/// A protocol-owned pool of stablecoin that repays liquidated debt and takes collateral at a discount. No
/// external liquidator is involved.
public struct BackstopPool: Sendable {
    public let spec: BackstopPoolSpec
    /// Stablecoin available now (after the last ``refill(to:)``), debt-asset units.
    public private(set) var balance: Double
    /// Time of the last refill, seconds.
    public private(set) var lastUpdate: Double
    /// Debt the pool has repaid in total.
    public private(set) var debtAbsorbed: Double = 0
    /// Stablecoin added by refills in total.
    public private(set) var refilled: Double = 0

    public init(spec: BackstopPoolSpec, startTime: Double = 0) {
        precondition(spec.validate().isEmpty, "Invalid backstop pool spec: \(spec.validate().map(\.description))")
        self.spec = spec
        balance = spec.initialBalance
        lastUpdate = startTime
    }

    /// Moves the balance toward the target: B ← T − (T − B)·2^(−Δt/t½). A pool above target stays put.
    public mutating func refill(to time: Double) {
        precondition(time >= lastUpdate, "Pool time must not run backwards: \(time) < \(lastUpdate)")
        if balance < spec.targetBalance && spec.refillHalfLifeSeconds.isFinite {
            let gap = (spec.targetBalance - balance) * exp2(-(time - lastUpdate) / spec.refillHalfLifeSeconds)
            let new = spec.targetBalance - gap
            refilled += new - balance
            balance = new
        }
        lastUpdate = time
    }

    /// Absorbs as much of a liquidatable position as the pool can pay for, after refilling to `time`.
    ///
    ///     x      = min(debt, balance)
    ///     value  = x · p_debt · (1 + discount), taken from each asset in proportion to its oracle value
    ///     if value ≥ collateral value V:  take everything, x = V / (p_debt · (1 + discount))
    ///
    /// Debt left with no collateral is written off; debt left with collateral stays for ``BackstopPoolSpec/fallback``.
    /// One ``LiquidationResult`` per asset taken is appended to `results`. Returns `nil` if not liquidatable
    /// or the pool is empty.
    @discardableResult
    public mutating func absorb(_ position: Int, time: Double, prices: OraclePrices, protocol p: inout LendingProtocol,
                                results: inout [LiquidationResult]) -> BackstopAbsorption? {
        refill(to: time)
        let hf = p.healthFactor(position, prices: prices)
        guard hf < 1, balance > 0 else { return nil }
        let debt = p.book.debt[position]
        let value = p.book.collateralUSD(position, prices: prices)  // USD
        let factor = 1 + spec.discount
        var x = min(debt, balance)
        var share = 1.0  // share of each holding taken
        if value > 0 {
            let want = x * prices.debt * factor
            if want >= value { x = min(x, value / (prices.debt * factor)) } else { share = want / value }
        }
        // One result per asset, the debt split by oracle value; the last asset takes the exact remainder so
        // the parts sum to x.
        var lastAsset = -1
        for a in 0..<p.assets.count where p.book.collateral(position, a) > 0 { lastAsset = a }
        var repaidSoFar = 0.0
        let firstResult = results.count
        for a in 0..<p.assets.count {
            let c = p.book.collateral(position, a)
            guard c > 0 else { continue }
            let seized = share >= 1 ? c : c * share
            let debtPart = a == lastAsset ? max(0, x - repaidSoFar) : x * (c * prices.collateral[a] / value)
            p._repayBySeizure(position, asset: a, debt: debtPart, seized: seized, fee: 0, toPool: true)
            repaidSoFar += debtPart
            let bonus = seized - debtPart * prices.debt / prices.collateral[a]
            results.append(LiquidationResult(position: position, asset: a, debtRepaid: debtPart, collateralSeized: seized,
                                             bonusCollateral: bonus, protocolFeeCollateral: 0, badDebtWrittenOff: 0,
                                             healthFactorBefore: hf, healthFactorAfter: hf))
        }
        balance -= repaidSoFar
        debtAbsorbed += repaidSoFar
        let written = p._burnBadDebtIfEmpty(position)
        if let last = results.indices.last, last >= firstResult { results[last].badDebtWrittenOff = written }
        p._reindex(position, prices: prices)
        let after = p.healthFactor(position, prices: prices)
        for i in firstResult..<results.count { results[i].healthFactorAfter = after }
        p._checkInvariants()
        return BackstopAbsorption(position: position, debtAbsorbed: repaidSoFar, badDebtWrittenOff: written,
                                  debtRemaining: p.book.debt[position], healthFactorBefore: hf, healthFactorAfter: after)
    }
}

extension MechanismName {
    /// A protocol-owned backstop pool.
    public static let backstopPool = MechanismName(rawValue: "backstop-pool")
}

extension MechanismSpec {
    /// A protocol-owned backstop pool with these parameters.
    public static func backstopPool(_ parameters: BackstopPoolSpec) -> MechanismSpec { MechanismSpec(parameters) }
}

extension BackstopPoolSpec: PluggableMechanism {
    func buildRun(_ builder: EngineBuilder) throws -> () throws -> RunResult { try builder.build(BackstopPoolMechanism(spec: self)) }
}
