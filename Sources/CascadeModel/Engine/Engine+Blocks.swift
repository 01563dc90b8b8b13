import SimKernel

extension Engine {
    /// Sends a transaction (queued by the chain while a block executes).
    @inline(__always)
    func submit(gas: Int, tip: Double, maxFee: Double, payload: TxPayload<Mechanism.Action>) {
        chain.submit(gas: gas, tip: tip, maxFee: maxFee, payload: payload, at: now)
    }

    /// A bot's transaction, with the tip its gas strategy sets for the expected profit.
    func submitBotAction(_ b: BotID, _ payload: TxPayload<Mechanism.Action>, expectedProfitUSD: Double) {
        let bot = keepers.bots[b.index]
        let tip = bot.tipGwei(expectedProfitUSD: expectedProfitUSD, baseFeeGwei: chain.baseFeeGwei, gasTokenUSD: market.gasTokenPriceUSD)
        submit(gas: bot.spec.gasPerAction, tip: tip, maxFee: bot.spec.maxFeeGwei, payload: payload)
    }

    /// Produces a block: background demand and our transactions compete by priority fee; included
    /// transactions execute in block order against the current state; everyone pays gas, reverted or not.
    func onBlock() throws {
        let gasToken = market.gasTokenPriceUSD
        let block = chain.produceBlock(at: now, gasTokenUSD: gasToken) { payload, gasUSD in execute(payload, gasUSD: gasUSD) }
        for receipt in block.receipts {
            guard let b = receipt.transaction.payload.bot else { continue }
            keepers.paidGas(b, usd: receipt.gasPaidETH * gasToken, succeeded: receipt.succeeded)
            if !receipt.succeeded { recorder.metrics.failedLiquidationTxs += 1 }
        }
        chain.sendDeferred(at: now)
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
