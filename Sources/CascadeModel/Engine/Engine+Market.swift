import Foundation
import SimKernel
import Stochastic

extension Engine {
    /// One exogenous tick: advance the paths, move the reference prices (keeping their impact part), let
    /// impact decay, feed reference-reading oracles, and wake the arbitrageur where a pool drifted outside its
    /// fee band.
    func onTick() throws {
        let dt = spec.tickSeconds
        paths.advance()
        debtPrice = paths.price(asset: debtPathIndex)
        for a in reference.indices {
            let p = paths.price(asset: pathIndex[a])
            guard p.isFinite && p > 0 else {
                throw SimulationFailure(timeSeconds: now, reason: "the \(assetNames[a]) price path produced \(p), expected a finite price > 0")
            }
            reference[a].decay(dt: dt)
            reference[a].setExogenousPrice(p)
        }
        guard debtPrice.isFinite && debtPrice > 0 else {
            throw SimulationFailure(timeSeconds: now, reason: "the debt asset's price path produced \(debtPrice), expected a finite price > 0")
        }
        if oraclePrices.debt != debtPrice {
            // The debt asset's oracle reads its reference price at once (a depeg reaches the protocol directly).
            oraclePrices.debt = debtPrice
            publishRefresh()
        }
        stressWindow.record(reference[gasAssetIndex].price(), at: now)
        for a in oracles.indices where !oracleReadsPool[a] {
            handleOracleEvents(a, oracles[a].observe(decomposition(ofReference: a), at: now, stream: oracleStreams[a]))
        }
        for a in venues.indices {
            for p in venues[a].pools.indices {
                if !liquidity[a].isEmpty {
                    venues[a].withPool(p) { pool in
                        _ = liquidity[a][p].observe(price: reference[a].price(), at: now, pool: &pool)
                    }
                }
                considerArbitrage(a, p)
            }
        }
        recordMarketMetrics()
        let next = now + dt
        if next <= spec.horizonSeconds + 1e-9 * dt { kernel.schedule(.tick, at: next, priority: .exogenous) }
    }

    /// The reference price of asset `a` with its cascade decomposition, for oracles.
    func decomposition(ofReference a: Int) -> PriceDecomposition {
        let r = reference[a]
        return PriceDecomposition(exogenousLog: r.exogenousLogPrice, impactLog: r.impactByGeneration.isEmpty ? [] : Array(r.impactByGeneration))
    }

    /// The spot price of asset `a`'s first pool in USD with its attribution, for AMM-reading oracles.
    func decomposition(ofPool a: Int) -> PriceDecomposition {
        let ledger = venues[a].pools[0].attribution
        let impacts = ledger.impactByGeneration
        return PriceDecomposition(exogenousLog: ledger.baseLogPrice + log(debtPrice), impactLog: impacts.isEmpty ? [] : Array(impacts))
    }

    /// Schedules the arbitrageur for pool `p` of asset `a` when its price is outside the no-arbitrage band
    /// [P·(1 − fee), P/(1 − fee)] around the reference price P.
    func considerArbitrage(_ a: Int, _ p: Int) {
        guard spec.arbitrage.enabled, !arbitragePending[a][p] else { return }
        let pool = venues[a].pools[p]
        let target = reference[a].price() / debtPrice
        let ratio = pool.spotPrice / target
        let band = 1 - pool.fee
        guard ratio < band * (1 - 1e-9) || ratio * band > 1 + 1e-9 else { return }
        arbitragePending[a][p] = true
        let delay = max(0, spec.arbitrage.trader.sampleLatencySeconds(arbitrageStream))
        kernel.schedule(.arbitrageWake(asset: Int32(a), pool: Int32(p)), after: delay, priority: .action)
    }

    /// The arbitrageur sends its trade as a transaction; the size is recomputed at inclusion.
    func onArbitrageWake(_ a: Int, _ p: Int) {
        let tip = spec.arbitrage.priorityFeeGwei
        submit(gas: spec.arbitrage.gasPerTrade, tip: tip, maxFee: network.baseFeeGwei * 2 + tip,
               payload: .arbitrage(asset: Int32(a), pool: Int32(p)))
    }

    /// Executes an arbitrage at inclusion: the profit-maximising trade against the reference price, capped
    /// by capital. Returns whether a trade happened.
    func executeArbitrage(_ a: Int, _ p: Int) -> Bool {
        arbitragePending[a][p] = false
        let target = reference[a].price() / debtPrice
        guard let trade = Arbitrage.optimalTrade(pool: venues[a].pools[p], referencePrice: target, spec: spec.arbitrage.trader) else {
            return false
        }
        let done: Bool = venues[a].withPool(p) { pool in
            (try? pool.swapExactIn(trade.swap.amountIn, trade.swap.direction, generation: nil)) != nil
        }
        if done { poolMoved(a) }
        return done
    }

    /// Sells `amount` of seized collateral of asset `a` on its venue, attributing the price impact on the
    /// pool and on the reference price to `generation`. Returns the USD received (0 if no pool can take it).
    func sellCollateral(_ a: Int, amount: Double, generation: Int) -> Double {
        guard amount > 0 else { return 0 }
        let referenceValue = amount * reference[a].price()
        guard let fill = try? venues[a].swapExactInBestPool(amount, .sellCollateral, generation: generation) else { return 0 }
        reference[a].applySale(usd: referenceValue, generation: generation)
        poolMoved(a)
        for p in venues[a].pools.indices { considerArbitrage(a, p) }
        return fill.quote.amountOut * debtPrice
    }

    /// What selling `amount` of asset `a` would return now, USD, without trading.
    func quoteSale(_ a: Int, amount: Double) -> Double {
        guard amount > 0, let q = venues[a].bestQuoteExactIn(amount, .sellCollateral) else { return 0 }
        return q.quote.amountOut * debtPrice
    }

    /// After any swap on asset `a`'s pools: AMM-reading oracles observe the new spot price.
    func poolMoved(_ a: Int) {
        if oracleReadsPool[a] {
            handleOracleEvents(a, oracles[a].observe(decomposition(ofPool: a), at: now, stream: oracleStreams[a]))
        }
        if a == 0 { metrics.minAMMPrice = min(metrics.minAMMPrice, venues[0].pools[0].spotPrice * debtPrice) }
    }

    /// Reference-price metrics, checked at every tick.
    func recordMarketMetrics() {
        guard !reference.isEmpty else { return }
        let p = reference[0].price()
        metrics.minReferencePrice = min(metrics.minReferencePrice, p)
        peakReference = max(peakReference, p)
        if peakReference > 0 { metrics.maxDrawdown = max(metrics.maxDrawdown, 1 - p / peakReference) }
        for a in reference.indices {
            let deviation = abs(oraclePrices.collateral[a] / reference[a].price() - 1)
            metrics.maxOracleDeviation = max(metrics.maxOracleDeviation, deviation)
        }
        if !venues.isEmpty, !venues[0].pools.isEmpty {
            metrics.minAMMPrice = min(metrics.minAMMPrice, venues[0].pools[0].spotPrice * debtPrice)
        }
    }
}
