import Stochastic

/// The block space market: a mempool, block production on a clock, and the EIP-1559 base fee.
///
/// Driving protocol: schedule a block event at ``nextBlockTime`` (priority `.settlement`, after the actions of
/// the same instant); when it fires, call ``produceBlock(at:background:stream:execute:)`` with this block's
/// background demand, then schedule the next one at the new ``nextBlockTime``. Submit transactions any time with
/// ``submit(gasUsed:maxPriorityFeeGwei:maxFeeGwei:at:payload:)``; the returned block's receipts say which were
/// included (and whether they succeeded) — route each to its owner (e.g. ``Oracle/roundIncluded(_:at:)``).
public struct Network<Payload> {
    public let config: NetworkConfig
    public var mempool = Mempool<Payload>()
    /// The base fee the next block will charge, gwei.
    public private(set) var baseFeeGwei: Double
    /// Number of the next block (the first is 1).
    public private(set) var nextBlockNumber = 1
    /// When the next block is due, seconds.
    public private(set) var nextBlockTime: Double

    /// - Parameter stream: draws the first gap when production is `.poisson` (the "network" stream).
    public init(config: NetworkConfig = NetworkConfig(), startTime: Double = 0, stream: RandomStream? = nil) {
        let problems = config.validate()
        precondition(problems.isEmpty, "Invalid network: \(problems)")
        self.config = config
        baseFeeGwei = config.initialBaseFeeGwei
        nextBlockTime = startTime
        nextBlockTime = startTime + gap(stream)
    }

    /// Puts a transaction in the mempool and returns its id.
    @discardableResult
    public mutating func submit(gasUsed: Int, maxPriorityFeeGwei: Double, maxFeeGwei: Double, at time: Double,
                                onRevert: RevertCost? = nil, sender: Int32 = -1, payload: Payload) -> UInt64 {
        precondition(gasUsed <= config.gasLimit, "Transaction gas \(gasUsed) exceeds the block gas limit \(config.gasLimit)")
        return mempool.submit(gasUsed: gasUsed, maxPriorityFeeGwei: maxPriorityFeeGwei, maxFeeGwei: maxFeeGwei,
                              at: time, onRevert: onRevert, sender: sender, payload: payload)
    }

