import TestSupport
import XCTest
import Stochastic
@testable import CascadeModel

/// The bots' lazily built menu (a walk of the flagged positions by size, cut off by a profit bound) must list
/// exactly what quoting every flagged position and sorting would: the same offers, in the same order.
final class LiquidationMenuTests: XCTestCase {
    /// Two collateral assets (so positions are ordered by debt) or one (ordered by collateral).
    static func spec(assets: Int, depthUSD: Double) -> ModelSpec {
        var s = SmokeScenario.spec(mechanism: .fixedSpread(FixedSpreadSpec(protocolFeeShare: 0.1)), positions: 3000,
                                   depthUSD: depthUSD)
        guard assets == 2 else { return s }
        let btc = AssetPathSpec(name: "BTC", model: .constant(ConstantPriceSpec(price: 30_000)))
        s.paths = PricePathSetSpec(assets: s.paths.assets + [btc])
        s.pools.append(.init(asset: "BTC", pool: PoolSpec(name: "uni-btc", size: .depthUSD(depthUSD / 2))))
        s.protocolSpec.collateral.append(CollateralAsset(name: "BTC", loanToValue: 0.7, liquidationThreshold: 0.75,
                                                         liquidationBonus: 0.08, debtCeilingUSD: .infinity))
        if case .population(var population) = s.positions {
            population.assetWeights = [0.6, 0.4]
            population.mix = .basket
            s.positions = .population(population)
        }
        s.oracles.append(OracleConfig(asset: "BTC", spec: .instant))
        return s
    }

    /// The old algorithm: quote every flagged position, keep the profitable ones, sort.
    static func everyOffer(_ sim: Engine<FixedSpreadMechanism>, _ bot: LiquidatorBot, _ rules: FixedSpreadSpec,
                           profitableOnly: Bool = true) -> [LiquidationOffer] {
        var offers: [LiquidationOffer] = []
        let gasUSDPerGwei = Double(bot.spec.gasPerAction) * 1e-9 * sim.market.gasTokenPriceUSD
        let menu = LiquidationMenu(spec: bot.spec, flashLoanFee: bot.flashLoanFee,
                                   grossBound: GrossProfitBound(terms: [], costPerDebt: 1, repaidPerSize: 1),
                                   gasUSDPerGwei: gasUSDPerGwei, baseFeeGwei: sim.chain.baseFeeGwei,
                                   gasTokenUSD: sim.market.gasTokenPriceUSD, referencePrices: sim.market.reference.map { $0.price() })
        for p in sim.lending.flaggedPositions {
            // Each position quoted on its own (the bot's choice of how much to repay included).
            guard let o = FixedSpreadKeepers.quote(p, menu: menu, rules: rules, lending: sim.lending, venues: sim.market.venues,
                                                   prices: sim.oraclePrices, debtPrice: sim.market.debtPrice),
                  o.profit >= bot.spec.minProfitUSD || !profitableOnly else { continue }
            offers.append(o)
        }
        offers.sort { $0.profit != $1.profit ? $0.profit > $1.profit : $0.position < $1.position }
        return offers
    }

