/// GARCH(1,1) log returns with standardized Student-t innovations (Bollerslev 1986; Bollerslev 1987 for the
/// t innovations), one recursion step per tick:
///
///     r_n      = m + √h_n · ε_n,    ε_n = t_ν · √((ν − 2)/ν)   (unit variance)
///     h_{n+1}  = ω + α (r_n − m)² + β h_n,     h_0 = ω / (1 − α − β)
///     log S_{n+1} = log S_n + r_n,   m = (annual log drift) · dt
///
/// ω is a variance **per tick** (squared log return over one tick), so the same ω at a different tick is a
/// different process: refit ω when changing the tick. The unconditional variance per tick is ω/(1 − α − β),
/// which needs α + β < 1 (Bollerslev 1986, Theorem 1). No convexity correction is applied to the drift: with
/// t innovations E[e^{√h ε}] is infinite, so the drift is of log price.
public struct GARCHSpec: Sendable, Equatable {
    /// S(0) (`initial_price`).
    public var initialPrice: Double
    /// Annualized drift of log price (`annual_log_drift`), default 0.
    public var annualLogDrift: Double
    /// ω > 0, variance per tick (`omega`).
    public var omega: Double
    /// α ≥ 0, reaction to the last squared shock (`alpha`).
    public var alpha: Double
    /// β ≥ 0, persistence of variance (`beta`).
    public var beta: Double
    /// ν > 2, degrees of freedom of the t innovations (`degrees_of_freedom`).
    public var degreesOfFreedom: Double

    public init(initialPrice: Double, annualLogDrift: Double = 0, omega: Double, alpha: Double, beta: Double,
                degreesOfFreedom: Double) {
        self.initialPrice = initialPrice
        self.annualLogDrift = annualLogDrift
        self.omega = omega
        self.alpha = alpha
        self.beta = beta
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// ω/(1 − α − β), the stationary variance of a tick's log return.
    public var unconditionalVariancePerTick: Double { omega / (1 - alpha - beta) }

    /// Problems with the parameters, keyed as the scenario spells them.
    public func validate() -> [ParameterProblem] {
        var out = [
            ParameterProblem.requirePositive("initial_price", initialPrice),
            ParameterProblem.requireFinite("annual_log_drift", annualLogDrift),
            ParameterProblem.requirePositive("omega", omega),
            ParameterProblem.requireNonNegative("alpha", alpha),
            ParameterProblem.requireNonNegative("beta", beta),
        ].compactMap { $0 }
        if !(degreesOfFreedom.isFinite && degreesOfFreedom > 2) {
            out.append(ParameterProblem(
                key: "degrees_of_freedom",
                message: "found \(degreesOfFreedom), expected a number > 2 (the t innovations need a finite variance)"))
        }
        if alpha.isFinite, beta.isFinite, alpha >= 0, beta >= 0, !(alpha + beta < 1) {
            out.append(ParameterProblem(
                key: "beta",
                message: "found alpha + beta = \(alpha) + \(beta) = \(alpha + beta), expected alpha + beta < 1 "
                    + "(otherwise the variance has no stationary level ω/(1 − α − β) and can explode)"))
        }
        return out
    }
}