    /// Builds the block due at `time`: takes includable transactions and background bids by effective priority
    /// fee (descending; ties: mempool before background, mempool by submission order) while gas remains. A
    /// transaction that does not fit in the remaining gas is skipped and the next considered (geth's miner does
    /// the same); background bids are divisible and fill what is left. Each transaction that fits is handed to
    /// `execute` in block order, whose result (`false` = reverted) goes into its receipt. A reverted public
    /// transaction is mined and pays its revert gas (``RevertCost/gas(_:)``), the rest of its gas left to
    /// others; a reverted bundle (``RevertCost/dropped``) is left out: no receipt, no gas, no block space,
    /// listed in ``Block/droppedBundles``. Either way it leaves the mempool. A bundle is valid for one block
    /// (Flashbots bundles name their target block): one not taken in this block, for want of space or fee,
    /// leaves the mempool too (``Block/expiredBundles``), and its sender bids again.
    /// Background demand not included is dropped: other users' demand is drawn afresh for every block.
    /// Then updates the base fee (EIP-1559) and the next block time.
    /// - Precondition: `time == nextBlockTime` (blocks are not skipped) — within 1e-9 s.
    public mutating func produceBlock(at time: Double, background: [GasBid] = [], stream: RandomStream? = nil,
                                      execute: (Transaction<Payload>) throws -> Bool) rethrows -> Block<Payload> {
        precondition(abs(time - nextBlockTime) <= 1e-9, "Block due at \(nextBlockTime), produced at \(time)")
        let base = baseFeeGwei
        if mempool.isEmpty, let idle = idleBlock(at: time, background: background, stream: stream) { return idle }
        var txs = mempool.inclusionOrder(baseFeeGwei: base)
        // Nonce order: a sender's transaction waits for its lower nonces, in this block or a later one; a head
        // priced below the base fee holds back everything after it. Held transactions are released, at their
        // own priority, once their predecessor is taken.
        var expectedNonce: [Int32: UInt32] = [:]
        var held: [Int32: [Transaction<Payload>]] = [:]
        let ordered = txs.contains { $0.sender >= 0 }
        if ordered {
            for tx in mempool.pending where tx.sender >= 0 {
                expectedNonce[tx.sender] = min(expectedNonce[tx.sender] ?? .max, tx.nonce)
            }
        }
        // Each bid's tip computed once; sorted by tip descending, ties in demand order (what a stable sort on the
        // tip alone gives). A block has a few dozen bids at most: insertion sort, into one preallocated array.
        var bids: [(tip: Double, gas: Double)] = []
        bids.reserveCapacity(background.count)
        for b in background where b.gas > 0 && b.maxFeeGwei >= base {
            let entry = (tip: b.effectivePriorityFeeGwei(baseFeeGwei: base), gas: b.gas)
            var k = bids.count
            bids.append(entry)
            while k > 0 && bids[k - 1].tip < entry.tip {
                bids[k] = bids[k - 1]
                k -= 1
            }
            bids[k] = entry
        }
        var remaining = Double(config.gasLimit)
        var receipts: [Receipt<Payload>] = []
        // Transactions that leave the mempool with this block: run (mined or dropped), or expired bundles.
        var leaving = Set<UInt64>()
        var txGas = 0
        var bgGas = 0.0
        var dropped: [Transaction<Payload>] = []
        var i = 0, j = 0
        while remaining > 0 && (i < txs.count || j < bids.count) {
            let txTip = i < txs.count ? txs[i].effectivePriorityFeeGwei(baseFeeGwei: base) : -.infinity
            let bidTip = j < bids.count ? bids[j].tip : -.infinity
            if i < txs.count && txTip >= bidTip {
                let tx = txs[i]
                i += 1
                if ordered && tx.sender >= 0 && tx.nonce != expectedNonce[tx.sender] {
                    held[tx.sender, default: []].append(tx)
                    continue
                }
                guard Double(tx.gasUsed) <= remaining else { continue }
                leaving.insert(tx.id)
                if ordered && tx.sender >= 0 {
                    // The next nonce may go now: put it back in the order at its priority.
                    expectedNonce[tx.sender] = tx.nonce + 1
                    if let k = held[tx.sender]?.firstIndex(where: { $0.nonce == tx.nonce + 1 }) {
                        let next = held[tx.sender]!.remove(at: k)
                        let tip = next.effectivePriorityFeeGwei(baseFeeGwei: base)
                        var at = i
                        while at < txs.count && txs[at].effectivePriorityFeeGwei(baseFeeGwei: base) >= tip { at += 1 }
                        txs.insert(next, at: at)
                    }
                }
                let ok = try execute(tx)
                let used: Int
                switch (ok, tx.onRevert) {
                case (true, _): used = tx.gasUsed
                case (false, .gas(let g)): used = g
                case (false, .dropped):
                    dropped.append(tx)
                    continue
                }
                remaining -= Double(used)
                txGas += used
                receipts.append(Receipt(transaction: tx, succeeded: ok, gasUsed: used, blockNumber: nextBlockNumber, includedAt: time,
                                        baseFeeGwei: base, effectivePriorityFeeGwei: txTip))
            } else {
                let take = min(bids[j].gas, remaining)
                remaining -= take
                bgGas += take
                j += 1
            }
        }
        // Bundles target one block: those not taken in this one expire.
        var expired: [Transaction<Payload>] = []
        for tx in mempool.pending where tx.onRevert == .dropped && !leaving.contains(tx.id) {
            expired.append(tx)
            leaving.insert(tx.id)
        }
        mempool.remove(ids: leaving)
        return seal(at: time, receipts: receipts, transactionGas: txGas, backgroundGas: bgGas, dropped: dropped, expired: expired,
                    backgroundOffered: background.reduce(0) { $0 + max(0, $1.gas) }, stream: stream)
    }

