import CascadeModel
import Foundation
import Stochastic
import XCTest
@testable import Experiments

/// Issue 16's outputs: debt at the start and peak, per-asset extremes and bad debt (assets.csv), the backstop
/// pool's P&L, sweep columns with effective values and durations in seconds, and VaR/CVaR of gross bad debt.
final class ResearchOutputsTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "cascade-outputs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// ETH falls 40% and BTC 10% in one step at 1 h; positions hold one asset each (mix = "single"). An ETH
    /// position with HF < 0.85/0.6 ≈ 1.42 is under water at once, a BTC one only below 0.85/0.9 ≈ 0.94 (none).
    private static let twoAssets = """
    [simulation]
    name = "two-assets"
    horizon = "8h"
    tick = "1m"
    seed = 11

    [price]
    [[price.assets]]
    name = "ETH"
    model = "gbm"
    initial_price = 2000
    annual_volatility = 0.3
    [[price.assets.moves]]
    shape = "step"
    change = -0.4
    start_seconds = "1h"
    [[price.assets]]
    name = "BTC"
    model = "gbm"
    initial_price = 60000
    annual_volatility = 0.3
    [[price.assets.moves]]
    shape = "step"
    change = -0.1
    start_seconds = "1h"

    [market]
    [[market.pools]]
    name = "eth"
    asset = "ETH"
    depth_usd = 2_000_000
    [[market.pools]]
    name = "btc"
    asset = "BTC"
    depth_usd = 50_000_000

    [protocol]
    [[protocol.collateral]]
    name = "ETH"
    ltv = 0.8
    liquidation_threshold = 0.85
    liquidation_bonus = 0.05
    [[protocol.collateral]]
    name = "BTC"
    ltv = 0.8
    liquidation_threshold = 0.85
    liquidation_bonus = 0.05
    [protocol.liquidation]
    mechanism = "fixed-spread"
    burn_bad_debt = true

    [positions]
    count = 600
    size = { type = "lognormal", zeta = 10, sigma = 1 }
    initial_health_factor = { type = "pareto", shape = 3, scale = 1.02 }
    mix = "single"

    """

    private func run(_ text: String, overrides: [Override] = []) throws -> RunResult {
        let path = folder + "/s.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let loaded = try Scenario.load(path: path, overrides: overrides)
        let sim = try Simulation(spec: loaded.value.model, rootSeed: loaded.value.simulation.seed, replication: 0)
        return try sim.run()
    }

    /// Each asset's row has its own drawdown and minimum (ETH's 40% fall, BTC's 10%), and the assets' bad debt
    /// adds up to the run's, realised and unrealised separately.
    func testAssetsHaveTheirOwnExtremesAndTheirBadDebtAddsUp() throws {
        let r = try run(Self.twoAssets)
        XCTAssertEqual(r.assets.map(\.name), ["ETH", "BTC"])
        let eth = r.assets[0], btc = r.assets[1]
        XCTAssertEqual(eth.maxDrawdown, 0.4, accuracy: 0.05, "ETH's scripted 40% fall (plus 30% volatility over 8 h)")
        XCTAssertEqual(btc.maxDrawdown, 0.1, accuracy: 0.05)
        XCTAssertEqual(eth.maxDrawdown, r.metrics.maxDrawdown, "the runs.csv column is the first asset's")
        XCTAssertEqual(btc.minReferencePrice / btc.initialPrice, 1 - btc.maxDrawdown, accuracy: 0.05)
        XCTAssertGreaterThan(r.metrics.badDebt, 0, "ETH positions under water after the step leave bad debt")
        let sum = r.assets.map(\.badDebt).reduce(0, +)
        XCTAssertEqual(sum, r.metrics.badDebt, accuracy: 1e-9 * r.metrics.badDebt)
        XCTAssertEqual(r.assets.map(\.realizedBadDebt).reduce(0, +), r.metrics.realizedBadDebt, accuracy: 1e-6)
        XCTAssertGreaterThan(eth.badDebt, 0)
        XCTAssertEqual(btc.badDebt, 0, "no BTC position is under water after a 10% step")
    }

    /// Total debt at the start is the population's debt; the peak is never below it; bad debt as a share of
    /// borrows can be read off the row.
    func testTotalDebtStartAndPeak() throws {
        let r = try run(Self.twoAssets)
        XCTAssertGreaterThan(r.metrics.totalDebtStart, 0)
        XCTAssertGreaterThanOrEqual(r.metrics.totalDebtPeak, r.metrics.totalDebtStart)
        XCTAssertEqual(r.metrics.totalDebtPeak, r.metrics.totalDebtStart, "no new borrowers: the start is the peak")
        let names = RunMetrics.names
        XCTAssertEqual(r.metrics.values[names.firstIndex(of: "total_debt_start")!], r.metrics.totalDebtStart)
    }

    /// A backstop pool's P&L is what it received, at the end's reference prices, less what it paid; paying
    /// 1 for collateral worth 1.1 at the oracle and then watching ETH fall, it can lose.
    func testBackstopPoolPnL() throws {
        let r = try run(Self.twoAssets, overrides: [
            try Override(parsing: #"protocol.liquidation={ mechanism = "backstop-pool", initial_balance = 5000000.0, discount = 0.1 }"#),
        ])
        let m = r.metrics
        XCTAssertGreaterThan(m.backstopDebtPaid, 0)
        XCTAssertGreaterThan(m.backstopCollateralValue, 0)
        XCTAssertEqual(m.backstopPnL, m.backstopCollateralValue - m.backstopDebtPaid, accuracy: 1e-6)
        XCTAssertLessThanOrEqual(m.backstopDebtPaid, 5_000_000 * (1 + 1e-12), "it cannot pay more than its balance")
        let fixed = try run(Self.twoAssets)
        XCTAssertEqual(fixed.metrics.backstopDebtPaid, 0)
        XCTAssertEqual(fixed.metrics.backstopPnL, 0)
    }

    /// The counterfactual is the same replication with `[market.impact]` removed: its figures equal such a
    /// run's, amplification is the ratio of liquidated debt and bad_debt_from_impact the difference; off, the
    /// columns are nan.
    func testCounterfactualWithoutImpact() throws {
        let text = Self.twoAssets + """
        [market.impact]
        volume_for_10pct_move_usd = 5_000_000

        [metrics]
        counterfactual_without_impact = true
        """
        let path = folder + "/cf.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let scenario = try Scenario.load(path: path).value
        XCTAssertTrue(scenario.counterfactualWithoutImpact)
        let with = try Simulation(spec: scenario.model, rootSeed: scenario.simulation.seed, replication: 0).run().metrics
        var spec = scenario.model
        spec.impact = nil
        let without = try Simulation(spec: spec, rootSeed: scenario.simulation.seed, replication: 0).run().metrics
        let values = try CascadeStudy.counterfactualValues(scenario, replication: 0, metrics: with)
        XCTAssertEqual(values, [without.liquidatedDebt, without.badDebt, with.liquidatedDebt / without.liquidatedDebt,
                                with.badDebt - without.badDebt])
        XCTAssertGreaterThan(with.liquidatedDebt, without.liquidatedDebt, "the sales' impact liquidates more")
        var off = scenario
        off.counterfactualWithoutImpact = false
        XCTAssertTrue(try CascadeStudy.counterfactualValues(off, replication: 0, metrics: with).allSatisfy(\.isNaN))
        XCTAssertEqual(CascadeStudy.metricNames.suffix(4), ["liquidated_debt_without_impact", "bad_debt_without_impact",
                                                            "amplification", "bad_debt_from_impact"])
    }

    /// A duration key's column holds seconds and `<key>_text` the duration; a case that does not set a key
    /// shows the value it ran with; the summary has VaR and CVaR of gross bad debt.
    func testSweepColumnsShowEffectiveValuesAndDurationsAsNumbers() throws {
        let path = folder + "/sweep.toml"
        try (ModelSectionsTests.minimal + """
        [[oracles]]
        type = "chainlink"

        [sweep]
        design = "cases"
        replications = 1
        [[sweep.cases]]
        name = "slow"
        set = { "oracles[0].heartbeat_seconds" = "4h" }
        [[sweep.cases]]
        name = "default"
        set = {}
        """).write(toFile: path, atomically: true, encoding: .utf8)
        let prepared = try PreparedSweep.prepare(path: path, overrides: [], metricNames: RunMetrics.names)
        let layout = prepared.layout
        XCTAssertEqual(layout.parameterColumns, ["oracles[0].heartbeat_seconds", "oracles[0].heartbeat_seconds_text"])
        XCTAssertEqual(layout.parameterCells(point: 0), ["14400", "4h"])
        XCTAssertEqual(layout.parameterCells(point: 1), ["3600", "1h"], "the case that sets nothing shows the default it ran with")
        let summary = SweepSummary.header(layout: layout)
        XCTAssertTrue(summary.contains("var95_bad_debt") && summary.contains("cvar95_bad_debt"), "\(summary)")
        XCTAssertTrue(summary.contains("var95_bad_debt_net"))
    }
}
