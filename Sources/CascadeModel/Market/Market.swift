import Foundation
import SimKernel
import Stochastic

/// The market: the exogenous price paths, each collateral asset's reference price (exogenous × the remaining
/// impact of liquidation sales), its venues (constant-product pools) with their liquidity dynamics, and the
/// arbitrageur who keeps the pools near the reference price.
///
/// It owns this state and handles its own events (ticks of the paths, arbitrage wake-ups and trades); the
/// engine routes what follows from them (an AMM-reading oracle observes a pool after a swap).
struct Market {
    private(set) var paths: MultiAssetPaths
    /// Path index of each collateral asset (protocol order), and of the debt asset.
    let pathIndex: [Int]
    let debtPathIndex: Int
    /// Collateral asset names, in protocol order.
    let assetNames: [String]
    private(set) var reference: [ReferencePrice]
    private(set) var venues: [Venue]
    private var liquidity: [[LiquidityDynamics]]
    private var arbitragePending: [[Bool]]
    private let arbitrageStream: RandomStream
    private let arbitrage: ModelSpec.ArbitrageSettings
    /// Reference price of the debt asset, USD.
    private(set) var debtPrice: Double
    /// The collateral asset whose reference price converts gas (paid in it) to USD.
    let gasAssetIndex: Int

    /// The paths at t = 0 and pools at the reference price. - Throws: when a pool cannot be built or a
    /// collateral asset has no path (validated earlier: an inconsistent spec built in code).
    init(spec: ModelSpec, plan: PricePathPlan, streams: StreamFactory) throws {
        let initialPaths = try MultiAssetPaths(plan: plan, streams: streams)
        paths = initialPaths
        let collateral = spec.protocolSpec.collateral
        let names = collateral.map(\.name)
        assetNames = names
        let indices = try collateral.map { c in
            guard let i = plan.assetNames.firstIndex(of: c.name) else {
                throw SimulationFailure(timeSeconds: 0, reason: "collateral \(c.name) has no price path")
            }
            return i
        }
        pathIndex = indices
        debtPathIndex = plan.debtAssetIndex
        let initialDebtPrice = initialPaths.price(asset: plan.debtAssetIndex)
        debtPrice = initialDebtPrice
        let impact = spec.impact ?? PriceImpactSpec(volumeFor10PctMoveUSD: .infinity)
        let references = indices.map { ReferencePrice(exogenousPrice: initialPaths.price(asset: $0), spec: impact) }
        reference = references

        // Pools start at the reference price.
        var venues: [Venue] = []
        var liquidity: [[LiquidityDynamics]] = []
        for (a, name) in names.enumerated() {
            let pools = try spec.pools.filter { $0.asset == name }.map {
                try $0.pool.makePool(initialReferencePrice: references[a].price() / initialDebtPrice)
            }
            venues.append(Venue(pools: pools))
            liquidity.append(spec.liquidity.map { l in pools.map { LiquidityDynamics(spec: l, targetLiquidity: $0.liquidity) } } ?? [])
        }
        self.venues = venues
        self.liquidity = liquidity
        arbitragePending = venues.map { Array(repeating: false, count: $0.pools.count) }
        arbitrageStream = try streams.stream("arbitrage")
        arbitrage = spec.arbitrage
        gasAssetIndex = spec.gasAsset.flatMap { names.firstIndex(of: $0) } ?? 0
    }

    /// Reference price of collateral asset `a`, USD.
    func referencePrice(_ a: Int) -> Double { reference[a].price() }

    /// USD price of the gas token: the reference price of the gas asset.
    var gasTokenPriceUSD: Double { reference[gasAssetIndex].price() }

    // MARK: Ticks

    /// The paths advance one tick of `dt` seconds: the debt price and each reference price move (keeping
    /// their impact part, which decays). - Throws: ``SimulationFailure`` on a non-finite or non-positive price.
    mutating func advance(dt: Double, now: Double) throws {
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
    }

    /// After a tick: liquidity drains or recovers toward the reference price's regime, and the arbitrageur is
    /// woken where a pool drifted outside its fee band.
    mutating func afterTick(now: Double, kernel: inout EventKernel<SimEvent>) {
        for a in venues.indices {
            for p in venues[a].pools.indices {
                if !liquidity[a].isEmpty {
                    let price = reference[a].price()
                    venues[a].withPool(p) { pool in
                        _ = liquidity[a][p].observe(price: price, at: now, pool: &pool)
                    }
                }
                considerArbitrage(a, PoolID(p), kernel: &kernel)
            }
        }
    }

    // MARK: Arbitrage

