import SimKernel

extension Engine {
    /// Sends a transaction (queued by the chain while a block executes).
    @inline(__always)
    func submit(gas: Int, tip: Double, maxFee: Double, payload: TxPayload<Mechanism.Action>) {
        chain.submit(gas: gas, tip: tip, maxFee: maxFee, payload: payload, at: now)
    }

    /// Sends keeper `b`'s transaction through its channel (a public revert pays its revert gas, a bundle that
    /// would revert is dropped). Under ``NetworkConfig/nonceOrder`` a public transaction carries the bot's
    /// nonce and a wallet's max fee, 2 · base fee + tip (ethers' `getFeeData`), at most its `max_fee_gwei`.
    @inline(__always)
    func submit(_ payload: TxPayload<Mechanism.Action>, by spec: LiquidatorSpec, bot b: BotID, tip: Double) {
        if chain.nonceOrder && spec.channel == .publicMempool {
            let maxFee = min(spec.maxFeeGwei, 2 * chain.baseFeeGwei + tip)
            chain.submit(gas: spec.gasPerAction, tip: min(tip, maxFee), maxFee: maxFee, onRevert: spec.revertCost,
                         sender: Int32(b.index), payload: payload, at: now)
        } else {
            chain.submit(gas: spec.gasPerAction, tip: tip, maxFee: spec.maxFeeGwei, onRevert: spec.revertCost, payload: payload, at: now)
        }
    }

    /// A bot's transaction, with the tip its gas strategy sets for the expected profit.
    func submitBotAction(_ b: BotID, _ payload: TxPayload<Mechanism.Action>, expectedProfitUSD: Double) {
        let spec = keepers.bots[b.index].spec
        let tip = LiquidatorBot.tipGwei(spec, expectedProfitUSD: expectedProfitUSD, baseFeeGwei: chain.baseFeeGwei,
                                        gasTokenUSD: gasTokenPriceUSD)
        submit(payload, by: spec, bot: b, tip: tip)
    }

    /// After a block, under nonce order: each public keeper whose next transaction is stuck below the new
    /// base fee replaces it with fees × 1.125, up to its `max_fee_gwei` (pymaker `GeometricGasPrice`,
    /// makerdao/pymaker `pymaker/gas.py`: ×1.125 per step, the smallest raise nodes accept as a
    /// replacement); `fee_replacement = "none"` keepers wait for the base fee to come down.
    func bumpStuckTransactions() {
        guard chain.nonceOrder else { return }
        for bot in keepers.bots where bot.spec.channel == .publicMempool && bot.spec.feeReplacement == .bump {
            chain.bumpStuck(sender: Int32(bot.id.index), factor: 1.125, cap: bot.spec.maxFeeGwei)
        }
    }

    /// Produces a block: background demand and our transactions compete by priority fee; included
    /// transactions execute in block order against the current state; a mined transaction pays gas, reverted
    /// or not; a bundle pays the base fee as gas and its priority fee as the builder payment, and one that
    /// would revert is dropped at no cost. Bots with work left look again after the block.
    func onBlock() throws {
        let gasToken = gasTokenPriceUSD
        let block = chain.produceBlock(at: now, gasTokenUSD: gasToken) { payload, gasUSD in execute(payload, gasUSD: gasUSD) }
        for receipt in block.receipts {
            guard let b = receipt.transaction.payload.bot else { continue }
            let paid = receipt.gasPaidETH * gasToken
            if receipt.transaction.onRevert == .dropped {
                let builder = receipt.priorityFeePaidGwei * 1e-9 * gasToken
                keepers.paid(b, gasUSD: paid - builder, builderUSD: builder, succeeded: true)
            } else {
                keepers.paid(b, gasUSD: paid, builderUSD: 0, succeeded: receipt.succeeded)
            }
            if !receipt.succeeded { recorder.metrics.failedLiquidationTxs += 1 }
        }
        for tx in block.droppedBundles {
            if let b = tx.payload.bot { keepers.keepWorking(b) }
        }
        // An expired bundle never ran: its sender gets back what sending it reserved, and bids again.
        for tx in block.expiredBundles {
            guard case .keeper(let b, let action) = tx.payload else { continue }
            mechanism.withdrawn(action, bot: b, context)
            keepers.keepWorking(b)
        }
        recorder.metrics.droppedBundles += block.droppedBundles.count
        chain.sendDeferred(at: now)
        bumpStuckTransactions()
        keepers.afterBlock(hasWork: mechanism.hasKeeperWork(context), baseFeeGwei: chain.baseFeeGwei, kernel: &kernel)
        if let failure = conservationFailure { throw SimulationFailure(timeSeconds: now, reason: failure) }
        if chain.nextBlockTime <= spec.horizonSeconds { kernel.schedule(.block, at: chain.nextBlockTime, priority: .settlement) }
    }

    /// Executes one included transaction, routed to the component it addresses; returns false when it reverts.
    func execute(_ payload: TxPayload<Mechanism.Action>, gasUSD: Double) -> Bool {
        switch payload {
        case .oracleRound(let a, let round):
            route(oracle: a, oracles.roundIncluded(a, round: Int(round), at: now))
            return true
        case .arbitrage(let a, let p):
            return executeArbitrage(a, p)
        case .keeper(let b, let action):
            return mechanism.execute(action, bot: b, gasUSD: gasUSD, context)
        }
    }
}
