import Stochastic

/// The scenario parameters of the arbitrageurs who trade AMM pools back to the reference price.
public struct ArbitrageurSpec: Sendable, Equatable {
    /// Seconds from a price gap opening to the arbitrage trade landing; the integrator samples it per
    /// opportunity (``sampleLatencySeconds(_:)``) and schedules the trade.
    public var latency: Distribution
    /// Stablecoin-equivalent capital the arbitrageur can commit to one trade, USD. `.infinity` = unlimited.
    public var capitalUSD: Double
    /// Smallest profit worth a transaction (gas and effort), USD. Trades earning less are skipped.
    public var minProfitUSD: Double

    public init(latency: Distribution = .constant(value: 12), capitalUSD: Double = .infinity, minProfitUSD: Double = 0) {
        self.latency = latency
        self.capitalUSD = capitalUSD
        self.minProfitUSD = minProfitUSD
    }

    /// Every out-of-range parameter; keys as in `[market.arbitrage]`.
    public func validate() -> [ParameterProblem] {
        var problems = latency.problems.map { ParameterProblem(key: "latency.\($0.parameter)", message: $0.message) }
        if problems.isEmpty, let mean = latency.mean, !(mean >= 0) {
            problems.append(ParameterProblem(key: "latency", message: "found mean \(mean) seconds, expected a mean ≥ 0"))
        }
        if !(capitalUSD > 0) {  // +infinity allowed: unlimited capital
            problems.append(ParameterProblem(key: "capital_usd", message: "found \(capitalUSD), expected a number > 0 (or inf)"))
        }
        if !(minProfitUSD.isFinite && minProfitUSD >= 0) {
            problems.append(ParameterProblem(key: "min_profit_usd", message: "found \(minProfitUSD), expected a finite number ≥ 0"))
        }
        return problems
    }

    /// One latency draw in seconds, negative draws (gaussian tails) clamped to 0.
    public func sampleLatencySeconds(_ stream: RandomStream) -> Double {
        max(0, latency.sample(stream))
    }
}
