/// What happened to one included transaction.
public struct Receipt<Payload> {
    public let transaction: Transaction<Payload>
    /// What the integrator's execute callback returned: `false` = reverted (e.g. lost a race), gas still paid.
    public let succeeded: Bool
    /// Gas the transaction used: all of it on success, its revert gas on a revert.
    public let gasUsed: Int
    public let blockNumber: Int
    /// Block time, seconds.
    public let includedAt: Double
    public let baseFeeGwei: Double
    public let effectivePriorityFeeGwei: Double

    public init(transaction: Transaction<Payload>, succeeded: Bool, gasUsed: Int? = nil, blockNumber: Int, includedAt: Double,
                baseFeeGwei: Double, effectivePriorityFeeGwei: Double) {
        self.transaction = transaction
        self.succeeded = succeeded
        self.gasUsed = gasUsed ?? transaction.gasUsed
        self.blockNumber = blockNumber
        self.includedAt = includedAt
        self.baseFeeGwei = baseFeeGwei
        self.effectivePriorityFeeGwei = effectivePriorityFeeGwei
    }

    /// Gas cost in gwei: `gasUsed · (baseFee + effectivePriorityFee)`.
    public var gasPaidGwei: Double { Double(gasUsed) * (baseFeeGwei + effectivePriorityFeeGwei) }

    /// The priority-fee part of the cost, gwei: what the block producer receives (`gasUsed · tip`).
    public var priorityFeePaidGwei: Double { Double(gasUsed) * effectivePriorityFeeGwei }

    /// Gas cost in ETH (1 gwei = 1e-9 ETH).
    public var gasPaidETH: Double { gasPaidGwei * 1e-9 }

    /// Gas cost in USD at the simulated ETH price.
    public func gasPaidUSD(ethPriceUSD: Double) -> Double { gasPaidETH * ethPriceUSD }

    /// Seconds the transaction waited in the mempool.
    public var waitSeconds: Double { includedAt - transaction.submittedAt }
}

extension Receipt: Sendable where Payload: Sendable {}

/// One produced block.
public struct Block<Payload> {
    public let number: Int
    /// Seconds.
    public let time: Double
    /// The base fee every transaction in this block paid, gwei.
    public let baseFeeGwei: Double
    /// Mempool transactions included, in execution order.
    public let receipts: [Receipt<Payload>]
    /// Gas used by included mempool transactions.
    public let transactionGasUsed: Int
    /// Gas used by included background demand.
    public let backgroundGasUsed: Double
    /// Bundles the builder left out because they would have reverted (they left the mempool).
    public let droppedBundles: [Transaction<Payload>]
    /// Bundles not taken in this block (no room, or a fee below the base fee); they target one block only and
    /// left the mempool without running.
    public let expiredBundles: [Transaction<Payload>]
    /// Background demand offered (includable or not).
    public let backgroundGasOffered: Double
    /// The base fee of the next block, from this block's gas used (EIP-1559).
    public let nextBaseFeeGwei: Double

    public var gasUsed: Double { Double(transactionGasUsed) + backgroundGasUsed }
}

extension Block: Sendable where Payload: Sendable {}
