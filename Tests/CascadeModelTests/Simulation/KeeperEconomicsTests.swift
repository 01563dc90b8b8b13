import Foundation
import XCTest
import Stochastic
@testable import CascadeModel

/// Keepers as searchers (issue 14): backlogs worked off, atomic profitability, sequential quoting, Dutch takes
/// planned from the curve, paid resets only, borrowers at a hazard rate, LTV-bounded borrowing. Each expected
/// figure is derived in the test's comment.
final class KeeperEconomicsTests: XCTestCase {
    static let eth = CollateralAsset(name: "ETH", loanToValue: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05,
                                     debtCeilingUSD: .infinity)

    /// `count` positions of 1 ETH owing `debt` each, ETH constant at `price`, one pool of `depthUSD` on the
    /// stable side, an instant oracle, no background demand.
    static func spec(count: Int, debt: Double, collateral: Double = 1, price: Double = 2000, depthUSD: Double = 1e10,
                     mechanism: MechanismSpec = .fixedSpread(FixedSpreadSpec(closeFactor: 1)), bots: [LiquidatorSpec],
                     horizon: Double = 3600, network: NetworkConfig = NetworkConfig()) -> ModelSpec {
        var book = PositionBook(assetCount: 1)
        for _ in 0..<count { _ = book.append(collateral: [collateral], debt: debt) }
        let path = AssetPathSpec(name: "ETH", model: .constant(ConstantPriceSpec(price: price)))
        return ModelSpec(
            horizonSeconds: horizon, tickSeconds: 60, paths: PricePathSetSpec(assets: [path]),
            pools: [.init(asset: "ETH", pool: PoolSpec(name: "pool", size: .depthUSD(depthUSD)))],
            protocolSpec: ProtocolSpec(collateral: [eth], liquidation: mechanism),
            positions: .snapshot(book, source: "hand-built"),
            oracles: [OracleConfig(asset: "ETH", spec: .instant)], network: network, demand: .none, liquidators: bots)
    }

    static func bot(_ name: String = "bot", monitoring: LiquidatorSpec.Monitoring = .oraclePosts, tip: Double = 2,
                    capital: LiquidatorSpec.Capital = .flashLoan(feeRate: 0.0005), cap: Int? = nil) -> LiquidatorSpec {
        LiquidatorSpec(name: name, reactionLatency: .constant(value: 1), monitoring: monitoring,
                       gasBidding: .fixed(priorityFeeGwei: tip), capital: capital, minProfitUSD: 0, maxActionsPerWake: cap)
    }

    // MARK: Backlogs

    /// 100 positions liquidatable from the start (1 ETH at 2,000 against 1,700: HF = 0.94) and a constant price,
    /// so no oracle post ever comes again; the bot may send 10 per wake. It sends 10, they land in the next
    /// block, and it looks again after every block, so all 100 are liquidated within 10 of its block cycles:
    /// the first wake is at 1 s (oracle-posts) or within the first 60 s (poll), then a block every 12 s.
    func testABacklogIsWorkedOffUnderEveryMonitoringMode() throws {
        for monitoring in [LiquidatorSpec.Monitoring.oraclePosts, .poll(intervalSeconds: 60)] {
            let spec = Self.spec(count: 100, debt: 1700, bots: [Self.bot(monitoring: monitoring, cap: 10)])
            let r = try Simulation(spec: spec, rootSeed: 1, replication: 0, recording: RecordingOptions(liquidations: true)).run()
            XCTAssertEqual(r.metrics.liquidations, 100, "\(monitoring)")
            XCTAssertLessThanOrEqual(r.liquidations.map(\.timeSeconds).max() ?? .infinity, 60 + 12 * 11, "\(monitoring)")
        }
    }

    // MARK: Atomic profitability and sequential quoting

