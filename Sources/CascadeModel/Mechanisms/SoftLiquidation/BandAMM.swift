import Foundation

/// Curve's LLAMMA: the band AMM that holds soft-liquidation loans' collateral (crvUSD, LlamaLend), in Double.
///
/// Source of every formula: curvefi/curve-stablecoin, tag v1 (commit edbb5ef5bf42), `contracts/AMM.vy`; the
/// line numbers in ../shared/REFERENCES-llamma.md. x is the borrowed coin (USD), y the collateral, p_o the
/// oracle price. Bands n (any integer, higher n = lower price) span oracle prices
/// p_up(n) = base·((A−1)/A)^n down to p_down(n) = p_up(n+1); within a band the invariant is
/// (f + x)(g + y) = p_o·A²·y0², f = A·y0·p_o²/p_up, g = (A−1)·y0·p_up/p_o, so the AMM's price at the band's edges
/// moves as the cube of p_o (`p_current_down(n) = p_o³/p_up(n)²`): when p_o falls into a loan's bands its AMM
/// price falls below the market and arbitrageurs buy the collateral (soft liquidation), and the reverse on the
/// way back up.
///
/// The contract works in 1e18 fixed point; this works in token units and dollars, with the contract's
/// arithmetic and without its truncations. The wei-sized terms that do something besides making up for a
/// floored division are kept as their Double equivalents (``wei``, ``deadShares``, shares in units of 1e21
/// contract shares): the "+ 1" a swap leaves in the band, `max(dx, 1)` against dust, the DEAD_SHARES offset;
/// below 1e−6 tokens they are already under Double's resolution. The results agree with
/// `scripts/reference/llamma_contract.py`, an integer port of the contract, to 1e−12 relative
/// (`BandAMMContractTests`). Tokens have 18 decimals (BORROWED_PRECISION = COLLATERAL_PRECISION = 1).
///
/// Debug builds check after every mutation that only the active band holds both coins, bands above it (lower
/// n) only x, bands below only y, no balance is negative, and that the coins are conserved: what is in the
/// bands plus the admin fees equals what came in by deposits and swaps less what went out
/// (`BandAMM+Invariants.swift`).
public struct BandAMM: Sendable {
    // MARK: Constants (AMM.vy L93-110, L136-150)

    /// MAX_TICKS: a loan spans at most 50 bands, and a swap touches at most 50 non-empty bands.
    public static let maxTicks = 50
    /// MAX_SKIP_TICKS: empty bands a swap or a deposit may step over.
    public static let maxSkipTicks = 1024
    /// PREV_P_O_DELAY, seconds: the oracle-jump fee decays to zero over this long.
    public static let previousOracleDelaySeconds = 120.0
    /// MAX_P_O_CHG = 1.25: the largest oracle change the AMM takes between two writes less than 120 s apart.
    public static let maxOracleChange = 1.25
    /// One wei of an 18-decimal token, in tokens.
    public static let wei = 1e-18
    /// DEAD_SHARES = 1000 contract shares; a first deposit of y tokens gets y·1e21 contract shares, so in
    /// the share units used here (1e21 contract shares) dead shares are 1e−18.
    public static let deadShares = 1e-18

    /// The amplification A: each band spans a factor (A − 1)/A of the oracle price.
    public let A: Int
    @usableFromInline let a: Double
    @usableFromInline let aMinus1: Double
    /// ln(A / (A − 1)) (LOG_A_RATIO).
    public let logARatio: Double
    /// √(A / (A − 1)) (SQRT_BAND_RATIO).
    public let sqrtBandRatio: Double
    /// (A / (A − 1))^50 (MAX_ORACLE_DN_POW): a swap stops where the band is this far from the oracle.
    public let maxOracleDownPower: Double
    /// The price of band 0's top at rate multiplier 1 (BASE_PRICE), USD per collateral.
    public let basePriceAtStart: Double

    // MARK: Fees and interest

    /// The static fee (`fee`), a fraction of the input kept in the band.
    public private(set) var fee: Double
    /// The share of each fee that goes to the admin instead of the band (`admin_fee`).
    public let adminFee: Double
    /// Interest rate, per second (`rate`).
    public private(set) var ratePerSecond: Double
    @usableFromInline var rateMultiplierAtRateTime: Double
    @usableFromInline var rateTime: Double

    // MARK: Oracle state (limit_p_o)

