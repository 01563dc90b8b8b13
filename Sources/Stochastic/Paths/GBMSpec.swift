/// Geometric Brownian motion dS = μ S dt + σ S dW, stepped exactly:
///
///     S(t + dt) = S(t) · exp((μ − σ²/2) dt + σ √dt Z),   Z ~ N(0, 1),  dt in years = seconds / (365·86400)
///
/// so that E[S(T)] = S(0) e^{μT} at any tick size (Glasserman 2003, *Monte Carlo Methods in Financial
/// Engineering*, §3.2.1).
public struct GBMSpec: Sendable, Equatable {
    /// S(0) in the quote currency (`initial_price`).
    public var initialPrice: Double
    /// μ, the annualized drift of the price (not of its log) (`annual_drift`).
    public var annualDrift: Double
    /// σ, the annualized volatility of log returns (`annual_volatility`); 0 gives a deterministic path.
    public var annualVolatility: Double

    public init(initialPrice: Double, annualDrift: Double = 0, annualVolatility: Double) {
        self.initialPrice = initialPrice
        self.annualDrift = annualDrift
        self.annualVolatility = annualVolatility
    }

    /// Problems with the parameters, keyed as the scenario spells them.
    public func validate() -> [ParameterProblem] {
        [
            ParameterProblem.requirePositive("initial_price", initialPrice),
            ParameterProblem.requireFinite("annual_drift", annualDrift),
            ParameterProblem.requireNonNegative("annual_volatility", annualVolatility),
        ].compactMap { $0 }
    }
}