    /// Two positions of 1 ETH owing 1,520, the oracle at 1,800 (HF = 0.947, close factor 1) and a shallow pool of
    /// 8 ETH / 16,000 DAI (still at 2,000). Each liquidation seizes 1,520·1.05/1,800 = 0.88667 ETH.
    /// Selling the first: 0.997·0.88667·16,000/(8 + 0.997·0.88667) = 1,592.1 DAI against a repayment of
    /// 1,520·1.0005 = 1,520.76: a profit. The pool is then 8.88667 ETH / 14,407.9 DAI and the second sale
    /// pays 0.997·0.88667·14,407.9/(8.88667 + 0.88401) = 1,303.6: a loss of 217.
    static func shallowPool(_ bots: [LiquidatorSpec]) throws -> Engine<FixedSpreadMechanism> {
        let rules = FixedSpreadSpec(closeFactor: 1)
        let spec = Self.spec(count: 2, debt: 1520, depthUSD: 16_000, mechanism: .fixedSpread(rules), bots: bots)
        let sim = try Engine(spec: spec, mechanism: FixedSpreadMechanism(rules: rules), rootSeed: 1, replication: 0,
                             recording: .metricsOnly)
        sim.oracles.prices.collateral[0] = 1800
        sim.publishRefresh()
        sim.mechanism.stateMayChange()
        return sim
    }

    func testAFlashLoanLiquidationThatWouldLoseMoneyReverts() throws {
        let sim = try Self.shallowPool([Self.bot("flash"), Self.bot("inventory", capital: .inventory(usd: 10_000))])
        let call = { (p: Int) in FixedSpreadCall(position: PositionID(p), asset: AssetIndex(0), debt: 1520) }
        XCTAssertTrue(sim.mechanism.execute(call(0), bot: BotID(0), gasUSD: 0, sim.context), "the first sale pays 1,592.1")
        XCTAssertEqual(sim.market.venues[0].pools[0].stableReserve, 16_000 - 1_592.1, accuracy: 0.1)
        // The second would pay 1,303.6 for a flash loan of 1,520.76: the contract reverts, nothing changes.
        XCTAssertFalse(sim.mechanism.execute(call(1), bot: BotID(0), gasUSD: 0, sim.context))
        XCTAssertEqual(sim.lending.book.debt[1], 1520)
        XCTAssertEqual(sim.keepers.bots[0].profitUSD, 1_592.1 - 1_520.76, accuracy: 0.1)
        // A keeper with its own inventory is not atomic: it liquidates and books the 1,303.6 − 1,520 loss.
        XCTAssertTrue(sim.mechanism.execute(call(1), bot: BotID(1), gasUSD: 0, sim.context))
        XCTAssertEqual(sim.keepers.bots[1].profitUSD, 1_303.6 - 1_520, accuracy: 0.1)
    }

    /// A selling bot chooses how much debt to cover. In the shallow pool above, each unit of debt repaid gives
    /// k = 1.05/1,800 ETH, sold at u = 0.997·k: the sale's gross h(x) = V·u·x/(R + u·x) − C·x (V = 16,000,
    /// R = 8, C = 1.0005) peaks at x* = (√(V·u·R/C) − R)/u = (√74.404 − 8)/5.8158e-4 = 1,076.1 DAI, below the
    /// 1,520 it may repay: h(x*) = 84.2 USD against h(1,520) = 71.3.
    func testABotRepaysTheAmountThatMaximisesItsSale() throws {
        let sim = try Self.shallowPool([Self.bot("flash")])
        let menu = sim.mechanism.menu(for: sim.keepers.bots[0], sim.context)
        let best = try XCTUnwrap(sim.mechanism.offer(menu, at: 0, sim.context))
        let u = 0.997 * 1.05 / 1800, c = 1.0005
        let xStar = ((16_000 * u * 8 / c).squareRoot() - 8) / u
        XCTAssertEqual(xStar, 1_076.1, accuracy: 0.1)
        XCTAssertEqual(best.debt, xStar, accuracy: 1e-6)
        let gasUSD = 0.5e6 * (sim.chain.baseFeeGwei + 2) * 1e-9 * sim.market.gasTokenPriceUSD
        XCTAssertEqual(best.profit, 16_000 * u * xStar / (8 + u * xStar) - c * xStar - gasUSD, accuracy: 1e-6)
        XCTAssertEqual(best.profit + gasUSD, 84.2, accuracy: 0.1)
    }

