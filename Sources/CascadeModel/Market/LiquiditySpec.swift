import Stochastic

/// Liquidity that drains when volatility is high and comes back: `[market.liquidity]`.
public struct LiquiditySpec: Sendable, Equatable {
    /// Trailing window over which realized volatility is measured, seconds.
    public var volatilityWindowSeconds: Double
    /// Annualized realized volatility (1.0 = 100%/yr) above which LPs withdraw.
    public var volatilityThreshold: Double
    /// Fraction of the pool's reserves withdrawn when volatility first exceeds the threshold, in [0, 1).
    public var withdrawalFraction: Double
    /// Seconds for the gap to the target depth to halve once volatility is back below the threshold.
    /// `.infinity` = liquidity never returns.
    public var recoveryHalfLifeSeconds: Double

    public init(volatilityWindowSeconds: Double = 3_600, volatilityThreshold: Double = 1.5,
                withdrawalFraction: Double = 0.3, recoveryHalfLifeSeconds: Double = 21_600) {
        self.volatilityWindowSeconds = volatilityWindowSeconds
        self.volatilityThreshold = volatilityThreshold
        self.withdrawalFraction = withdrawalFraction
        self.recoveryHalfLifeSeconds = recoveryHalfLifeSeconds
    }

    /// Every out-of-range parameter; keys as in `[market.liquidity]`.
    public func validate() -> [ParameterProblem] {
        var problems: [ParameterProblem] = []
        if let p = ParameterProblem.requirePositive("volatility_window_seconds", volatilityWindowSeconds) { problems.append(p) }
        if let p = ParameterProblem.requirePositive("volatility_threshold", volatilityThreshold) { problems.append(p) }
        if !(withdrawalFraction.isFinite && withdrawalFraction >= 0 && withdrawalFraction < 1) {
            problems.append(ParameterProblem(key: "withdrawal_fraction", message: "found \(withdrawalFraction), expected a number in [0, 1)"))
        }
        if !(recoveryHalfLifeSeconds > 0) {
            problems.append(ParameterProblem(key: "recovery_half_life_seconds",
                                             message: "found \(recoveryHalfLifeSeconds), expected a number > 0 (or inf)"))
        }
        return problems
    }
}