    func testTheMenuListsExactlyWhatQuotingEveryPositionWould() throws {
        let bots = [
            LiquidatorSpec(name: "share", gasBidding: .profitShare(0.5), minProfitUSD: 10),
            LiquidatorSpec(name: "fixed", gasBidding: .fixed(priorityFeeGwei: 3), capital: .flashLoan(feeRate: 0), minProfitUSD: 0),
            LiquidatorSpec(name: "holder", gasBidding: .profitShare(1), minProfitUSD: -1e9, sellSeizedCollateral: false),
            LiquidatorSpec(name: "picky", gasBidding: .profitShare(0.2), minProfitUSD: 2_000),
        ]
        let rules = FixedSpreadSpec(protocolFeeShare: 0.1)
        var menusChecked = 0, offersChecked = 0
        for assets in [1, 2] {
            for depth in [2e6, 50e6] {
                var spec = Self.spec(assets: assets, depthUSD: depth)
                spec.liquidators = bots
                let sim = try Engine(spec: spec, mechanism: FixedSpreadMechanism(rules: rules), rootSeed: 7, replication: assets, recording: .metricsOnly)
                var rng = SplitMix64(seed: UInt64(assets * 100) + UInt64(depth))
                for step in 0..<12 {
                    // Move the oracle down (sometimes back up), liquidate a few positions, trade the pools.
                    for a in sim.oracles.prices.collateral.indices { sim.oracles.prices.collateral[a] *= rng.uniform(0.9, 1.02) }
                    sim.publishRefresh()
                    for p in sim.lending.flaggedPositions.prefix(5) {
                        sim.lending.liquidateFixedSpread(p, spec: rules, prices: sim.oraclePrices)
                    }
                    if rng.int(2) == 0 {
                        let a = rng.int(assets)
                        _ = sim.market.sell(a, amount: sim.market.venues[a].pools[0].collateralReserve * rng.uniform(0, 0.05), generation: 0)
                    }
                    sim.mechanism.stateMayChange()
                    for bot in sim.keepers.bots {
                        let expected = Self.everyOffer(sim, bot, rules)
                        let menu = sim.mechanism.menu(for: bot, sim.context)
                        var got: [LiquidationOffer] = []
                        while let o = sim.mechanism.offer(menu, at: got.count, sim.context) { got.append(o) }
                        XCTAssertEqual(got.map(\.position), expected.map(\.position), "\(assets) assets, depth \(depth), step \(step), \(bot.name)")
                        XCTAssertEqual(got.map(\.profit), expected.map(\.profit), "\(assets) assets, depth \(depth), step \(step), \(bot.name)")
                        menusChecked += 1
                        offersChecked += got.count
                        // With nothing that pays, the largest gross of every flagged position, to rounding, where a
                        // base fee could be low enough for it; else anything no higher.
                        if got.isEmpty {
                            let gasUSDPerGwei = Double(bot.spec.gasPerAction) * 1e-9 * sim.market.gasTokenPriceUSD
                            let all = Self.everyOffer(sim, bot, rules, profitableOnly: false)
                            let expected = all.map { $0.profit + gasUSDPerGwei * (sim.chain.baseFeeGwei + $0.tip) }.max() ?? -.infinity
                            let best = sim.mechanism.bestGross(menu, sim.context)
                            let context = "\(assets) assets, depth \(depth), step \(step), \(bot.name)"
                            XCTAssertLessThanOrEqual(best, expected, context)
                            if expected > menu.grossAtZeroBaseFee {
                                XCTAssertEqual(best, expected, accuracy: 1e-8 * max(1, abs(expected)), context)
                            }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(menusChecked, 2 * 2 * 12 * bots.count)
        XCTAssertGreaterThan(offersChecked, 1_000, "the states should hold many profitable offers")
    }

    /// A wake re-quotes its later offers against the pools its earlier sales leave, re-sized, and stops on an
    /// asset at the first that no longer clears (``FixedSpreadKeepers/wake(_:_:)``). It must send exactly
    /// what going through the whole list would: the same positions, the same repayments, in the same order.
    /// Bundles (invisible to rivals, so each wake sees the whole list); one and two collateral assets, the
    /// first asset in two pools; the state moves between wakes as in the test above.
    func testAWakeSendsWhatGoingThroughTheWholeListWould() throws {
        let rules = FixedSpreadSpec(protocolFeeShare: 0.1)
        let bots = [
            LiquidatorSpec(name: "share", gasBidding: .profitShare(0.5), minProfitUSD: 10, channel: .privateBundle),
            LiquidatorSpec(name: "fixed", gasBidding: .fixed(priorityFeeGwei: 3), capital: .flashLoan(feeRate: 0), minProfitUSD: 0,
                           channel: .privateBundle),
            LiquidatorSpec(name: "picky", gasBidding: .profitShare(0.2), minProfitUSD: 500, channel: .privateBundle),
        ]
        var wakesChecked = 0, resized = 0, sentChecked = 0, sentAfterAnotherAssetClosed = 0
        for assets in [1, 2] {
            for depth in [2e6, 50e6] {
                var spec = Self.spec(assets: assets, depthUSD: depth)
                // With two assets ETH trades in two shallow pools and BTC in a deep one, so ETH's list closes
                // while BTC's goes on.
                // Each position holds one asset, so both lists are long.
                if assets == 2 {
                    spec.pools[0] = .init(asset: "ETH", pool: PoolSpec(name: "uni-eth", size: .depthUSD(depth / 20)))
                    if case .population(var population) = spec.positions {
                        population.mix = .single
                        spec.positions = .population(population)
                    }
                }
                spec.pools.append(.init(asset: "ETH", pool: PoolSpec(name: "second", size: .depthUSD(depth / (assets == 2 ? 40 : 3)))))
                spec.liquidators = bots
                let sim = try Engine(spec: spec, mechanism: FixedSpreadMechanism(rules: rules), rootSeed: 11, replication: assets,
                                     recording: .metricsOnly)
                var rng = SplitMix64(seed: UInt64(assets * 1000) + UInt64(depth))
                for step in 0..<10 {
                    for a in sim.oracles.prices.collateral.indices { sim.oracles.prices.collateral[a] *= rng.uniform(0.9, 1.02) }
                    sim.publishRefresh()
                    if rng.int(2) == 0 {
                        let a = rng.int(assets)
                        _ = sim.market.sell(a, amount: sim.market.venues[a].pools[0].collateralReserve * rng.uniform(0, 0.05), generation: 0)
                    }
                    sim.mechanism.stateMayChange()
                    for (i, bot) in sim.keepers.bots.enumerated() {
                        // Going through the whole list: every offer, re-quoted after the first planned sale.
                        let capacity = sim.context.actionsPerWake(BotID(i))
                        var venues = sim.market.venues
                        var expected: [(position: Int, debt: Double)] = []
                        var closed = Set<Int>()
                        for o in Self.everyOffer(sim, bot, rules) where !bot.pendingPositions.contains(PositionID(o.position)) {
                            guard expected.count < capacity else { break }
                            var c = o
                            if !expected.isEmpty {
                                guard let q = FixedSpreadKeepers.quote(o.position, menu: sim.mechanism.menu(for: bot, sim.context), rules: rules,
                                                                       lending: sim.lending, venues: venues, prices: sim.oraclePrices,
                                                                       debtPrice: sim.market.debtPrice),
                                      q.profit >= bot.spec.minProfitUSD else {
                                    closed.insert(o.asset)
                                    continue
                                }
                                if q.debt != o.debt { resized += 1 }
                                if !closed.subtracting([o.asset]).isEmpty { sentAfterAnotherAssetClosed += 1 }
                                c = q
                            }
                            _ = try? venues[c.asset].swapExactInBestPool(c.collateral, .sellCollateral)
                            expected.append((c.position, c.debt))
                        }
                        let before = sim.chain.network.mempool.count
                        sim.mechanism.keeperWakes(BotID(i), sim.context)
                        let got = sim.chain.network.mempool.pending[before...].compactMap { tx -> (position: Int, debt: Double)? in
                            guard case .keeper(_, let call) = tx.payload else { return nil }
                            return (call.position.index, call.debt)
                        }
                        let context = "\(assets) assets, depth \(depth), step \(step), \(bot.spec.name)"
                        XCTAssertEqual(got.map(\.position), expected.map(\.position), context)
                        XCTAssertEqual(got.map(\.debt), expected.map(\.debt), context)
                        wakesChecked += 1
                        sentChecked += got.count
                    }
                }
            }
        }
        XCTAssertEqual(wakesChecked, 2 * 2 * 10 * bots.count)
        XCTAssertGreaterThan(sentChecked, 100, "the wakes should send many liquidations")
        XCTAssertGreaterThan(resized, 0, "some later offers should be re-sized")
        XCTAssertGreaterThan(sentAfterAnotherAssetClosed, 0, "some offers should be sent after the other asset's list closed")
    }

    func testTheGrossBoundIsThePoolsBestTrade() {
        // h(x) = V·u·x/(R + u·x) − C·x peaks where (R + u·x)² = V·u·R/C.
        let bound = GrossProfitBound(terms: [.pool(inputPerDebt: 0.0005, reserveIn: 10_000, outputValue: 20_000_000)],
                                     costPerDebt: 1, repaidPerSize: 1)
        let u = 0.0005, r = 10_000.0, v = 20_000_000.0
        let xStar = ((v * u * r).squareRoot() - r) / u
        let peak = v * u * xStar / (r + u * xStar) - xStar
        XCTAssertEqual(bound.maxGross(size: 1e12), peak, accuracy: peak * 1e-8)
        XCTAssertEqual(bound.maxGross(size: xStar / 2), v * u * xStar / 2 / (r + u * xStar / 2) - xStar / 2, accuracy: peak * 1e-8)
        XCTAssertEqual(bound.maxGross(size: 0), 0)
        // A pool that pays less than the cost bounds nothing above 0.
        XCTAssertEqual(GrossProfitBound(terms: [.pool(inputPerDebt: 0.0004, reserveIn: 10_000, outputValue: 20_000_000)],
                                        costPerDebt: 1, repaidPerSize: 1).maxGross(size: 1e6), 0)
    }
}