    /// The same state: a bot's wake quotes its second liquidation against the pool its first sale leaves, finds
    /// it at a loss and sends only the first (each repays x* = 1,076: the first sells 0.6277 ETH for 1,160.8;
    /// the second then gets 1,003.5 for 1,076.5, and, the first having left the pool at its break-even, no
    /// smaller size pays either); quoting both against the untouched pool would have sent both.
    func testABotsLiquidationsInOneWakeAreQuotedSequentially() throws {
        let sim = try Self.shallowPool([Self.bot("flash")])
        let menu = sim.mechanism.menu(for: sim.keepers.bots[0], sim.context)
        XCTAssertNotNil(sim.mechanism.offer(menu, at: 1, sim.context), "each alone is profitable against the untouched pool")
        sim.mechanism.keeperWakes(BotID(0), sim.context)
        XCTAssertEqual(sim.chain.network.mempool.count, 1)
    }

    /// A keeper nothing pays waits for the base fee at which the best gross of any flagged position would clear
    /// its threshold. In the shallow pool each position's best is h(x*) = 84.2 USD before gas; a bot asking
    /// 70 USD after 0.5M gas at (20 + 2) gwei, 1 USD a gwei with ETH at 2,000, makes 62.2: nothing pays, and it
    /// waits for a base fee below (84.2 − 70)/1 − 2 = 12.2 gwei.
    func testAPricedOutKeeperWaitsForTheBaseFeeItsBestLiquidationNeeds() throws {
        let picky = LiquidatorSpec(name: "picky", reactionLatency: .constant(value: 1), gasBidding: .fixed(priorityFeeGwei: 2),
                                   capital: .flashLoan(feeRate: 0.0005), minProfitUSD: 70)
        let sim = try Self.shallowPool([picky])
        let g = 0.5e6 * 1e-9 * sim.market.gasTokenPriceUSD
        XCTAssertEqual(g, 1, accuracy: 1e-12)
        XCTAssertEqual(sim.chain.baseFeeGwei, 20)
        sim.mechanism.keeperWakes(BotID(0), sim.context)
        XCTAssertEqual(sim.chain.network.mempool.count, 0, "nothing pays")
        let u = 0.997 * 1.05 / 1800, c = 1.0005
        let xStar = ((16_000 * u * 8 / c).squareRoot() - 8) / u
        let best = 16_000 * u * xStar / (8 + u * xStar) - c * xStar
        XCTAssertEqual(best, 84.2, accuracy: 0.1)
        XCTAssertEqual(sim.keepers.bots[0].watchBaseFeeBelow, (best - 70) / g - 2, accuracy: 1e-6)
    }

    /// Later liquidations of a wake are re-sized against the pool the earlier sales leave, and the wake stops at
    /// the first that no longer clears. Three positions of 5.2778 ETH owing 8,000 (HF = 0.95 at the oracle's
    /// 1,800) and a pool of 80 ETH / 160,000 DAI, whose best repayment is x* = 10,761 (the shallow pool's
    /// figures × 10): each may repay its whole 8,000, below x*. After the first sale (8,000 repaid: 4.6667 ETH
    /// sold for 8,793.9) the pool is 84.667 ETH / 151,206.1 DAI: repaying 8,000 again would gross
    /// 8,000·k·γ·151,206.1/(84.667 + 8,000·k·γ) − 8,004 = −127.6 USD (k = 1.05/1,800 ETH per DAI, γ = 0.997),
    /// but the best repayment there, x*₁ = (√(V·u·R/C) − R)/u = 2,749.5, grosses 51.95, above the gas. So the
    /// bot sends the second at 2,749.5; that sale leaves the pool at its break-even, and the third cannot pay at
    /// any size: the wake stops with two sent (quoted at 8,000 each against the untouched pool, both later ones
    /// would have been skipped).
    func testALaterLiquidationIsResizedToThePoolItsEarlierSalesLeave() throws {
        let rules = FixedSpreadSpec(closeFactor: 1)
        let spec = Self.spec(count: 3, debt: 8000, collateral: 0.95 * 8000 / (1800 * 0.8), depthUSD: 160_000,
                             mechanism: .fixedSpread(rules), bots: [Self.bot("flash")])
        let sim = try Engine(spec: spec, mechanism: FixedSpreadMechanism(rules: rules), rootSeed: 1, replication: 0,
                             recording: .metricsOnly)
        sim.oracles.prices.collateral[0] = 1800
        sim.publishRefresh()
        sim.mechanism.stateMayChange()
        let gasUSD = 0.5e6 * (sim.chain.baseFeeGwei + 2) * 1e-9 * sim.market.gasTokenPriceUSD
        XCTAssertLessThan(gasUSD, 51.95, "the re-sized second liquidation pays its gas")
        sim.mechanism.keeperWakes(BotID(0), sim.context)
        let debts = sim.chain.network.mempool.pending.compactMap { tx -> Double? in
            guard case .keeper(_, let call) = tx.payload else { return nil }
            return call.debt
        }
        XCTAssertEqual(debts.count, 2)
        XCTAssertEqual(debts.first ?? 0, 8000, accuracy: 1e-6)
        let k = 1.05 / 1800, u = 0.997 * k, c = 1.0005
        let rOut = 160_000 - 160_000 * u * 8000 / (80 + u * 8000), rIn = 80 + k * 8000
        XCTAssertEqual(rOut, 151_206.1, accuracy: 0.1)
        let xStar1 = ((rOut * u * rIn / c).squareRoot() - rIn) / u
        XCTAssertEqual(xStar1, 2_749.5, accuracy: 0.1)
        XCTAssertEqual(debts.last ?? 0, xStar1, accuracy: 1e-6)
        XCTAssertEqual(rOut * u * 8000 / (rIn + u * 8000) - c * 8000, -127.6, accuracy: 0.1, "the first size no longer pays")
        XCTAssertEqual(rOut * u * xStar1 / (rIn + u * xStar1) - c * xStar1, 51.95, accuracy: 0.01)
    }

