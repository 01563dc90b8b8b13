import Foundation
import XCTest
import Stochastic
@testable import CascadeModel

/// Races, the profit threshold and congestion, on one hand-built position.
///
/// One position: 1 ETH, debt 1,520 (LT 0.8 → liquidation price 1,900). ETH is 2,000 and the exogenous path
/// steps to 1,800 at t = 1 h.
final class LiquidatorBehaviourTests: XCTestCase {
    static func spec(steps: [ScriptedMove] = [.step(change: -0.10, atSeconds: 3600)], bots: [LiquidatorSpec],
                     oracle: OracleSpec = .instant, demand: BackgroundDemand = .none, network: NetworkConfig = NetworkConfig(),
                     horizon: Double = 3 * 3600) -> ModelSpec {
        var book = PositionBook(assetCount: 1)
        _ = book.append(collateral: [1], debt: 1520)
        let eth = AssetPathSpec(name: "ETH", model: .constant(ConstantPriceSpec(price: 2000)), moves: steps)
        let collateral = CollateralAsset(name: "ETH", loanToValue: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05, debtCeilingUSD: .infinity)
        return ModelSpec(
            horizonSeconds: horizon, tickSeconds: 60, paths: PricePathSetSpec(assets: [eth]),
            pools: [.init(asset: "ETH", pool: PoolSpec(name: "deep", size: .depthUSD(1e10)))],
            protocolSpec: ProtocolSpec(collateral: [collateral], liquidation: .fixedSpread(FixedSpreadSpec(closeFactor: 1, burnBadDebt: true))),
            positions: .snapshot(book, source: "hand-built"),
            oracles: [OracleConfig(asset: "ETH", spec: oracle)],
            network: network, demand: demand, liquidators: bots)
    }

    static func bot(_ name: String, tip: Double = 2, minProfit: Double = 0, monitoring: LiquidatorSpec.Monitoring = .oraclePosts) -> LiquidatorSpec {
        LiquidatorSpec(name: name, count: 1, reactionLatency: .constant(value: 1), monitoring: monitoring,
                       gasBidding: .fixed(priorityFeeGwei: tip), minProfitUSD: minProfit)
    }

    /// A priority gas auction in the public mempool. Both bots see the post at 3,600 s and wake at 3,601 s,
    /// "fast" first (bot order): it bids its 3 gwei. "slow" (2 gwei of its own) sees that bid, outbids it by
    /// the 12.5% step (3.375 gwei, which its profit allows) and lands first in the block at 3,612 s: it
    /// liquidates the whole debt; "fast" finds the position healthy and reverts, paying its revert gas only.
    func testOnlyOneOfTwoRacingLiquidatorsSucceedsAndTheLoserPaysItsRevertGas() throws {
        let spec = Self.spec(bots: [Self.bot("fast", tip: 3), Self.bot("slow", tip: 2)])
        let r = try Simulation(spec: spec, rootSeed: 1, replication: 0, recording: RecordingOptions(liquidations: true)).run()
        XCTAssertEqual(r.metrics.liquidations, 1)
        XCTAssertEqual(r.liquidations.map(\.liquidator), ["slow"])
        XCTAssertEqual(r.liquidations.first?.timeSeconds, 3612)
        XCTAssertEqual(r.metrics.failedLiquidationTxs, 1)
        // The base fee after 300 empty blocks is 20·(7/8)^300 gwei ≈ 8e-17, so gas is gas used · tip · 1e-9 ETH
        // at 1,800 USD: 500,000 · 3.375 gwei = 3.0375 USD for the winner; the loser's revert uses 20% of its
        // 500,000 gas: 100,000 · 3 gwei = 0.54 USD.
        XCTAssertEqual(r.metrics.liquidatorPnL.gasSucceededUSD, 0.5e6 * 3.375e-9 * 1800, accuracy: 1e-9)
        XCTAssertEqual(r.metrics.liquidatorPnL.gasFailedUSD, 0.1e6 * 3e-9 * 1800, accuracy: 1e-9)
    }

    /// The same race through private bundles: the builder includes the higher bid (3 gwei, "fast"; bundles
    /// are not visible, so nobody outbids) and leaves the loser's bundle out, as it would revert: no failed
    /// transaction, no gas for the loser. The winner pays the base fee as gas and its tip to the builder.
    func testALosingBundleCostsNothing() throws {
        var fast = Self.bot("fast", tip: 3), slow = Self.bot("slow", tip: 2)
        fast.channel = .privateBundle
        slow.channel = .privateBundle
        let r = try Simulation(spec: Self.spec(bots: [fast, slow]), rootSeed: 1, replication: 0,
                               recording: RecordingOptions(liquidations: true)).run()
        XCTAssertEqual(r.liquidations.map(\.liquidator), ["fast"])
        XCTAssertEqual(r.metrics.failedLiquidationTxs, 0)
        XCTAssertEqual(r.metrics.droppedBundles, 1)
        XCTAssertEqual(r.metrics.liquidatorPnL.gasFailedUSD, 0)
        XCTAssertEqual(r.metrics.liquidatorPnL.builderPaymentsUSD, 0.5e6 * 3e-9 * 1800, accuracy: 1e-9)
        XCTAssertEqual(r.liquidators.first { $0.name == "slow" }?.profitUSD, 0)
    }

