import Foundation

/// A log price split into an unattributed base level plus the log displacement still present from sales of
/// collateral seized by each liquidation generation: log P = base + Σ_g ℓ_g.
///
/// Used for the reference price (base = exogenous path, see ``ReferencePrice``) and for each AMM pool
/// (base = the level set by arbitrage and other non-liquidation flow, see ``ConstantProductPool/attribution``).
/// Forces that erase impact without caring who caused it (decay, arbitrage) scale every ℓ_g by the same
/// factor, so each generation keeps its share of what remains.
public struct ImpactLedger: Sendable, Equatable {
    /// The log price with all attributed impact removed.
    public var baseLogPrice: Double
    /// ℓ_g: log-price displacement still present from sales by generation g (index g). Negative for sales.
    public private(set) var impactByGeneration: ContiguousArray<Double>

    /// Generations beyond this are a runaway loop, not a cascade.
    public static let maxGenerations = 100_000

    public init(baseLogPrice: Double) {
        precondition(baseLogPrice.isFinite, "Base log price \(baseLogPrice), expected a finite number")
        self.baseLogPrice = baseLogPrice
        self.impactByGeneration = []
        impactByGeneration.reserveCapacity(8)
    }

    /// Σ_g ℓ_g.
    public var totalImpact: Double { impactByGeneration.reduce(0, +) }

    /// log P = base + Σ_g ℓ_g.
    public var logPrice: Double { baseLogPrice + totalImpact }

    /// P = exp(base + Σ_g ℓ_g).
    public func price() -> Double { exp(logPrice) }

    /// The price had only generations below `G` sold: exp(base + Σ_{g<G} ℓ_g). G = 0 gives the base price.
    /// - Precondition: G ≥ 0.
    public func counterfactualPrice(belowGeneration G: Int) -> Double {
        precondition(G >= 0, "Generation \(G), expected ≥ 0")
        return exp(baseLogPrice + impactByGeneration.prefix(G).reduce(0, +))
    }

    /// Adds `logMove` to ℓ_generation.
    /// - Complexity: O(1) amortized; the array grows only when a new deepest generation appears.
    public mutating func addImpact(_ logMove: Double, generation: Int) {
        precondition(logMove.isFinite, "Log impact \(logMove), expected a finite number")
        precondition(generation >= 0 && generation < Self.maxGenerations,
                     "Generation \(generation), expected 0 ..< \(Self.maxGenerations)")
        if generation >= impactByGeneration.count {
            impactByGeneration.append(contentsOf: repeatElement(0, count: generation + 1 - impactByGeneration.count))
        }
        impactByGeneration[generation] += logMove
    }

    /// Multiplies every ℓ_g by `factor` (decay, or the attributed part of an arbitrage).
    public mutating func scaleImpacts(by factor: Double) {
        precondition(factor.isFinite, "Impact scale factor \(factor), expected a finite number")
        for g in impactByGeneration.indices { impactByGeneration[g] *= factor }
    }

    /// Applies a log move caused by nobody's liquidations (arbitrage, background flow).
    ///
    /// Approximation: a move against the attributed displacement S = Σℓ_g undoes it pro rata, scaling every
    /// ℓ_g by max(0, (S + move)/S); whatever the move does beyond undoing S (or any move in S's direction)
    /// shifts the base. log P changes by exactly `logMove` either way. Which generation's sale "really" got
    /// arbitraged away is not defined for a constant-product pool; proportional is the neutral choice.
    public mutating func absorbUnattributedMove(_ logMove: Double) {
        precondition(logMove.isFinite, "Log move \(logMove), expected a finite number")
        let s = totalImpact
        var remaining = logMove
        if s != 0, (s > 0) != (logMove > 0), logMove != 0 {
            let factor = max(0, (s + logMove) / s)
            scaleImpacts(by: factor)
            remaining = logMove - (s * factor - s)
        }
        baseLogPrice += remaining
    }
}