    // MARK: Competition

    /// More bots never leave more bad debt: a −60% crash over 6 h on 150 positions with a 0.4M USD pool, 1 and 10
    /// bots, public mempool and bundles, 4 seeds. Paired by seed (same paths and book), the mean of
    /// bad debt(10) − bad debt(1) must not be above 0 by more than two standard errors of that mean.
    func testMoreBotsNeverLeaveMoreBadDebt() throws {
        for channel in [LiquidatorSpec.Channel.publicMempool, .privateBundle] {
            var differences: [Double] = []
            var anyBadDebt = false
            for seed in UInt64(1)...4 {
                var bad: [Double] = []
                for count in [1, 10] {
                    var spec = SmokeScenario.spec(mechanism: .fixedSpread(FixedSpreadSpec()), positions: 150, crash: -0.6, depthUSD: 400_000)
                    spec.liquidators = [LiquidatorSpec(name: "bot", count: count, reactionLatency: .exponential(mean: 2), channel: channel)]
                    bad.append(try Simulation(spec: spec, rootSeed: seed, replication: 0).run().metrics.badDebt)
                }
                anyBadDebt = anyBadDebt || bad[0] > 0
                differences.append(bad[1] - bad[0])
            }
            let mean = differences.reduce(0, +) / Double(differences.count)
            let sd = (differences.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(differences.count - 1)).squareRoot()
            XCTAssertTrue(anyBadDebt, "\(channel): the crash should leave bad debt with one bot, or the test shows nothing")
            XCTAssertLessThanOrEqual(mean, 2 * sd / Double(differences.count).squareRoot() + 1e-6, "\(channel): \(differences)")
        }
    }

    // MARK: Dutch auctions

    /// One vault (1 ETH against 1,520 at a constant 1,800: HF 0.947) barked at once; an exponential curve with a
    /// 600 s half-life (cut = 0.5^(1/600) per second) from top = 1,800·1.2 = 2,160; tab = 1,520·1.13 = 1,717.6.
    /// A keeper with a 3% margin and (practically) free gas values a = tab/p ETH at a·1,800·0.997 (a deep pool's
    /// fee), so it takes once p ≤ 1,800·0.997·0.97 = 1,740.76: ln(1,740.76/2,160)/ln(cut) = 186.8, so from
    /// 187 s after the bark. It polls only hourly, so only its plan from the curve can time the take: the take
    /// must land in the first block at or after bark + 187 s.
    func testADutchKeeperTakesWithinOneBlockOfThePriceReachingItsThreshold() throws {
        let dutch = DutchAuctionSpec(curve: .exponential(cut: AuctionPriceCurve.exponentialCut(halfLifeSeconds: 600)),
                                     tailSeconds: 1e6, cusp: 0.01)
        var keeper = Self.bot(monitoring: .poll(intervalSeconds: 3600), tip: 0, capital: .inventory(usd: 1e6))
        keeper.auctionMargin = 0.03
        let spec = Self.spec(count: 1, debt: 1520, price: 1800, mechanism: .dutchAuction(dutch), bots: [keeper], horizon: 7200,
                             network: NetworkConfig(initialBaseFeeGwei: 1e-9))
        let r = try Simulation(spec: spec, rootSeed: 3, replication: 0, recording: RecordingOptions(liquidations: true)).run()
        let bark = try XCTUnwrap(r.liquidations.first { $0.step == .dutchBark }).timeSeconds
        let take = try XCTUnwrap(r.liquidations.first { $0.step == .dutchTake }).timeSeconds
        let reached = bark + 187
        XCTAssertEqual(dutch.curve.elapsedToReach(price: 1800 * 0.997 * 0.97, top: 2160), 187)
        XCTAssertGreaterThanOrEqual(take, reached)
        XCTAssertLessThan(take, reached + 12, "bark at \(bark), take at \(take)")
    }