    /// A position already liquidatable at t = 0 (debt 1,700 against 1 ETH at a constant 2,000: HF = 0.94, so
    /// the index flags it when it is built) is liquidated: it used to be flagged but never reported as "newly"
    /// liquidatable, so no bot ever saw it. Poll and post-watching bots both find it at once.
    func testAPositionLiquidatableFromTheStartIsLiquidated() throws {
        for monitoring in [LiquidatorSpec.Monitoring.oraclePosts, .poll(intervalSeconds: 60)] {
            var spec = Self.spec(steps: [], bots: [Self.bot("bot", monitoring: monitoring)])
            var book = PositionBook(assetCount: 1)
            _ = book.append(collateral: [1], debt: 1700)
            spec.positions = .snapshot(book, source: "hand-built, HF 0.94")
            let r = try Simulation(spec: spec, rootSeed: 1, replication: 0, recording: RecordingOptions(liquidations: true)).run()
            XCTAssertEqual(r.metrics.liquidations, 1, "\(monitoring)")
            XCTAssertLessThan(r.liquidations.first?.timeSeconds ?? .infinity, 120, "\(monitoring)")
        }
    }

    /// Nobody liquidates when the profit is below the bot's threshold. Selling the 1,520·1.05/1,800 ≈ 0.887 ETH
    /// seized earns at most ≈ 0.887·2,000 − 1,520 ≈ 253 USD (the pool is still at 2,000 until the arbitrageur's
    /// trade lands 24 s later, ≈ 76 USD after), so a 300 USD threshold is never met; the position stays open
    /// and liquidatable, and no gas is spent.
    func testAnUnprofitableLiquidationIsNotTaken() throws {
        let r = try Simulation(spec: Self.spec(bots: [Self.bot("picky", minProfit: 300)]), rootSeed: 1, replication: 0).run()
        XCTAssertEqual(r.metrics.liquidations, 0)
        XCTAssertEqual(r.metrics.liquidatorGasSpent, 0)
        XCTAssertEqual(r.metrics.unrealizedBadDebt, 0, "still overcollateralised at 1,800")
        // Gas dearer than the profit stops a bot with no threshold too: 500,000 gas at a 400-gwei base fee
        // and 1,800 USD per ETH costs 360 USD > 253 USD. (The base fee falls by 1/8 per empty block, so it
        // starts at 400·(8/7)^300 to be 400 gwei at the block of 3,612 s.)
        // The bot then watches the chain while the position waits: the base fee falls by 1/8 per empty block,
        // and it liquidates at the first block where the profit covers the gas.
        let dear = Self.spec(bots: [Self.bot("any")], network: NetworkConfig(initialBaseFeeGwei: 400 * pow(8.0 / 7, 300)))
        let waited = try Simulation(spec: dear, rootSeed: 1, replication: 0, recording: RecordingOptions(liquidations: true)).run()
        XCTAssertEqual(waited.metrics.liquidations, 1)
        XCTAssertGreaterThan(waited.liquidations.first?.timeSeconds ?? 0, 3612)
        XCTAssertGreaterThan(waited.metrics.liquidatorProfit, 0)
        XCTAssertEqual(waited.metrics.failedLiquidationTxs, 0)
    }

