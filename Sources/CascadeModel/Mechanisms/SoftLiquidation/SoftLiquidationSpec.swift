import Foundation
import Stochastic

/// Parameters of soft liquidation (Curve's LLAMMA, crvUSD and LlamaLend): `[protocol.liquidation]` with
/// `mechanism = "soft-liquidation"`.
///
/// Defaults are the market the contract's own tests create (curve-stablecoin v1 `tests/stableborrow/conftest.py`
/// L80-85 → `ControllerFactory.add_market`): A = 100, fee 1%, admin fee 0, loan discount 5%, liquidation
/// discount 2%, a constant rate of 0 (`ConstantMonetaryPolicy.set_rate(0)`). The EMA time constant defaults to
/// 600 s, llamma-simulator's ETH setting (`example_eth/2_simulate_A.py`, Texp = 600; it decays in base 2, this
/// in base e as `EmaPriceOracle.vy` does). Mainnet markets use other values (REFERENCES-llamma.md: not verified
/// here); set them in the scenario.
public struct SoftLiquidationSpec: MechanismParameters, Equatable {
    public static let mechanism = MechanismName.softLiquidation

    /// The amplification A (each band spans a factor (A − 1)/A of price), an integer ≥ 2.
    public var amplification: Int
    /// Bands per loan: each loan gets N from this range (4 ≤ N ≤ 50), the same N for the same position in
    /// every replication (a hash of the position's index, not a random draw, so mechanisms compared on the same
    /// book see the same loans).
    public var bandsMin: Int
    public var bandsMax: Int
    /// The static swap fee (`fee`), a fraction in [1e−12, min(4/A, 10%)] (AMM.vy MIN_FEE, MAX_FEE).
    public var fee: Double
    /// The admin's share of swap fees (`admin_fee`), 0–1; the rest stays in the bands (the borrowers').
    public var adminFee: Double
    /// `loan_discount`: sets how far below the oracle a loan's bands start (Controller.vy; ≤ 50%).
    public var loanDiscount: Double
    /// `liquidation_discount`: health's margin for hard liquidators (≥ 1%, below the loan discount).
    public var liquidationDiscount: Double
    /// T of the EMA oracle, seconds (30 s to 365 days, EmaPriceOracle.vy).
    public var emaTimeConstantSeconds: Double
    /// The constant borrow rate, a fraction per year (simple accrual, AMM.vy `_rate_mul`): debt and the band
    /// grid both grow by 1 + rate·t.
    public var ratePerYear: Double
    /// How often arbitrageurs and liquidators look at the LLAMMA between oracle posts and blocks, seconds
    /// (default 12 s, one Ethereum slot: the EMA oracle drifts continuously, so a bot polls it).
    public var lookIntervalSeconds: Double

    public init(amplification: Int = 100, bandsMin: Int = 10, bandsMax: Int? = nil, fee: Double = 0.01,
                adminFee: Double = 0, loanDiscount: Double = 0.05, liquidationDiscount: Double = 0.02,
                emaTimeConstantSeconds: Double = 600, ratePerYear: Double = 0, lookIntervalSeconds: Double = 12) {
        self.amplification = amplification
        self.bandsMin = bandsMin
        self.bandsMax = bandsMax ?? bandsMin
        self.fee = fee
        self.adminFee = adminFee
        self.loanDiscount = loanDiscount
        self.liquidationDiscount = liquidationDiscount
        self.emaTimeConstantSeconds = emaTimeConstantSeconds
        self.ratePerYear = ratePerYear
        self.lookIntervalSeconds = lookIntervalSeconds
    }

    /// The most a fee may be for amplification A: min(4/A, 10%) (AMM.vy `set_fee`, MAX_FEE).
    public static func maxFee(amplification a: Int) -> Double { min(4 / Double(a), 0.1) }

