import Stochastic

/// One collateral asset of the lending protocol and its risk parameters (Aave v3 reserve configuration).
///
/// All ratios are plain fractions (0.8, not 8000 bps). Amounts are in the asset's own units; prices are in
/// USD per unit and come from the oracle, never from here.
public struct CollateralAsset: Sendable, Equatable {
    /// The asset's name as the scenario file and the CSV snapshot spell it (`"ETH"`).
    public var name: String
    /// Loan-to-value: the largest debt value / collateral value at which new borrowing is allowed.
    public var loanToValue: Double
    /// Liquidation threshold LT: the collateral weight in the health factor.
    public var liquidationThreshold: Double
    /// Liquidation bonus i: a liquidator repaying x receives collateral worth x·(1 + i) (Aave's 10500 = 0.05).
    public var liquidationBonus: Double
    /// The most debt (USD) that positions may borrow against this asset; `.infinity` for none.
    public var debtCeilingUSD: Double

    public init(name: String, loanToValue: Double, liquidationThreshold: Double, liquidationBonus: Double,
                debtCeilingUSD: Double = .infinity) {
        self.name = name
        self.loanToValue = loanToValue
        self.liquidationThreshold = liquidationThreshold
        self.liquidationBonus = liquidationBonus
        self.debtCeilingUSD = debtCeilingUSD
    }

    /// Every out-of-range parameter, keys as `[[protocol.collateral]]` spells them.
    ///
    /// Aave v3 `ValidationLogic`/`PoolConfigurator` require LTV ≤ LT and LT·(1 + bonus) ≤ 1 for a *new*
    /// reserve; Cascade deliberately drops the second rule because the toxic-spiral scenario needs
    /// LT·(1 + i) > 1 (Warmuz et al. 2022). It keeps 0 < LTV ≤ LT < 1.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if name.isEmpty || name.contains(",") || name.contains("\"") {
            out.append(ParameterProblem(key: "name", message: "found \"\(name)\", expected a non-empty name without commas or quotes"))
        }
        if !(loanToValue.isFinite && loanToValue > 0 && loanToValue < 1) {
            out.append(ParameterProblem(key: "ltv", message: "found \(loanToValue), expected a number in (0, 1)"))
        }
        if !(liquidationThreshold.isFinite && liquidationThreshold > 0 && liquidationThreshold < 1) {
            out.append(ParameterProblem(key: "liquidation_threshold", message: "found \(liquidationThreshold), expected a number in (0, 1)"))
        } else if loanToValue.isFinite && loanToValue > liquidationThreshold {
            out.append(ParameterProblem(key: "ltv", message: "found \(loanToValue) > liquidation_threshold \(liquidationThreshold), expected ltv ≤ liquidation_threshold"))
        }
        if !(liquidationBonus.isFinite && liquidationBonus >= 0 && liquidationBonus < 1) {
            out.append(ParameterProblem(key: "liquidation_bonus", message: "found \(liquidationBonus), expected a number in [0, 1)"))
        }
        if !(debtCeilingUSD > 0) || debtCeilingUSD.isNaN {
            out.append(ParameterProblem(key: "debt_ceiling_usd", message: "found \(debtCeilingUSD), expected a number > 0 (or omitted for none)"))
        }
        return out
    }
}
