/// Merton (1976) jump-diffusion: GBM plus multiplicative jumps S → J·S arriving as a Poisson process.
///
///     log S(t + dt) = log S(t) + (μ − λκ − σ²/2) dt + σ √dt Z + Σ_{i=1}^{N} log J_i,
///     N ~ Poisson(λ dt),  κ = E[J − 1]
///
/// The drift compensation −λκ makes E[S(T)] = S(0) e^{μT}, as for GBM: μ stays the expected growth rate and
/// the jumps only redistribute it (Merton 1976, "Option pricing when underlying stock returns are
/// discontinuous", J. Financial Economics 3, eq. 2). With the default lognormal J, κ = e^{ζ + s²/2} − 1.
public struct MertonSpec: Sendable, Equatable {
    /// S(0) (`initial_price`).
    public var initialPrice: Double
    /// μ, the annualized expected growth rate of the price, jumps included (`annual_drift`).
    public var annualDrift: Double
    /// σ of the diffusion part, annualized (`annual_volatility`).
    public var annualVolatility: Double
    /// λ, expected jumps per year (`jump_intensity_per_year`).
    public var jumpIntensityPerYear: Double
    /// The distribution of the price multiplier J (`jump_size`); must be positive-valued with a finite
    /// mean. Default lognormal with log-mean −0.1 and log-sd 0.15 (a typical jump is about −10%).
    public var jumpSize: Distribution

    public static let defaultJumpSize = Distribution.lognormal(zeta: -0.1, sigma: 0.15)

    public init(
        initialPrice: Double, annualDrift: Double = 0, annualVolatility: Double,
        jumpIntensityPerYear: Double, jumpSize: Distribution = MertonSpec.defaultJumpSize
    ) {
        self.initialPrice = initialPrice
        self.annualDrift = annualDrift
        self.annualVolatility = annualVolatility
        self.jumpIntensityPerYear = jumpIntensityPerYear
        self.jumpSize = jumpSize
    }

    /// κ = E[J] − 1, the mean relative jump; `nil` when J has no finite mean.
    public var meanRelativeJump: Double? { jumpSize.mean.map { $0 - 1 } }

    /// Problems with the parameters, keyed as the scenario spells them.
    public func validate() -> [ParameterProblem] {
        var out = [
            ParameterProblem.requirePositive("initial_price", initialPrice),
            ParameterProblem.requireFinite("annual_drift", annualDrift),
            ParameterProblem.requireNonNegative("annual_volatility", annualVolatility),
            ParameterProblem.requireNonNegative("jump_intensity_per_year", jumpIntensityPerYear),
        ].compactMap { $0 }
        let distributionProblems = jumpSize.problems
        out += distributionProblems.map { ParameterProblem(key: "jump_size.\($0.parameter)", message: $0.message) }
        if distributionProblems.isEmpty {
            if !Self.isPositiveValued(jumpSize) {
                out.append(ParameterProblem(
                    key: "jump_size",
                    message: "found \(jumpSize.family.rawValue) \(jumpSize.parameterValues), expected a distribution of "
                        + "positive multipliers (lognormal, gamma, exponential, weibull, pareto, beta, chi-squared, "
                        + "flat with min > 0, or constant > 0)"))
            } else if jumpSize.mean == nil || !(jumpSize.mean!.isFinite) {
                out.append(ParameterProblem(
                    key: "jump_size",
                    message: "found \(jumpSize.family.rawValue) with no finite mean, expected a finite E[J] for the "
                        + "drift compensation μ − λ·E[J − 1]"))
            }
        }
        return out
    }

    /// Whether every draw of `d` is > 0 (so log J exists).
    static func isPositiveValued(_ d: Distribution) -> Bool {
        switch d {
        case .lognormal, .gamma, .exponential, .weibull, .pareto, .beta, .chiSquared: return true
        case .constant(let v): return v > 0
        case .flat(let lo, _): return lo > 0
        case .gaussian, .poisson, .bernoulli, .studentT, .laplace, .cauchy, .levy: return false
        }
    }
}
