import Foundation
import SimKernel
import Stochastic

extension Engine {
    /// Sends a transaction, or queues it while a block is executing (the mempool is busy then). Gas above
    /// the block limit is rejected when the scenario is read (`ModelSpec.crossProblems`).
    @inline(__always)
    func submit(gas: Int, tip: Double, maxFee: Double, payload: TxPayload<Mechanism.Action>) {
        if inBlock {
            deferredSubmissions.append((gas, tip, maxFee, payload))
        } else {
            network.submit(gasUsed: gas, maxPriorityFeeGwei: tip, maxFeeGwei: max(maxFee, tip), at: now, payload: payload)
        }
    }

    /// A bot's transaction, with the tip its gas strategy sets for the expected profit.
    func submitBotAction(_ b: Int, _ payload: TxPayload<Mechanism.Action>, expectedProfitUSD: Double) {
        let bot = bots[b]
        let tip = bot.tipGwei(expectedProfitUSD: expectedProfitUSD, baseFeeGwei: network.baseFeeGwei, gasTokenUSD: gasTokenPriceUSD)
        submit(gas: bot.spec.gasPerAction, tip: tip, maxFee: bot.spec.maxFeeGwei, payload: payload)
    }

    /// Produces a block: background demand and our transactions compete by priority fee; included
    /// transactions execute in block order against the current state; everyone pays gas, reverted or not.
    func onBlock() throws {
        let background = spec.demand.bids(at: now, stressAbsLogReturn: stressWindow.absLogReturn(at: now), stream: networkStream)
        let base = network.baseFeeGwei
        let gasToken = gasTokenPriceUSD
        inBlock = true
        let block = network.produceBlock(at: now, background: background, stream: networkStream) { tx in
            let tip = tx.effectivePriorityFeeGwei(baseFeeGwei: base)
            let gasUSD = Double(tx.gasUsed) * (base + tip) * 1e-9 * gasToken
            return execute(tx.payload, gasUSD: gasUSD)
        }
        inBlock = false
        for receipt in block.receipts {
            guard let b = receipt.transaction.payload.bot else { continue }
            bots[b].gasSpentUSD += receipt.gasPaidETH * gasToken
            if !receipt.succeeded { metrics.failedLiquidationTxs += 1 }
        }
        let queued = deferredSubmissions
        deferredSubmissions.removeAll(keepingCapacity: true)
        for s in queued { submit(gas: s.gas, tip: s.tip, maxFee: s.maxFee, payload: s.payload) }
        if let failure = conservationFailure { throw SimulationFailure(timeSeconds: now, reason: failure) }
        if network.nextBlockTime <= spec.horizonSeconds { kernel.schedule(.block, at: network.nextBlockTime, priority: .settlement) }
    }

    /// Executes one included transaction, routed to the component it addresses; returns false when it reverts.
    func execute(_ payload: TxPayload<Mechanism.Action>, gasUSD: Double) -> Bool {
        switch payload {
        case .oracleRound(let a, let round):
            handleOracleEvents(Int(a), oracles[Int(a)].roundIncluded(Int(round), at: now, stream: oracleStreams[Int(a)]))
            return true
        case .arbitrage(let a, let p):
            return executeArbitrage(Int(a), Int(p))
        case .keeper(let b, let action):
            return mechanism.execute(action, bot: Int(b), gasUSD: gasUSD, context)
        }
    }
}
