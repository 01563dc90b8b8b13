import Foundation
import SimKernel
import Stochastic

extension Engine {
    func noteGeneration(_ g: Int) {
        metrics.cascadeDepth = max(metrics.cascadeDepth, g + 1)
    }

    func addGenerationDebt(_ g: Int, _ usd: Double) {
        while generationDebt.count <= g { generationDebt.append(0) }
        generationDebt[g] += usd
    }

    /// Checks the ledger after a liquidation. Debug builds stop at once (inside the protocol); release builds
    /// remember the failure and the run is reported as failed after the current event.
    func checkConservation() {
        if conservationFailure == nil, let e = lending.conservationError() { conservationFailure = "conservation broken: \(e)" }
    }

    /// Realised bad debt (written off by the protocol), USD.
    var realizedBadDebtUSD: Double { lending.ledger.debtWrittenOff * debtPrice }

    /// Shortfall of the positions flagged liquidatable and of running auctions at reference prices, USD: the
    /// bad debt that would be realised if they were closed now. Between oracle updates, positions that are
    /// underwater at the reference price but not yet at the oracle price are not counted (the end-of-run
    /// figure scans every position).
    ///
    /// The protocol keeps the flagged positions that are insolvent at reference prices in running sums
    /// (``LendingProtocol/liquidatableShortfall(prices:)``), so this costs O(k log n) for the k positions
    /// that crossed solvency since the last sample, not a walk over the liquidatable backlog.
    func flaggedShortfallUSD() -> Double {
        for a in reference.indices { scratchMarketPrices.collateral[a] = reference[a].price() }
        scratchMarketPrices.debt = debtPrice
        lending.refreshInsolvent(prices: scratchMarketPrices)
        return lending.liquidatableShortfall(prices: scratchMarketPrices) + mechanism.unrealizedShortfallUSD(context)
    }

    func shortfallUSD(_ p: Int) -> Double {
        var value = 0.0
        for a in reference.indices { value += lending.book.collateral(p, a) * reference[a].price() }
        return max(0, lending.book.debt[p] * debtPrice - value)
    }

    /// A time-series row (and the running maximum of bad debt, which every run tracks).
    func onSample() {
        let badDebt = realizedBadDebtUSD + flaggedShortfallUSD()
        if badDebt > metrics.maxBadDebt {
            metrics.maxBadDebt = badDebt
            worstMoment = now
        }
        if recording.timeSeries {
            var collateralValue = 0.0
            for a in reference.indices {
                var held = lending.book.heldCollateral[a]
                mechanism.addCollateralHeld(asset: a, to: &held)
                collateralValue += held * reference[a].price()
            }
            timeSeries.append(TimeSeriesRow(
                timeSeconds: now, referencePrices: reference.map { $0.price() }, oraclePrices: oraclePrices.collateral,
                ammPrices: venues.map { ($0.pools.first?.spotPrice ?? .nan) * debtPrice },
                totalDebt: (lending.book.outstandingDebt + lending.ledger.debtInAuction) * debtPrice,
                collateralValue: collateralValue, badDebt: badDebt, liquidations: metrics.liquidations,
                insuranceFund: lending.insurance.balance * debtPrice, baseFeeGwei: network.baseFeeGwei,
                mempoolSize: network.mempool.count))
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
        var insolvent = 0
        for p in 0..<lending.book.count where lending.book.status[p] == .open {
            let s = shortfallUSD(p)
            if s > 0 { unrealized += s; insolvent += 1 }
        }
        let realized = realizedBadDebtUSD
        metrics.realizedBadDebt = realized
        metrics.unrealizedBadDebt = unrealized
        metrics.badDebt = realized + unrealized
        let insurance = lending.insurance
        metrics.badDebtNet = insurance.netBadDebt * debtPrice + max(0, unrealized - insurance.balance * debtPrice)
        if metrics.badDebt > metrics.maxBadDebt {
            metrics.maxBadDebt = metrics.badDebt
            worstMoment = now
        }
        metrics.keeperIncentives = lending.ledger.keeperIncentives * debtPrice
        var profit = 0.0, gas = 0.0
        for bot in bots {
            var heldValue = 0.0
            for a in reference.indices { heldValue += bot.held[a] * reference[a].price() }
            profit += bot.profitUSD + heldValue - bot.gasSpentUSD
            gas += bot.gasSpentUSD
        }
        metrics.liquidatorProfit = profit
        metrics.liquidatorGasSpent = gas
        let totalLiquidated = generationDebt.reduce(0, +)
        metrics.inducedLiquidatedDebt = totalLiquidated > 0 ? generationDebt.dropFirst().reduce(0, +) / totalLiquidated : 0
        if metrics.liquidations == 0 { metrics.cascadeDepth = 0 }
        metrics.insuranceFundEnd = insurance.balance * debtPrice
        metrics.insolventPositionsEnd = insolvent
        metrics.eventsProcessed = kernel.processedCount
        if !metrics.minReferencePrice.isFinite { metrics.minReferencePrice = reference.first?.price() ?? 0 }
        if !metrics.minAMMPrice.isFinite { metrics.minAMMPrice = 0 }
        for value in metrics.values where !value.isFinite {
            throw SimulationFailure(timeSeconds: now, reason: "a metric came out as \(value): \(zip(RunMetrics.names, metrics.values).filter { !$0.1.isFinite }.map(\.0))")
        }
        return RunResult(metrics: metrics, timeSeries: timeSeries, liquidations: liquidationRecords, trace: trace,
                         assetNames: assetNames, worstMomentSeconds: worstMoment)
    }
}
