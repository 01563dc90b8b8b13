import Foundation

/// The reference (CEX) price, kept decomposed: log P = log P_exo + Σ_g ℓ_g, where P_exo comes from the
/// exogenous price path and ℓ_g is the log impact still present from selling collateral seized by
/// generation-g liquidations.
public struct ReferencePrice: Sendable, Equatable {
    public let spec: PriceImpactSpec
    /// The decomposition; its base is the exogenous log price.
    public private(set) var ledger: ImpactLedger

    /// - Precondition: `exogenousPrice` finite and > 0.
    public init(exogenousPrice: Double, spec: PriceImpactSpec) {
        precondition(exogenousPrice.isFinite && exogenousPrice > 0, "Exogenous price \(exogenousPrice), expected a finite number > 0")
        self.spec = spec
        self.ledger = ImpactLedger(baseLogPrice: log(exogenousPrice))
    }

    /// log P_exo.
    public var exogenousLogPrice: Double { ledger.baseLogPrice }

    /// ℓ_g by generation g.
    public var impactByGeneration: ContiguousArray<Double> { ledger.impactByGeneration }

    /// P = P_exo·exp(Σ_g ℓ_g).
    public func price() -> Double { ledger.price() }

    /// P_exo·exp(Σ_{g<G} ℓ_g): the price had generations G and deeper not sold. G = 0 is P_exo.
    public func counterfactualPrice(belowGeneration G: Int) -> Double { ledger.counterfactualPrice(belowGeneration: G) }

    /// Moves the exogenous part to the price path's new value; impacts are untouched.
    /// - Precondition: `price` finite and > 0.
    public mutating func setExogenousPrice(_ price: Double) {
        precondition(price.isFinite && price > 0, "Exogenous price \(price), expected a finite number > 0")
        ledger.baseLogPrice = log(price)
    }

    /// Records a sale of `usd` of collateral seized by generation `generation`: ℓ_g += ln(0.9)·usd/V10.
    /// - Precondition: `usd` finite and ≥ 0; generation ≥ 0.
    public mutating func applySale(usd: Double, generation: Int) {
        precondition(usd.isFinite && usd >= 0, "Sale of \(usd) USD, expected a finite number ≥ 0")
        ledger.addImpact(spec.logImpact(ofSellingUSD: usd), generation: generation)
    }

    /// Lets `dt` seconds of decay act: every ℓ_g is multiplied by 2^(−dt/half-life) (nothing if permanent).
    /// - Precondition: `dt` ≥ 0.
    public mutating func decay(dt: Double) {
        precondition(dt >= 0, "Decay over \(dt) seconds, expected ≥ 0")
        let f = spec.decayFactor(dt: dt)
        if f != 1 { ledger.scaleImpacts(by: f) }
    }
}
