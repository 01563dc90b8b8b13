/// What a transaction costs when its execution reverts.
public enum RevertCost: Sendable, Equatable {
    /// A public transaction: mined with a failed status, paying (and using the block space of) this much gas.
    case gas(Int)
    /// A private bundle (Flashbots-style, all-or-nothing): the builder simulates it and leaves it out when it
    /// would revert, so it costs nothing, uses no block space and leaves the mempool.
    case dropped
}

/// A transaction waiting for, or included in, a block (EIP-1559 type 2 fields, fees in gwei per gas).
///
/// `Payload` is the integrator's small description of what the transaction does (a liquidation, an auction
/// take, an oracle round, an arbitrage); the network never looks inside it.
public struct Transaction<Payload> {
    /// Mempool-assigned, increasing in submission order (so it also breaks priority-fee ties).
    public let id: UInt64
    /// Gas the transaction consumes when it executes successfully.
    public let gasUsed: Int
    /// What a revert costs: the gas used up to the failing check (public), or nothing (a bundle).
    public let onRevert: RevertCost
    /// The most the sender tips the block producer per gas, in gwei (raised only by a replacement).
    public internal(set) var maxPriorityFeeGwei: Double
    /// The most the sender pays per gas in total (base fee + tip), in gwei (raised only by a replacement).
    public internal(set) var maxFeeGwei: Double
    /// The account that sent it, for nonce order; −1: no order (oracle feeds, arbitrage, bundles).
    public let sender: Int32
    /// The sender's nonce: a block includes a sender's transactions in nonce order only.
    public let nonce: UInt32
    /// Simulation time of submission, in seconds.
    public let submittedAt: Double
    public let payload: Payload

    /// - Parameter onRevert: `nil` charges a revert the full `gasUsed`.
    public init(id: UInt64, gasUsed: Int, maxPriorityFeeGwei: Double, maxFeeGwei: Double, submittedAt: Double,
                onRevert: RevertCost? = nil, sender: Int32 = -1, nonce: UInt32 = 0, payload: Payload) {
        self.id = id
        self.sender = sender
        self.nonce = nonce
        self.gasUsed = gasUsed
        self.onRevert = onRevert ?? .gas(gasUsed)
        self.maxPriorityFeeGwei = maxPriorityFeeGwei
        self.maxFeeGwei = maxFeeGwei
        self.submittedAt = submittedAt
        self.payload = payload
    }

    /// Whether the transaction may enter a block with this base fee (EIP-1559: `max_fee_per_gas ≥ base_fee`).
    public func isIncludable(baseFeeGwei: Double) -> Bool { maxFeeGwei >= baseFeeGwei }

    /// The tip actually paid per gas, `min(maxPriorityFee, maxFee − baseFee)` (EIP-1559); producers order by it.
    public func effectivePriorityFeeGwei(baseFeeGwei: Double) -> Double {
        min(maxPriorityFeeGwei, maxFeeGwei - baseFeeGwei)
    }
}

extension Transaction: Sendable where Payload: Sendable {}
extension Transaction: Equatable where Payload: Equatable {}

/// Background (other users') demand competing for one block: `gas` units willing to pay up to the fees
/// given. Divisible: it stands for many small transactions, so a block may take part of it.
public struct GasBid: Equatable, Sendable {
    public var gas: Double
    public var maxPriorityFeeGwei: Double
    public var maxFeeGwei: Double

    public init(gas: Double, maxPriorityFeeGwei: Double, maxFeeGwei: Double) {
        self.gas = gas
        self.maxPriorityFeeGwei = maxPriorityFeeGwei
        self.maxFeeGwei = maxFeeGwei
    }

    /// A pre-EIP-1559 (legacy) bid at `gasPriceGwei`: EIP-1559 treats it as max fee = max tip = gas price.
    public static func legacy(gas: Double, gasPriceGwei: Double) -> GasBid {
        GasBid(gas: gas, maxPriorityFeeGwei: gasPriceGwei, maxFeeGwei: gasPriceGwei)
    }

    public func effectivePriorityFeeGwei(baseFeeGwei: Double) -> Double {
        min(maxPriorityFeeGwei, maxFeeGwei - baseFeeGwei)
    }
}
