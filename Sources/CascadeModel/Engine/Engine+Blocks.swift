import SimKernel

extension Engine {
    /// Sends a transaction (queued by the chain while a block executes).
    @inline(__always)
    func submit(gas: Int, tip: Double, maxFee: Double, payload: TxPayload<Mechanism.Action>) {
        chain.submit(gas: gas, tip: tip, maxFee: maxFee, payload: payload, at: now)
    }

    /// Sends a keeper's transaction through its channel (a public revert pays its revert gas, a bundle that
    /// would revert is dropped).
    @inline(__always)
    func submit(_ payload: TxPayload<Mechanism.Action>, by spec: LiquidatorSpec, tip: Double) {
        chain.submit(gas: spec.gasPerAction, tip: tip, maxFee: spec.maxFeeGwei, onRevert: spec.revertCost, payload: payload, at: now)
    }

    /// A bot's transaction, with the tip its gas strategy sets for the expected profit.
    func submitBotAction(_ b: BotID, _ payload: TxPayload<Mechanism.Action>, expectedProfitUSD: Double) {
        let spec = keepers.bots[b.index].spec
        let tip = LiquidatorBot.tipGwei(spec, expectedProfitUSD: expectedProfitUSD, baseFeeGwei: chain.baseFeeGwei,
                                        gasTokenUSD: market.gasTokenPriceUSD)
        submit(payload, by: spec, tip: tip)
    }

    /// Produces a block: background demand and our transactions compete by priority fee; included
    /// transactions execute in block order against the current state; a mined transaction pays gas, reverted
    /// or not; a bundle pays the base fee as gas and its priority fee as the builder payment, and one that
    /// would revert is dropped at no cost. Bots with work left look again after the block.
    func onBlock() throws {
        let gasToken = market.gasTokenPriceUSD
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
