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
    static func everyOffer(_ sim: Engine<FixedSpreadMechanism>, _ bot: LiquidatorBot, _ rules: FixedSpreadSpec) -> [LiquidationOffer] {
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
                  o.profit >= bot.spec.minProfitUSD else { continue }
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
                    }
                }
            }
        }
        XCTAssertEqual(menusChecked, 2 * 2 * 12 * bots.count)
        XCTAssertGreaterThan(offersChecked, 1_000, "the states should hold many profitable offers")
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
