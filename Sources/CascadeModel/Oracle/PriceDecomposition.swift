import Foundation

/// A price split in log space into an exogenous part and the impact of each cascade generation:
/// `log P = exogenousLog + Σ_g impactLog[g]`.
///
/// Generation 0 is the first round of forced selling caused directly by the exogenous move, generation 1 the
/// selling that generation 0's price impact caused, and so on. Oracles carry the decomposition of every price
/// they publish, so a metric can ask "what would the oracle have shown without generations ≥ k"
/// (``counterfactualPrice(belowGeneration:)``). Standalone on purpose: the market may keep its own similar type,
/// and the integrator converts between the two.
public struct PriceDecomposition: Equatable, Sendable, CustomStringConvertible {
    /// Natural log of the exogenous price (the price with no cascade impact).
    public var exogenousLog: Double
    /// Natural-log price impact of each generation, index = generation. Missing entries mean zero impact.
    public var impactLog: [Double]

    public init(exogenousLog: Double, impactLog: [Double] = []) {
        self.exogenousLog = exogenousLog
        self.impactLog = impactLog
    }

    /// A price with no impact part: `exogenousLog = log(price)`.
    /// - Precondition: `price` is finite and > 0.
    public init(exogenousPrice price: Double) {
        precondition(price.isFinite && price > 0, "A price must be finite and > 0, got \(price)")
        self.init(exogenousLog: log(price), impactLog: [])
    }

    /// The price itself, `exp(exogenousLog + Σ impactLog)`.
    public var price: Double { exp(exogenousLog + impactLog.reduce(0, +)) }

    /// The price had generations `generation` and later not happened: `exp(exogenousLog + Σ_{g < generation} ℓ_g)`.
    /// `counterfactualPrice(belowGeneration: 0)` is the exogenous price.
    /// - Precondition: `generation ≥ 0`.
    public func counterfactualPrice(belowGeneration generation: Int) -> Double {
        precondition(generation >= 0, "Generation must be ≥ 0, got \(generation)")
        return exp(exogenousLog + impactLog.prefix(generation).reduce(0, +))
    }

    /// The number of generations with an entry (trailing zeros included).
    public var generationCount: Int { impactLog.count }

    public var description: String {
        "PriceDecomposition(price: \(price), exogenousLog: \(exogenousLog), impactLog: \(impactLog))"
    }
}