    /// Congestion delays the oracle's round, the price falls further meanwhile, and bad debt appears.
    ///
    /// Path: 2,000 → 1,800 at 1 h → 1,400 at 1 h 10 m. Chainlink-style oracle (0.5%, 1 h), round tip 2 gwei.
    /// Background demand: D = 1 gas · (1 + S·|log return over 10 min|), 1,000 gwei tips.
    /// - S = 0 (no congestion): the 1,800 round lands at 3,612 s; the bot liquidates the whole debt at 1,800
    ///   (seizing 1,520·1.05/1,800 ≈ 0.887 ETH): no bad debt.
    /// - S = 1e9: from the first step on, demand fills every block at a 1,000-gwei tip, so the 2-gwei round
    ///   waits until the 10-minute window is calm again (after 4,800 s) and the base fee has decayed below its
    ///   max fee. By then the reference is 1,400: the stale 1,800 round is unprofitable to act on, the next
    ///   round publishes 1,400, and at HF = 1,400·0.8/1,520 ≈ 0.74 the liquidation is collateral-capped: all
    ///   1 ETH for 1,400/1.05 = 1,333.33 of debt, and the remaining 1,520 − 1,333.33 = 186.67 is written off.
    func testCongestionDelaysTheOracleAndBadDebtGrows() throws {
        func run(sensitivity: Double) throws -> RunResult {
            let demand = BackgroundDemand.stochastic(StochasticDemand(
                baseGasPerBlock: 1, stressSensitivity: sensitivity, noiseSigma: 0,
                priorityFeeGwei: .constant(value: 1000), maxFeeGwei: .constant(value: 1e9), chunks: 1, stressWindowSeconds: 600))
            let spec = Self.spec(steps: [.step(change: -0.10, atSeconds: 3600), .step(change: -2.0 / 9, atSeconds: 4200)],
                                 bots: [Self.bot("keeper", monitoring: .poll(intervalSeconds: 60))],
                                 oracle: .deviationHeartbeat(deviationThreshold: 0.005, heartbeatSeconds: 3600), demand: demand)
            return try Simulation(spec: spec, rootSeed: 1, replication: 0, recording: RecordingOptions(liquidations: true)).run()
        }
        let calm = try run(sensitivity: 0)
        XCTAssertEqual(calm.metrics.badDebt, 0)
        XCTAssertEqual(calm.liquidations.count, 1)
        XCTAssertLessThan(calm.liquidations[0].timeSeconds, 3700)
        XCTAssertEqual(calm.liquidations[0].price, 1800, accuracy: 1e-9)

        let congested = try run(sensitivity: 1e9)
        XCTAssertEqual(congested.liquidations.count, 1)
        XCTAssertGreaterThan(congested.liquidations[0].timeSeconds, 4800)
        XCTAssertEqual(congested.liquidations[0].price, 1400, accuracy: 1e-9)
        XCTAssertEqual(congested.metrics.badDebt, 1520 - 1400 / 1.05, accuracy: 1e-6)
        XCTAssertEqual(congested.metrics.realizedBadDebt, 1520 - 1400 / 1.05, accuracy: 1e-6)
    }

    /// A lone keeper in a flip auction bids what the lot is worth to it, below the tab, and wins at that price.
    ///
    /// The position (1 ETH, debt 1,520) is kicked when ETH is at 1,400 (a −30% step): tab = 1,520·1.13 =
    /// 1,717.6 DAI, lot 1 ETH. The keeper values the lot at its AMM proceeds (≈ 1,400 in a deep pool) times
    /// (1 − margin 0.03) ≈ 1,358 DAI, bids that (it beats the empty auction and is < tab), and the bid wins when
    /// ttl expires: the deal pays ≈ 1,358 DAI, neither 0 nor the tab. (Regression: the profit check once
    /// subtracted the bid from the discounted value, so no tend bid below the tab was ever placed.)
    func testALoneKeeperBidsItsValuationBelowTheTab() throws {
        var spec = Self.spec(steps: [.step(change: -0.30, atSeconds: 3600)],
                             bots: [LiquidatorSpec(name: "keeper", count: 1, reactionLatency: .constant(value: 1),
                                                   gasBidding: .fixed(priorityFeeGwei: 2), capital: .inventory(usd: 1e6),
                                                   minProfitUSD: 0, auctionMargin: 0.03)])
        spec.protocolSpec.liquidation = .englishAuction(EnglishAuctionSpec(chop: 1.13, beg: 1.03, ttlSeconds: 600, tauSeconds: 6 * 3600))
        let r = try Simulation(spec: spec, rootSeed: 1, replication: 0, recording: RecordingOptions(liquidations: true)).run()
        let deals = r.liquidations.filter { $0.step == .englishDeal }
        XCTAssertEqual(deals.count, 1)
        let paid = try XCTUnwrap(deals.first).debtRepaid
        XCTAssertEqual(paid, 1400 * 0.97, accuracy: 15, "the keeper's valuation, not 0 and not the tab")
        XCTAssertEqual(r.metrics.auctionZeroBids, 0)
        XCTAssertEqual(r.metrics.realizedBadDebt, 1520 - paid, accuracy: 1e-6, "principal not recovered")
    }

    /// A transaction larger than a block could never be included; the scenario is refused instead of the
    /// bot silently never acting.
    func testGasAboveTheBlockLimitIsAScenarioProblem() {
        var bot = Self.bot("whale")
        bot.gasPerAction = 40_000_000
        let spec = Self.spec(bots: [bot])
        XCTAssertEqual(spec.crossProblems().map(\.description),
                       ["liquidators[0].gas_per_action: found 40000000 gas, expected at most network.gas_limit 30000000 (a transaction must fit in a block)"])
    }
}
