extension Engine {
    /// Reference-price metrics, checked at every tick: each asset's minimum and drawdown, oracle deviation and
    /// first pool's minimum price.
    func observeMarket() {
        for a in market.reference.indices {
            recorder.observeReferencePrice(a, referencePrice(a))
            recorder.observeOracleDeviation(a, abs(oracles.prices.collateral[a] / referencePrice(a) - 1))
            observePool(a)
        }
    }

    /// Asset `a`'s first pool's spot price, after any swap on it or at a tick.
    func observePool(_ a: Int) {
        if a < market.venues.count, !market.venues[a].pools.isEmpty {
            recorder.observePoolPrice(a, market.venues[a].pools[0].spotPrice * market.debtPrice)
        }
    }

    /// Realised bad debt (written off by the protocol), USD.
    var realizedBadDebtUSD: Double { lending.ledger.debtWrittenOff * market.debtPrice }

    /// Shortfall of the positions flagged liquidatable and of running auctions at reference prices, USD: the
    /// bad debt that would be realised if they were closed now. Between oracle updates, positions that are
    /// underwater at the reference price but not yet at the oracle price are not counted (the end-of-run
    /// figure scans every position).
    ///
    /// The protocol keeps the flagged positions that are insolvent at reference prices in running sums
    /// (``LendingProtocol/liquidatableShortfall(prices:)``), so this costs O(k log n) for the k positions
    /// that crossed solvency since the last sample, not a walk over the liquidatable backlog.
    func flaggedShortfallUSD() -> Double {
        for a in market.reference.indices { scratchMarketPrices.collateral[a] = referencePrice(a) }
        scratchMarketPrices.debt = market.debtPrice
        lending.refreshInsolvent(prices: scratchMarketPrices)
        return lending.liquidatableShortfall(prices: scratchMarketPrices) + mechanism.unrealizedShortfallUSD(context)
            + lending.deficitDebt * market.debtPrice
    }

    /// Position `p`'s collateral at reference prices, USD.
    func collateralValueUSD(_ p: Int) -> Double {
        var value = 0.0
        for a in market.reference.indices { value += lending.book.collateral(p, a) * referencePrice(a) }
        return value
    }

    /// A time-series row (and the running maximum of bad debt, which every run tracks).
    func onSample() {
        let badDebt = realizedBadDebtUSD + flaggedShortfallUSD()
        recorder.observeBadDebt(badDebt, at: now)
        let totalDebt = (lending.book.outstandingDebt + lending.ledger.debtInAuction) * market.debtPrice
        recorder.observeTotalDebt(totalDebt)
        if recorder.recording.timeSeries {
            var collateralValue = 0.0
            for a in market.reference.indices {
                var held = lending.book.heldCollateral[a]
                mechanism.addCollateralHeld(asset: a, to: &held)
                collateralValue += held * referencePrice(a)
            }
            recorder.appendTimeSeries(TimeSeriesRow(
                timeSeconds: now, referencePrices: market.reference.map { $0.price() }, oraclePrices: oracles.prices.collateral,
                ammPrices: market.venues.indices.map { market.firstPoolPriceUSD($0) },
                totalDebt: totalDebt,
                collateralValue: collateralValue, badDebt: badDebt, liquidations: recorder.metrics.liquidations,
                insuranceFund: lending.insurance.balance * market.debtPrice, baseFeeGwei: chain.baseFeeGwei,
                mempoolSize: chain.mempoolSize))
            mechanism.sampled(context)
        }
        let next = now + spec.sampleIntervalSeconds
        if next <= spec.horizonSeconds { kernel.schedule(.sample, at: next, priority: .bookkeeping) }
    }

    /// End of the run: scans every position once for the unrealised shortfall, values what bots still hold,
    /// and checks conservation one last time (in release builds too).
    func finish() throws -> RunResult {
        if let failure = conservationFailure ?? lending.conservationError() {
            throw SimulationFailure(timeSeconds: now, reason: failure)
        }
        var unrealized = mechanism.unrealizedShortfallUSD(context)
        let debtPrice = market.debtPrice
        let assetCount = market.reference.count
        var unrealizedByAsset = Array(repeating: 0.0, count: assetCount)
        mechanism.addUnrealizedShortfall(byAsset: &unrealizedByAsset, context)
        var insolvent = 0
        for p in 0..<lending.book.count where lending.book.status[p] != .closed {
            let value = collateralValueUSD(p)
            let s = max(0, lending.book.debt[p] * debtPrice - value)
            guard s > 0 else { continue }
            unrealized += s
            insolvent += 1
            if value > 0 {
                for a in 0..<assetCount { unrealizedByAsset[a] += s * (lending.book.collateral(p, a) * referencePrice(a) / value) }
            } else {
                unrealizedByAsset[lending._badDebtAsset(p)] += s
            }
        }
        recorder.finishAssets(realized: lending.ledger.debtWrittenOffByAsset.map { $0 * debtPrice }, unrealized: unrealizedByAsset,
                              endPrices: market.reference.map { $0.price() })
        let realized = realizedBadDebtUSD
        recorder.observeBadDebt(realized + unrealized, at: now)
        var m = recorder.metrics
        m.realizedBadDebt = realized
        m.unrealizedBadDebt = unrealized
        m.badDebt = realized + unrealized
        let insurance = lending.insurance
        // The fund's end balance stands behind the unrealised part; bad debt = covered + net, exactly.
        m.insuranceCovered = insurance.badDebtCovered * debtPrice + min(unrealized, insurance.balance * debtPrice)
        m.badDebtNet = m.badDebt - m.insuranceCovered
        m.keeperIncentives = lending.ledger.keeperIncentives * debtPrice
        m.penaltyIncome = (lending.ledger.penaltiesCollected + lending.ledger.protocolFeesValue) * debtPrice
        m.protocolNetLoss = m.badDebt + m.keeperIncentives - m.penaltyIncome
        let pnl = keepers.results(referencePrices: market.reference.map { $0.price() }, classes: spec.liquidators)
        m.liquidatorProfit = pnl.profit
        m.liquidatorGasSpent = pnl.gas
        var components = LiquidatorPnL()
        for c in pnl.classes { components.add(c.pnl) }
        m.liquidatorPnL = components
        m.inducedLiquidatedDebt = recorder.inducedShare
        var poolCollateral = 0.0
        for a in market.reference.indices { poolCollateral += lending.ledger.collateralToPool[a] * referencePrice(a) }
        m.backstopCollateralValue = poolCollateral
        m.backstopPnL = poolCollateral - m.backstopDebtPaid
        if m.liquidations == 0 { m.cascadeDepth = 0 }
        m.insuranceFundEnd = insurance.balance * debtPrice
        m.insolventPositionsEnd = insolvent
        m.eventsProcessed = kernel.processedCount
        recorder.marketMetrics(into: &m)
        mechanism.finish(&m, context)
        for value in m.values where !value.isFinite {
            throw SimulationFailure(timeSeconds: now, reason: "a metric came out as \(value): \(zip(RunMetrics.names, m.values).filter { !$0.1.isFinite }.map(\.0))")
        }
        recorder.metrics = m
        return RunResult(metrics: m, timeSeries: recorder.timeSeries, liquidations: recorder.liquidations, trace: recorder.trace,
                         assetNames: market.assetNames, worstMomentSeconds: recorder.worstMoment, liquidators: pnl.classes,
                         assets: recorder.assets, loanBands: mechanism.loanBands)
    }
}