    /// The price the external oracle returns now (`price_oracle_contract.price()`): the mechanism sets it.
    public private(set) var externalOraclePrice: Double
    @usableFromInline var oldOraclePrice: Double
    @usableFromInline var oldDynamicFee: Double
    @usableFromInline var previousOracleTime: Double

    // MARK: Bands

    /// The band that may hold both coins (`active_band`).
    public internal(set) var activeBand: Int
    /// Bands below this are empty (`min_band`).
    public internal(set) var minBand: Int
    /// Bands above this are empty (`max_band`).
    public internal(set) var maxBand: Int
    /// Band number of storage row 0; rows grow in both directions as deposits reach new bands.
    @usableFromInline var origin: Int
    @usableFromInline var bandX: [Double]
    @usableFromInline var bandY: [Double]
    @usableFromInline var bandShares: [Double]
    /// Users holding shares of each band.
    @usableFromInline var bandUsers: [Int32]

    /// Fees set aside for the admin, USD and collateral units.
    public internal(set) var adminFeesX: Double = 0
    public internal(set) var adminFeesY: Double = 0

    // MARK: Users

    @usableFromInline var userN1: [Int]
    @usableFromInline var userBandCount: [Int]
    @usableFromInline var userShareStart: [Int]
    @usableFromInline var userShares: [Double]

    /// Running totals for the conservation check: coins that came in less coins that went out.
    public internal(set) var netXIn: Double = 0
    public internal(set) var netYIn: Double = 0
    /// All that ever came in, the scale of the conservation check.
    public internal(set) var grossXIn: Double = 0
    public internal(set) var grossYIn: Double = 0

    /// Creates an empty LLAMMA.
    /// - Parameters:
    ///   - A: the amplification, an integer ≥ 2.
    ///   - basePrice: band 0's top price at the start (BASE_PRICE).
    ///   - fee: the static fee, in [0, 1).
    ///   - adminFee: the admin's share of fees, in [0, 1].
    ///   - oraclePrice: the external oracle's price at `now`.
    /// - Precondition: the parameters are in range (the scenario reader checks them first).
    public init(A: Int, basePrice: Double, fee: Double, adminFee: Double = 0, oraclePrice: Double,
                now: Double = 0) {
        precondition(A >= 2, "LLAMMA needs A ≥ 2, got \(A)")
        precondition(basePrice > 0 && basePrice.isFinite, "LLAMMA base price \(basePrice), expected > 0")
        precondition(fee >= 0 && fee < 1, "LLAMMA fee \(fee), expected a fraction in [0, 1)")
        precondition(oraclePrice > 0 && oraclePrice.isFinite, "LLAMMA oracle price \(oraclePrice), expected > 0")
        self.A = A
        self.a = Double(A)
        self.aMinus1 = Double(A - 1)
        self.logARatio = log(Double(A) / Double(A - 1))
        self.sqrtBandRatio = (Double(A) / Double(A - 1)).squareRoot()
        var pow = 1.0
        for _ in 0..<50 { pow = pow * Double(A) / Double(A - 1) }
        self.maxOracleDownPower = pow
        self.basePriceAtStart = basePrice
        self.fee = fee
        self.adminFee = adminFee
        self.ratePerSecond = 0
        self.rateMultiplierAtRateTime = 1
        self.rateTime = now
        self.externalOraclePrice = oraclePrice
        self.oldOraclePrice = oraclePrice
        self.oldDynamicFee = 0
        self.previousOracleTime = now
        self.activeBand = 0
        self.minBand = 0
        self.maxBand = 0
        self.origin = 0
        self.bandX = []
        self.bandY = []
        self.bandShares = []
        self.bandUsers = []
        self.userN1 = []
        self.userBandCount = []
        self.userShareStart = []
        self.userShares = []
    }
}

// MARK: - Interest and the band grid

extension BandAMM {
    /// 1 + ∫rate dt since the start (`_rate_mul`, AMM.vy L342): simple accrual since the last rate change.
    @inlinable
    public func rateMultiplier(at now: Double) -> Double {
        rateMultiplierAtRateTime * (1 + ratePerSecond * (now - rateTime))
    }

    /// Sets the interest rate from `now` on (`set_rate`), compounding what accrued so far.
    public mutating func setRate(_ perSecond: Double, at now: Double) {
        rateMultiplierAtRateTime = rateMultiplier(at: now)
        rateTime = now
        ratePerSecond = perSecond
    }

