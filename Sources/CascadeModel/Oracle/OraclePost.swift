/// One value an oracle published, with the times that produced it.
public struct OraclePost: Equatable, Sendable {
    /// Order in which the oracle decided its posts; 0 is the value it started with. A delivery that arrives
    /// after a later-decided one is dropped, so consumers never see the feed go back.
    public let sequence: Int
    /// The published price and its exogenous/impact decomposition as of observation.
    public let value: PriceDecomposition
    /// When the published price was observed (seconds). OSM: `delay` before the poke; TWAP: end of the window.
    public let observedAt: Double
    /// When the oracle decided to post (poke, trigger or TWAP update).
    public let decidedAt: Double
    /// When consumers can read it: decision + latency, or inclusion of the round transaction.
    public let publishedAt: Double

    public init(sequence: Int, value: PriceDecomposition, observedAt: Double, decidedAt: Double, publishedAt: Double) {
        self.sequence = sequence
        self.value = value
        self.observedAt = observedAt
        self.decidedAt = decidedAt
        self.publishedAt = publishedAt
    }

    /// The published price.
    public var price: Double { value.price }
}

/// A Chainlink-style round, a Medianizer update or an OSM poke: decided off-chain, effective when its
/// transaction is included.
public struct OracleRound: Equatable, Sendable {
    /// Why a round was triggered: a price deviation or the heartbeat (Chainlink, Medianizer relayers), or
    /// an OSM hop boundary (`poke`).
    public enum Reason: String, Sendable { case deviation, heartbeat, poke }

    /// The oracle's post sequence number this round will carry once published.
    public let id: Int
    /// The price signed at trigger time (Chainlink reports are signed off-chain before transmission).
    public let value: PriceDecomposition
    public let reason: Reason
    /// When the deviation or heartbeat condition fired.
    public let triggeredAt: Double
    /// When the report's transaction is ready for the mempool: trigger + sampled latency.
    public let submitAt: Double
}

/// What an oracle asks the integrator to do, or tells it happened, after a call.
public enum OracleEvent: Equatable, Sendable {
    /// A Chainlink-style round was triggered (information; nothing to do until ``submitRound(_:)``).
    case roundTriggered(OracleRound)
    /// Put the round's transaction in the mempool now; call ``Oracle/roundIncluded(_:at:)`` when a block
    /// includes it.
    case submitRound(OracleRound)
    /// Consumers now read this value (``Oracle/current`` has become it).
    case published(OraclePost)
}