    /// The closed-form inverse of each curve against the curve itself: the returned time reaches the target and
    /// one step (a second, a stairstep, an ulp) earlier does not.
    func testTheCurveInverseIsTheFirstMomentAtOrBelowTheTarget() {
        let curves: [AuctionPriceCurve] = [.linear(tauSeconds: 3600), .stairstepExponential(cut: 0.99, stepSeconds: 90),
                                           .exponential(cut: 0.999)]
        for curve in curves {
            for fraction in [0.95, 0.8, 0.5, 0.1] {
                let target = 1000 * fraction
                let dur = curve.elapsedToReach(price: target, top: 1000)!
                XCTAssertLessThanOrEqual(curve.price(top: 1000, elapsedSeconds: dur), target, "\(curve) \(fraction)")
                let earlier: Double
                switch curve {
                case .linear: earlier = dur - 1e-6  // (continuous: any earlier moment; 1 µs is above rounding)
                case .stairstepExponential(_, let step): earlier = dur - step
                case .exponential: earlier = dur - 1
                }
                if earlier >= 0 { XCTAssertGreaterThan(curve.price(top: 1000, elapsedSeconds: earlier), target, "\(curve) \(fraction)") }
            }
        }
        XCTAssertNil(AuctionPriceCurve.exponential(cut: 1).elapsedToReach(price: 500, top: 1000), "a flat curve never gets there")
        XCTAssertEqual(AuctionPriceCurve.linear(tauSeconds: 100).elapsedToReach(price: 0, top: 1000), 100)
    }

    /// Resets are paid or not made. The vault of the test above, a curve that needs a reset after 600 s (tail)
    /// and a keeper whose threshold is never met (a 60% margin). With tip = chip = 0 a redo pays nothing, so no
    /// keeper calls it: no reset, no gas after the bark. With tip = 100 DAI (≫ the gas) it is reset every
    /// 600 s.
    func testResetsAreCalledOnlyWhenTheIncentivePaysForTheGas() throws {
        for tip in [0.0, 100] {
            let dutch = DutchAuctionSpec(curve: .linear(tauSeconds: 36_000), tailSeconds: 600, cusp: 0.01, tip: tip)
            var keeper = Self.bot(tip: 0, capital: .inventory(usd: 1e6))
            keeper.auctionMargin = 0.6
            let spec = Self.spec(count: 1, debt: 1520, price: 1800, mechanism: .dutchAuction(dutch), bots: [keeper], horizon: 3600)
            let r = try Simulation(spec: spec, rootSeed: 3, replication: 0).run()
            if tip == 0 {
                XCTAssertEqual(r.metrics.auctionResets, 0)
                XCTAssertEqual(r.metrics.liquidatorPnL.incentivesUSD, 0)
            } else {
                XCTAssertGreaterThanOrEqual(r.metrics.auctionResets, 4, "a reset each 600 s after the first, within an hour")
                XCTAssertGreaterThan(r.metrics.liquidatorPnL.incentivesUSD, r.metrics.liquidatorGasSpent)
            }
            XCTAssertEqual(r.metrics.liquidations, 1, "the bark")
        }
    }

    // MARK: Borrowers