    /// Band 0's top price at `now`: BASE_PRICE·rate_mul (`_base_price`). Interest moves the whole grid up.
    @inlinable
    public func basePrice(at now: Double) -> Double { basePriceAtStart * rateMultiplier(at: now) }

    /// The top oracle price of band n (`_p_oracle_up`): base·((A−1)/A)^n = base·exp(−n·ln(A/(A−1))).
    @inlinable
    public func oracleUp(_ n: Int, at now: Double) -> Double {
        basePrice(at: now) * exp(-Double(n) * logARatio)
    }

    /// The bottom oracle price of band n, p_up(n + 1).
    @inlinable
    public func oracleDown(_ n: Int, at now: Double) -> Double { oracleUp(n + 1, at: now) }

    /// The band whose oracle range holds `price`: p_down(n) < price ≤ p_up(n).
    public func band(containing price: Double, at now: Double) -> Int {
        var n = Int((log(basePrice(at: now) / price) / logARatio).rounded(.down))
        // The logarithm can land one band off at an edge; settle it on the grid itself.
        while oracleUp(n, at: now) < price { n -= 1 }
        while oracleUp(n + 1, at: now) >= price { n += 1 }
        return n
    }
}

// MARK: - The oracle as the AMM sees it (limit_p_o, AMM.vy L243-283)

extension BandAMM {
    /// The oracle price the AMM acts on and the oracle-jump fee, at `now`: within 120 s of the last write the
    /// change is clipped to ×/÷1.25 and the fee is (old fee + 1 − r³)·dt/120, r = p_min/p_max, dt = 120 s less
    /// the time since the write, capped at 1 − 1e−18.
    @inlinable
    public func limitedOracle(at now: Double) -> (price: Double, jumpFee: Double) {
        let p = externalOraclePrice
        let dt = Self.previousOracleDelaySeconds - min(Self.previousOracleDelaySeconds, now - previousOracleTime)
        guard dt > 0 else { return (p, 0) }
        var newPrice = p
        var ratio: Double
        if p > oldOraclePrice {
            ratio = oldOraclePrice / p
            if ratio < 1 / Self.maxOracleChange {
                newPrice = oldOraclePrice * Self.maxOracleChange
                ratio = 1 / Self.maxOracleChange
            }
        } else {
            ratio = p / oldOraclePrice
            if ratio < 1 / Self.maxOracleChange {
                newPrice = oldOraclePrice / Self.maxOracleChange
                ratio = 1 / Self.maxOracleChange
            }
        }
        let fee = min((1 + oldDynamicFee - ratio * ratio * ratio) * dt / Self.previousOracleDelaySeconds,
                      1 - Self.wei)
        return (newPrice, fee)
    }

    /// The external oracle now returns `price` (the mechanism's EMA oracle moved).
    public mutating func setExternalOracle(_ price: Double) {
        precondition(price > 0 && price.isFinite, "LLAMMA oracle price \(price), expected > 0")
        externalOraclePrice = price
    }

    /// Reads and stores the limited oracle, as every exchange does (`_price_oracle_w`).
    @discardableResult
    public mutating func writeOracle(at now: Double) -> (price: Double, jumpFee: Double) {
        let p = limitedOracle(at: now)
        previousOracleTime = now
        oldOraclePrice = p.price
        oldDynamicFee = p.jumpFee
        return p
    }

    /// The band's dynamic fee (`get_dynamic_fee`): a quarter of how far p_o lies outside the band's current
    /// price range [p_cd, p_cu], relative to the larger of the two.
    @inlinable
    public func bandDynamicFee(oracle pO: Double, oracleUp pUp: Double) -> Double {
        let pCD = pO * pO / pUp * pO / pUp
        let pCU = pCD * a / aMinus1 * a / aMinus1
        if pO < pCD { return (pCD - pO) / (4 * pCD) }
        if pO > pCU { return (pO - pCU) / (4 * pO) }
        return 0
    }

    /// The fee a swap pays now when it starts (max(fee, oracle-jump fee)); each band adds its dynamic fee.
    public func currentFee(at now: Double) -> Double { max(fee, limitedOracle(at: now).jumpFee) }
}

// MARK: - The invariant within a band (AMM.vy L492-553)

