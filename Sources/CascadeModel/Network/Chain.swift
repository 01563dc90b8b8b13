import Stochastic

/// The chain: the mempool and blocks (``Network``), the background demand competing for block space, and the
/// recent-volatility window that drives that demand.
///
/// A class, because executing a block's transactions sends new ones (a keeper reacts to its own fill): those
/// wait in ``deferred`` until the block is done, while ``network`` is busy producing it.
final class Chain<Payload: Sendable & Equatable> {
    private(set) var network: Network<Payload>
    private let stream: RandomStream
    private let demand: BackgroundDemand
    private var stressWindow: RecentReturnWindow
    /// Submissions decided while a block executes; sent after it.
    private var deferred: [(gas: Int, tip: Double, maxFee: Double, onRevert: RevertCost?, sender: Int32, payload: Payload)] = []
    private var inBlock = false
    /// This block's background bids, refilled in place every block.
    private var background: [GasBid] = []

    init(config: NetworkConfig, demand: BackgroundDemand, stream: RandomStream) {
        self.stream = stream
        self.demand = demand
        network = Network(config: config, startTime: 0, stream: stream)
        if case .stochastic(let d) = demand {
            stressWindow = RecentReturnWindow(windowSeconds: d.stressWindowSeconds)
        } else {
            stressWindow = RecentReturnWindow(windowSeconds: 3600)
        }
    }

    var baseFeeGwei: Double { network.baseFeeGwei }
    var nextBlockTime: Double { network.nextBlockTime }
    var mempoolSize: Int { network.mempool.count }
    /// Gas one block can hold.
    var gasLimit: Int { network.config.gasLimit }

    /// Feeds the gas asset's reference price to the window that sets background demand under stress.
    func recordGasAssetPrice(_ price: Double, at now: Double) { stressWindow.record(price, at: now) }

    /// Sends a transaction, or queues it while a block is executing (the mempool is busy then). Gas above
    /// the block limit is rejected when the scenario is read (`ModelSpec.crossProblems`).
    @inline(__always)
    func submit(gas: Int, tip: Double, maxFee: Double, onRevert: RevertCost? = nil, sender: Int32 = -1, payload: Payload, at now: Double) {
        if inBlock {
            deferred.append((gas, tip, maxFee, onRevert, sender, payload))
        } else {
            network.submit(gasUsed: gas, maxPriorityFeeGwei: tip, maxFeeGwei: max(maxFee, tip), at: now, onRevert: onRevert,
                           sender: sender, payload: payload)
        }
    }

    /// Whether public transactions carry nonces (``NetworkConfig/nonceOrder``).
    var nonceOrder: Bool { network.config.nonceOrder }

    /// If `sender`'s next transaction is stuck (its max fee below the base fee), replaces it with both fees
    /// raised by `factor`, the max fee at most `cap`; the mempool refuses a raise under 10%. Returns whether
    /// it replaced.
    @discardableResult
    func bumpStuck(sender: Int32, factor: Double, cap: Double) -> Bool {
        guard let head = network.mempool.head(of: sender), head.maxFeeGwei < network.baseFeeGwei else { return false }
        let maxFee = min(cap, head.maxFeeGwei * factor)
        let tip = min(maxFee, head.maxPriorityFeeGwei * factor)
        return network.mempool.replace(id: head.id, maxPriorityFeeGwei: tip, maxFeeGwei: maxFee)
    }

    /// Produces a block at `now`: background demand and the mempool compete by priority fee; included
    /// transactions run through `execute` (given each its gas cost in USD at `gasTokenUSD`) in block order;
    /// then the submissions made meanwhile are sent.
    @inline(__always)
    func produceBlock(at now: Double, gasTokenUSD: Double, execute: (Payload, Double) -> Bool) -> Block<Payload> {
        // Nothing pending: only which background bids reach the base fee matters, decided without their fees.
        if network.mempool.isEmpty, case .stochastic(let d) = demand,
           let idle = d.idleSummary(stressAbsLogReturn: stressWindow.absLogReturn(at: now), baseFeeGwei: network.baseFeeGwei, stream: stream) {
            return network.idleBlock(at: now, chunkGas: idle.chunkGas, eligible: idle.eligible, offered: idle.offered, stream: stream)
        }
        demand.bids(at: now, stressAbsLogReturn: stressWindow.absLogReturn(at: now), stream: stream, into: &background)
        let base = network.baseFeeGwei
        inBlock = true
        let block = network.produceBlock(at: now, background: background, stream: stream) { tx in
            let tip = tx.effectivePriorityFeeGwei(baseFeeGwei: base)
            let gasUSD = Double(tx.gasUsed) * (base + tip) * 1e-9 * gasTokenUSD
            return execute(tx.payload, gasUSD)
        }
        inBlock = false
        return block
    }

    /// Sends what was submitted while the last block executed, in order.
    @inline(__always)
    func sendDeferred(at now: Double) {
        guard !deferred.isEmpty else { return }
        let queued = deferred
        deferred.removeAll(keepingCapacity: true)
        for s in queued { submit(gas: s.gas, tip: s.tip, maxFee: s.maxFee, onRevert: s.onRevert, sender: s.sender, payload: s.payload, at: now) }
    }
}