    /// Schedules the arbitrageur for pool `p` of asset `a` when its price is outside the no-arbitrage band
    /// [P·(1 − fee), P/(1 − fee)] around the reference price P.
    mutating func considerArbitrage(_ a: Int, _ pool: PoolID, kernel: inout EventKernel<SimEvent>) {
        let p = pool.index
        guard arbitrage.enabled, !arbitragePending[a][p] else { return }
        let pool = venues[a].pools[p]
        let target = reference[a].price() / debtPrice
        let ratio = pool.spotPrice / target
        let band = 1 - pool.fee
        guard ratio < band * (1 - 1e-9) || ratio * band > 1 + 1e-9 else { return }
        arbitragePending[a][p] = true
        let delay = max(0, arbitrage.trader.sampleLatencySeconds(arbitrageStream))
        kernel.schedule(.arbitrageWake(asset: AssetIndex(a), pool: PoolID(p)), after: delay, priority: .action)
    }

    /// The arbitrageur's transaction for pool `p` of asset `a` (its size is recomputed at inclusion):
    /// (gas, priority fee) to send at base fee `baseFeeGwei`.
    func arbitrageTransaction(baseFeeGwei: Double) -> (gas: Int, tip: Double, maxFee: Double) {
        let tip = arbitrage.priorityFeeGwei
        return (arbitrage.gasPerTrade, tip, baseFeeGwei * 2 + tip)
    }

    /// Executes an arbitrage at inclusion: the profit-maximising trade against the reference price, capped
    /// by capital. Returns whether a trade happened (the pool moved).
    mutating func executeArbitrage(_ asset: AssetIndex, _ pool: PoolID) -> Bool {
        let a = asset.index, p = pool.index
        arbitragePending[a][p] = false
        let target = reference[a].price() / debtPrice
        guard let trade = Arbitrage.optimalTrade(pool: venues[a].pools[p], referencePrice: target, spec: arbitrage.trader) else {
            return false
        }
        return venues[a].withPool(p) { pool in
            (try? pool.swapExactIn(trade.swap.amountIn, trade.swap.direction, generation: nil)) != nil
        }
    }

    // MARK: Sales of seized collateral

    /// Sells `amount` of seized collateral of asset `a` on its best pool, attributing the price impact on the
    /// pool and on the reference price to `generation`. Returns the USD received, or nil if no pool can take
    /// it (nothing moved).
    mutating func sell(_ a: Int, amount: Double, generation: Int) -> Double? {
        let referenceValue = amount * reference[a].price()
        guard let fill = try? venues[a].swapExactInBestPool(amount, .sellCollateral, generation: generation) else { return nil }
        reference[a].applySale(usd: referenceValue, generation: generation)
        return fill.quote.amountOut * debtPrice
    }

    /// Buys asset `a` with `usd` on its best pool (an arbitrageur's leg against a soft-liquidation AMM).
    /// Returns the collateral received, or nil if no pool can take it. A buy moves the pool; the reference
    /// price's impact model covers sales of seized collateral only.
    mutating func buy(_ a: Int, usd: Double) -> Double? {
        guard let fill = try? venues[a].swapExactInBestPool(usd / debtPrice, .buyCollateral, generation: nil) else { return nil }
        return fill.quote.amountOut
    }

    /// What buying asset `a` with `usd` would return now, collateral units, without trading.
    func quoteBuy(_ a: Int, usd: Double) -> Double {
        guard usd > 0, let q = venues[a].bestQuoteExactIn(usd / debtPrice, .buyCollateral) else { return 0 }
        return q.quote.amountOut
    }

    /// What selling `amount` of asset `a` would return now, USD, without trading.
    func quoteSale(_ a: Int, amount: Double) -> Double {
        guard amount > 0, let q = venues[a].bestQuoteExactIn(amount, .sellCollateral) else { return 0 }
        return q.quote.amountOut * debtPrice
    }

    // MARK: What oracles read

    /// The reference price of asset `a` with its cascade decomposition.
    func decomposition(ofReference a: Int) -> PriceDecomposition {
        let r = reference[a]
        return PriceDecomposition(exogenousLog: r.exogenousLogPrice, impactLog: r.impactByGeneration.isEmpty ? [] : Array(r.impactByGeneration))
    }

    /// The spot price of asset `a`'s first pool in USD with its attribution.
    func decomposition(ofPool a: Int) -> PriceDecomposition {
        let ledger = venues[a].pools[0].attribution
        let impacts = ledger.impactByGeneration
        return PriceDecomposition(exogenousLog: ledger.baseLogPrice + log(debtPrice), impactLog: impacts.isEmpty ? [] : Array(impacts))
    }

    /// Spot price of asset `a`'s first pool in USD (NaN without a pool).
    func firstPoolPriceUSD(_ a: Int) -> Double { (venues[a].pools.first?.spotPrice ?? .nan) * debtPrice }
}
