import CascadeModel
import Foundation
import XCTest
@testable import Experiments

/// The price index (``LiquidationPriceIndex``, the default for single-collateral books) and the trigger index
/// (``LiquidationIndex``) find the same liquidatable positions at every refresh, so a whole run gives the same
/// results either way: every metric, every liquidation, every time-series row, bit for bit. Checked on every
/// shipped scenario (scaled down) and on each mechanism. Fixed-spread keepers walk the price index by a bound
/// on what a liquidation repays and the trigger index by size: the offers are the same (`LiquidationMenuTests`),
/// and so is a priced-out keeper's wait, set from the exact best gross (``FixedSpreadKeepers/bestGross(_:_:)``).
final class IndexEquivalenceTests: XCTestCase {
    private static let scenarios = ModelSectionsTests.scenarios

    private func compare(_ file: String, overrides: [String], line: UInt = #line) throws {
        let loaded = try Scenario.load(path: Self.scenarios + "/" + file, overrides: try overrides.map { try Override(parsing: $0) })
        var spec = loaded.value.model
        let recording = RecordingOptions(timeSeries: true, liquidations: true, trace: false)
        spec.indexing = .byLiquidationPrice
        let byPrice = try Simulation(spec: spec, rootSeed: loaded.value.simulation.seed, replication: 0, recording: recording).run()
        spec.indexing = .byTriggers
        let byTriggers = try Simulation(spec: spec, rootSeed: loaded.value.simulation.seed, replication: 0, recording: recording).run()
        XCTAssertEqual(String(describing: byPrice.metrics), String(describing: byTriggers.metrics), file, line: line)
        XCTAssertEqual(byPrice.liquidations.count, byTriggers.liquidations.count, file, line: line)
        XCTAssertEqual(String(describing: byPrice.liquidations), String(describing: byTriggers.liquidations), file, line: line)
        XCTAssertEqual(String(describing: byPrice.timeSeries), String(describing: byTriggers.timeSeries), file, line: line)
        XCTAssertEqual(String(describing: byPrice.liquidators), String(describing: byTriggers.liquidators), file, line: line)
    }

    func testShippedScenariosGiveTheSameResultsUnderEitherIndex() throws {
        let small = ["positions.count=800"]
        try compare("baseline.toml", overrides: small)
        try compare("amm-oracle-cascade.toml", overrides: small)
        try compare("toxic-spiral.toml", overrides: small)
        try compare("may-2021.toml", overrides: small + ["simulation.horizon=2d"])
        try compare("ftx-2022.toml", overrides: small + ["simulation.horizon=3d"])
        try compare("black-thursday-2020.toml", overrides: small)
    }

    func testEachMechanismGivesTheSameResultsUnderEitherIndex() throws {
        let crash = ["positions.count=600", "simulation.horizon=8h", "metrics.counterfactual_without_impact=false"]
        try compare("crash-mechanisms.toml", overrides: crash)
        // The study's own cases (Scenarios/crash-mechanisms.toml).
        try compare("crash-mechanisms.toml", overrides: crash + [#"protocol.liquidation={ mechanism = "dutch-auction", chop = 1.13, buf = 1.2, curve = { type = "stairstep-exponential", cut = 0.99, step = "90s" }, tail_seconds = 8400, cusp = 0.4, tip = 300.0, chip = 0.001 }"#])
        try compare("crash-mechanisms.toml", overrides: crash + [#"protocol.liquidation={ mechanism = "english-auction", chop = 1.13, beg = 1.03, ttl_seconds = "10m", tau_seconds = "6h", lump = 50.0 }"#])
        try compare("crash-mechanisms.toml", overrides: crash + [#"protocol.liquidation={ mechanism = "backstop-pool", initial_balance = 20_000_000.0, discount = 0.1, fallback = { type = "fixed-spread", close_factor = 0.5 } }"#])
        try compare("black-thursday-liq2.toml", overrides: ["positions.count=300"])
    }
}