extension BandAMM {
    /// y0 solves p_o·A·y0² − y0·b − x·y = 0, b = p_up·(A−1)·x/p_o + A·p_o²·y/p_up (`_get_y0`).
    @inlinable
    public func y0(x: Double, y: Double, oracle pO: Double, oracleUp pUp: Double) -> Double {
        var b = 0.0
        if x != 0 { b = pUp * aMinus1 * x / pO }
        if y != 0 { b += a * pO * pO / pUp * y }
        if x > 0 && y > 0 {
            let d = b * b + 4 * a * pO * y * x
            return (b + d.squareRoot()) / (2 * a * pO)
        }
        return b / (a * pO)
    }

    /// f and g of the band invariant for y0.
    @inlinable
    func fg(y0: Double, oracle pO: Double, oracleUp pUp: Double) -> (f: Double, g: Double) {
        (a * y0 * pO / pUp * pO, aMinus1 * y0 * pUp / pO)
    }

    /// The AMM price of band n with balances (x, y) at the limited oracle (`_get_p`).
    public func price(band n: Int, x: Double, y: Double, at now: Double) -> Double {
        let pUp = oracleUp(n, at: now)
        let pO = limitedOracle(at: now).price
        if x == 0 {
            let pCD = pO * pO / pUp * pO / pUp
            return y == 0 ? pCD * a / aMinus1 : pCD
        }
        if y == 0 {
            let pDown = pUp * aMinus1 / a
            return pO * pO / pDown * pO / pDown
        }
        let y0 = y0(x: x, y: y, oracle: pO, oracleUp: pUp)
        let (f, g) = fg(y0: y0, oracle: pO, oracleUp: pUp)
        return (f + x) / (g + y)
    }

    /// The AMM price now (`get_p`), in the active band.
    public func price(at now: Double) -> Double {
        price(band: activeBand, x: x(activeBand), y: y(activeBand), at: now)
    }

    /// The lowest AMM price of band n at the current oracle: p_o³/p_up(n)² (`p_current_down`).
    public func currentDown(_ n: Int, at now: Double) -> Double {
        let pO = limitedOracle(at: now).price
        let pUp = oracleUp(n, at: now)
        return pO * pO / pUp * pO / pUp
    }

    /// The highest AMM price of band n at the current oracle, p_current_down(n + 1) (`p_current_up`).
    public func currentUp(_ n: Int, at now: Double) -> Double { currentDown(n + 1, at: now) }
}

// MARK: - Band storage

extension BandAMM {
    /// USD in band n.
    @inlinable
    public func x(_ n: Int) -> Double {
        let r = n - origin
        return r >= 0 && r < bandX.count ? bandX[r] : 0
    }

    /// Collateral in band n.
    @inlinable
    public func y(_ n: Int) -> Double {
        let r = n - origin
        return r >= 0 && r < bandY.count ? bandY[r] : 0
    }

    /// Shares issued in band n (`total_shares`), in units of 1e21 contract shares.
    @inlinable
    public func totalShares(_ n: Int) -> Double {
        let r = n - origin
        return r >= 0 && r < bandShares.count ? bandShares[r] : 0
    }

    /// Makes rows exist for bands lo...hi.
    mutating func reserveBands(_ lo: Int, _ hi: Int) {
        if bandX.isEmpty {
            origin = lo
            let count = hi - lo + 1
            bandX = Array(repeating: 0, count: count)
            bandY = bandX
            bandShares = bandX
            bandUsers = Array(repeating: 0, count: count)
            return
        }
        if lo < origin {
            let grow = origin - lo
            let pad = [Double](repeating: 0, count: grow)
            bandX.insert(contentsOf: pad, at: 0)
            bandY.insert(contentsOf: pad, at: 0)
            bandShares.insert(contentsOf: pad, at: 0)
            bandUsers.insert(contentsOf: [Int32](repeating: 0, count: grow), at: 0)
            origin = lo
        }
        let top = origin + bandX.count - 1
        if hi > top {
            let pad = [Double](repeating: 0, count: hi - top)
            bandX += pad
            bandY += pad
            bandShares += pad
            bandUsers += [Int32](repeating: 0, count: hi - top)
        }
    }

    @inlinable
    mutating func setBand(_ n: Int, x: Double, y: Double) {
        let r = n - origin
        bandX[r] = x
        bandY[r] = y
    }
}