    /// 2,000 positions start at HF 1.5, below the alert level 2.0, at a constant price; owners act with
    /// probability scale 1 and a mean latency of 600 s, so at HF 1.5 the hazard is (2 − 1.5)/(2 − 1)/600 per
    /// second and P(acted within 1,200 s) = 1 − e^(−1) = 0.632 (each then restores HF 2.5). The share acted is
    /// binomial: standard error √(0.632·0.368/2000) = 0.011; the tolerance is 4 of them.
    func testOwnersBelowTheAlertFromTheStartActAtTheHazardRate() throws {
        var spec = Self.spec(count: 2000, debt: 2000 * 0.8 / 1.5, bots: [Self.bot()], horizon: 1200)
        spec.borrowers = BorrowerSpec(enabled: true, alertHealthFactor: 2, targetHealthFactor: 2.5,
                                      reactionLatency: .exponential(mean: 600), maxActionProbability: 1)
        let sim = try Engine(spec: spec, mechanism: FixedSpreadMechanism(rules: FixedSpreadSpec(closeFactor: 1)), rootSeed: 5,
                             replication: 0, recording: .metricsOnly)
        _ = try sim.run()
        let acted = (0..<2000).filter { sim.lending.healthFactor($0, prices: sim.oraclePrices) > 2.49 }.count
        XCTAssertEqual(Double(acted) / 2000, 1 - exp(-1), accuracy: 4 * (0.632 * 0.368 / 2000).squareRoot())
    }

    /// Owners who defend with probability 1 and a 10-minute latency against a 40% crash over 6 h (alert 2.0,
    /// target 2.5): the crash takes ETH from 2,000 to 1,200, so a defended position (HF 2.5 at 2,000 falling
    /// to 1.5 at 1,200, each time it crosses 2.0 restored within minutes) is never liquidated; undefended,
    /// every position starting below 1/0.6 = 1.67 is.
    func testBorrowersWhoDefendAvoidLiquidation() throws {
        var spec = SmokeScenario.spec(mechanism: .fixedSpread(FixedSpreadSpec()), positions: 500)
        let off = try Simulation(spec: spec, rootSeed: 2, replication: 0).run().metrics.liquidations
        spec.borrowers = BorrowerSpec(enabled: true, alertHealthFactor: 2, targetHealthFactor: 2.5,
                                      reactionLatency: .constant(value: 600), maxActionProbability: 1)
        let on = try Simulation(spec: spec, rootSeed: 2, replication: 0).run().metrics.liquidations
        XCTAssertGreaterThan(off, 100)
        XCTAssertLessThan(on, off / 20, "defended: \(on), undefended: \(off)")
    }

    // MARK: LTV

    /// LTV bounds borrowing: with LT 0.825 and LTV 0.3 no position can start below HF 0.825/0.3 = 2.75, and a
    /// borrower who wanted more borrows exactly that; with LTV 0.8 (0.825/0.8 = 1.031 < the 1.05 Pareto floor)
    /// the population is the drawn one.
    func testLTVBoundsThePopulationsBorrowing() throws {
        let population = PopulationSpec(count: 5000, size: .lognormal(zeta: 8.5, sigma: 1.5),
                                        initialHealthFactor: .pareto(shape: 3, scale: 1.05), assetWeights: [1])
        let prices = OraclePrices(collateral: [2000], debt: 1)
        func healthFactors(ltv: Double) throws -> [Double] {
            let asset = CollateralAsset(name: "ETH", loanToValue: ltv, liquidationThreshold: 0.825, liquidationBonus: 0.05,
                                        debtCeilingUSD: .infinity)
            let book = try population.generate(assets: [asset], prices: prices, stream: RandomStream(seed: 11))
            return (0..<book.count).map { book.healthFactor($0, thresholds: [0.825], prices: prices) }
        }
        let tight = try healthFactors(ltv: 0.3), loose = try healthFactors(ltv: 0.8)
        XCTAssertEqual(tight.min()!, 2.75, accuracy: 1e-9)
        // P(HF < 2.75) = 1 − (1.05/2.75)³ = 0.9443: 4,722 of 5,000, binomial standard error 16; 4 of them.
        XCTAssertEqual(Double(tight.filter { abs($0 - 2.75) < 1e-9 }.count), 5000 * (1 - pow(1.05 / 2.75, 3)), accuracy: 4 * 16.3)
        XCTAssertGreaterThanOrEqual(loose.min()!, 1.05 - 1e-9)
        XCTAssertEqual(loose.filter { $0 < 2.75 }.count, tight.filter { abs($0 - 2.75) < 1e-9 }.count,
                       "the same draws: exactly those below 2.75 are raised to it")
    }
}