    /// Bands of loan `k`: bandsMin + h(k) mod (bandsMax − bandsMin + 1), h a SplitMix64 hash.
    public func bands(forLoan k: Int) -> Int {
        let width = bandsMax - bandsMin + 1
        guard width > 1 else { return bandsMin }
        return bandsMin + Int(SeedDerivation.mix(UInt64(truncatingIfNeeded: k)) % UInt64(width))
    }

    /// Every out-of-range parameter, keys as `[protocol.liquidation]` spells them.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if amplification < 2 || amplification > 10_000 {
            out.append(ParameterProblem(key: "amplification", message: "found \(amplification), expected an integer in 2...10000"))
        }
        let range = SoftLiquidationLoans.bandCountRange
        if !range.contains(bandsMin) {
            out.append(ParameterProblem(key: "bands_min", message: "found \(bandsMin), expected an integer in 4...50 (Controller.vy MIN_TICKS, MAX_TICKS)"))
        }
        if !range.contains(bandsMax) || bandsMax < bandsMin {
            out.append(ParameterProblem(key: "bands_max", message: "found \(bandsMax), expected an integer in bands_min \(bandsMin)...50"))
        }
        let maxFee = Self.maxFee(amplification: max(amplification, 2))
        if !(fee.isFinite && fee >= 1e-12 && fee <= maxFee) {
            out.append(ParameterProblem(key: "fee", message: "found \(fee), expected a fraction in [1e-12, \(maxFee)] (AMM.vy MIN_FEE, MAX_FEE = min(4/A, 10%))"))
        }
        if let p = ParameterProblem.requireInRange("admin_fee", adminFee, 0...1) { out.append(p) }
        if !(loanDiscount.isFinite && loanDiscount > 0 && loanDiscount <= 0.5) {
            out.append(ParameterProblem(key: "loan_discount", message: "found \(loanDiscount), expected a fraction in (0, 0.5] (Controller.vy MAX_LOAN_DISCOUNT)"))
        }
        if !(liquidationDiscount.isFinite && liquidationDiscount >= 0.01 && liquidationDiscount < loanDiscount) {
            out.append(ParameterProblem(key: "liquidation_discount", message: "found \(liquidationDiscount), expected a fraction ≥ 0.01 (MIN_LIQUIDATION_DISCOUNT) and below loan_discount \(loanDiscount)"))
        }
        if !EMAPriceOracle.timeConstantRange.contains(emaTimeConstantSeconds) {
            out.append(ParameterProblem(key: "ema_time_constant", message: "found \(emaTimeConstantSeconds) s, expected 30 s to 365 days (EmaPriceOracle.vy)"))
        }
        if let p = ParameterProblem.requireInRange("rate_per_year", ratePerYear, 0...10) { out.append(p) }
        if let p = ParameterProblem.requirePositive("look_interval", lookIntervalSeconds) { out.append(p) }
        return out
    }

    /// Loans are created from the starting book; borrowers who act on lending positions have nothing to act
    /// on.
    public func borrowerProblems(_ borrowers: BorrowerSpec) -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if borrowers.enabled {
            out.append(ParameterProblem(key: "borrowers.enabled", message: "found true with mechanism \"soft-liquidation\", expected false: its loans live in the LLAMMA's bands, which borrower reactions do not manage yet"))
        }
        if borrowers.newPositionsPerDay > 0 {
            out.append(ParameterProblem(key: "borrowers.new_positions_per_day", message: "found \(borrowers.newPositionsPerDay) with mechanism \"soft-liquidation\", expected 0: its loans are created from the starting book"))
        }
        return out
    }
}

extension MechanismName {
    /// Curve's LLAMMA soft liquidation.
    public static let softLiquidation = MechanismName(rawValue: "soft-liquidation")
}

extension MechanismSpec {
    /// Soft liquidation with these parameters.
    public static func softLiquidation(_ parameters: SoftLiquidationSpec) -> MechanismSpec { MechanismSpec(parameters) }
}

extension SoftLiquidationSpec: PluggableMechanism {
    func buildRun(_ builder: EngineBuilder) throws -> () throws -> RunResult {
        try builder.build(SoftLiquidationMechanism(spec: self))
    }
}