    /// Closes the block being produced: EIP-1559's next base fee from the gas it used, the block record, and
    /// the chain advanced to the next slot.
    private mutating func seal(at time: Double, receipts: [Receipt<Payload>], transactionGas txGas: Int, backgroundGas bgGas: Double,
                               dropped: [Transaction<Payload>], expired: [Transaction<Payload>], backgroundOffered: Double,
                               stream: RandomStream?) -> Block<Payload> {
        let base = baseFeeGwei
        let next = BaseFee.next(baseFeeGwei: base, gasUsed: Double(txGas) + bgGas, gasTarget: Double(config.gasTarget),
                                denominator: config.baseFeeChangeDenominator)
        let block = Block(number: nextBlockNumber, time: time, baseFeeGwei: base, receipts: receipts,
                          transactionGasUsed: txGas, backgroundGasUsed: bgGas, droppedBundles: dropped, expiredBundles: expired,
                          backgroundGasOffered: backgroundOffered, nextBaseFeeGwei: next)
        baseFeeGwei = next
        nextBlockNumber += 1
        nextBlockTime = time + gap(stream)
        _checkInvariants()
        return block
    }

    /// A block with no transaction of ours: only other users' bids fill it, which the general path would take
    /// in priority-fee order up to the gas limit. When every eligible bid offers the same gas (the chunks of
    /// ``StochasticDemand`` and ``ReplayedDemand``), the gas used does not depend on that order, so it is
    /// summed here with no sort, no receipt and no allocation: the same additions in the same amounts, so the
    /// same base fee to the last bit. Nil (use the general path) when the eligible bids differ in gas.
    private mutating func idleBlock(at time: Double, background: [GasBid], stream: RandomStream?) -> Block<Payload>? {
        let base = baseFeeGwei
        var gas = 0.0, eligible = 0, offered = 0.0
        for b in background {
            offered += max(0, b.gas)
            guard b.gas > 0 && b.maxFeeGwei >= base else { continue }
            if eligible == 0 { gas = b.gas } else if b.gas != gas { return nil }
            eligible += 1
        }
        return idleBlock(at: time, chunkGas: gas, eligible: eligible, offered: offered, stream: stream)
    }

    /// A block with no transaction pending whose background demand is `eligible` bids of `chunkGas` each whose
    /// max fee reaches the base fee, of `offered` gas in all (``StochasticDemand/idleSummary(stressAbsLogReturn:baseFeeGwei:stream:)``):
    /// what ``produceBlock(at:background:stream:execute:)`` makes of those bids.
    /// - Precondition: the mempool is empty.
    public mutating func idleBlock(at time: Double, chunkGas gas: Double, eligible: Int, offered: Double,
                                   stream: RandomStream?) -> Block<Payload> {
        precondition(mempool.isEmpty, "An idle block with \(mempool.count) transactions pending")
        precondition(abs(time - nextBlockTime) <= 1e-9, "Block due at \(nextBlockTime), produced at \(time)")
        var remaining = Double(config.gasLimit)
        var used = 0.0
        for _ in 0..<eligible where remaining > 0 {
            let take = min(gas, remaining)
            remaining -= take
            used += take
        }
        return seal(at: time, receipts: [], transactionGas: 0, backgroundGas: used, dropped: [], expired: [],
                    backgroundOffered: offered, stream: stream)
    }

    /// ``produceBlock(at:background:stream:execute:)`` with every transaction succeeding.
    @discardableResult
    public mutating func produceBlock(at time: Double, background: [GasBid] = [], stream: RandomStream? = nil) -> Block<Payload> {
        produceBlock(at: time, background: background, stream: stream, execute: { _ in true })
    }

    private func gap(_ stream: RandomStream?) -> Double {
        switch config.blockProduction {
        case .fixed:
            return config.blockTimeSeconds
        case .poisson:
            guard let stream else { preconditionFailure("Poisson block production needs the network's RandomStream") }
            return stream.exponential(mean: config.blockTimeSeconds)
        }
    }
}

extension Network: Sendable where Payload: Sendable {}
