import SimKernel

extension Engine {
    /// One exogenous tick: the market advances; a debt-price move reaches the protocol at once (unless it
    /// values its debt at par); oracles that
    /// read the reference price observe it; liquidity moves and the arbitrageur looks at the pools.
    func onTick() throws {
        let dt = spec.tickSeconds
        try market.advance(dt: dt, now: now)
        if spec.protocolSpec.debtValuation == .market, oracles.prices.debt != market.debtPrice {
            // The debt asset's oracle reads its reference price at once (a depeg reaches the protocol directly);
            // a protocol that values its debt at par (MakerDAO) never sees it.
            oracles.prices.debt = market.debtPrice
            publishRefresh()
        }
        chain.recordGasAssetPrice(gasTokenPriceUSD, at: now)
        for a in 0..<oracles.count where !oracles.readsPool[a] {
            let asset = AssetIndex(a)
            route(oracle: asset, oracles.observe(asset, market.decomposition(ofReference: a), at: now))
        }
        market.afterTick(now: now, kernel: &kernel)
        observeMarket()
        let next = now + dt
        if next <= spec.horizonSeconds + 1e-9 * dt { kernel.schedule(.tick, at: next, priority: .exogenous) }
    }

    /// The arbitrageur sends its trade for pool `p` of asset `a` as a transaction.
    func onArbitrageWake(_ a: AssetIndex, _ p: PoolID) {
        let tx = market.arbitrageTransaction(baseFeeGwei: chain.baseFeeGwei)
        chain.submit(gas: tx.gas, tip: tx.tip, maxFee: tx.maxFee, payload: .arbitrage(asset: a, pool: p), at: now)
    }

    /// The arbitrage transaction for pool `p` of asset `a` was included.
    func executeArbitrage(_ a: AssetIndex, _ p: PoolID) -> Bool {
        let done = market.executeArbitrage(a, p)
        if done {
            poolMoved(a.index)
            // The pool moved back toward the market: sales that did not pay may pay now.
            keepers.pricesMoved()
        }
        return done
    }

    /// Sells `amount` of seized collateral of asset `a` on its venue, the impact attributed to `generation`.
    /// Returns the USD received (0 if no pool can take it).
    func sellCollateral(_ a: Int, amount: Double, generation: Int) -> Double {
        guard amount > 0, let proceeds = market.sell(a, amount: amount, generation: generation) else { return 0 }
        poolMoved(a)
        for p in market.venues[a].pools.indices { market.considerArbitrage(a, PoolID(p), kernel: &kernel) }
        return proceeds
    }

    /// Buys asset `a` with `usd` on its venue. Returns the collateral received (0 if no pool can take it).
    func buyCollateral(_ a: Int, usd: Double) -> Double {
        guard usd > 0, let amount = market.buy(a, usd: usd) else { return 0 }
        poolMoved(a)
        for p in market.venues[a].pools.indices { market.considerArbitrage(a, PoolID(p), kernel: &kernel) }
        return amount
    }

    /// What buying asset `a` with `usd` would return now, collateral units, without trading (in place).
    func quoteBuy(_ a: Int, usd: Double) -> Double { Self.inPlace(&market) { $0.quoteBuy(a, usd: usd) } }

    /// What selling `amount` of asset `a` would return now, USD, without trading.
    ///
    /// The market is used in place (``inPlace(_:_:)``): a plain `market.quoteSale` on this generic class's
    /// stored struct copied the whole ``Market`` (retaining each of its arrays) on every quote, which made
    /// keepers that value thousands of auction lots per block spend most of their time in retain/release.
    func quoteSale(_ a: Int, amount: Double) -> Double {
        Self.inPlace(&market) { $0.quoteSale(a, amount: amount) }
    }

    /// Market (reference) price of collateral asset `a`, USD, read in place.
    func referencePrice(_ a: Int) -> Double { Self.inPlace(&market) { $0.referencePrice(a) } }

    /// USD price of the gas token, read in place.
    var gasTokenPriceUSD: Double { Self.inPlace(&market) { $0.gasTokenPriceUSD } }

    /// An upper bound on what selling one unit of asset `a` returns, USD: the best pool's spot price after its
    /// fee (a constant-product sale of dx returns y·dx·(1 − f)/(x + dx·(1 − f)) ≤ dx·(1 − f)·y/x).
    func marginalSaleBoundUSD(_ a: Int) -> Double {
        Self.inPlace(&market) { m in
            var best = 0.0
            for pool in m.venues[a].pools { best = max(best, pool.spotPrice * (1 - pool.fee)) }
            return best * m.debtPrice
        }
    }

    /// The lowest pool spot price of asset `a`, debt units, read in place (NaN without a pool): where buying
    /// the asset starts cheapest.
    func bestPoolSpot(_ a: Int) -> Double {
        Self.inPlace(&market) { m in
            var best = Double.nan
            for pool in m.venues[a].pools where !(pool.spotPrice >= best) { best = pool.spotPrice }
            return best
        }
    }

    /// After any swap on asset `a`'s pools: AMM-reading oracles observe the new spot price.
    func poolMoved(_ a: Int) {
        if oracles.readsPool[a] { route(oracle: AssetIndex(a), oracles.observe(AssetIndex(a), market.decomposition(ofPool: a), at: now)) }
        observePool(a)
    }
}
