import Foundation
import XCTest
import Stochastic
@testable import CascadeModel

/// A cascade built by hand so that every generation can be derived on paper.
///
/// ETH starts at 2,000 USD and the exogenous path steps −10% to 1,800 at t = 1 h; nothing else moves it
/// exogenously. LT = 0.8, bonus 5%, close factor 1 (full liquidation), an instant oracle, one bot.
/// Liquidation price of a 1-ETH position with debt D: D / 0.8.
///
/// - 10 positions A with D = 1,520 (liquidation price 1,900): liquidatable at 1,800 by the exogenous move
///   alone → generation 0. Each sale: 1,520·1.05/1,800 ≈ 0.887 ETH ≈ 1,596 USD; all ten ≈ 15,960 USD.
/// - Impact: V10 = 32,784 USD, so ln(0.9)·15,960/32,784 = ln(0.95): the A sales take 5% off, to ≈ 1,710.
/// - 10 positions B with D = 1,400 (liquidation price 1,750): healthy at 1,800, liquidatable at ≈ 1,710 —
///   they need generation 0's impact → generation 1. Their sales (≈ 1,470 USD each) take another ≈ 4.6% off.
/// - 10 positions C with D = 1,336 (liquidation price 1,670): healthy at 1,800 and at ≈ 1,710, liquidatable
///   at ≈ 1,631 only with generation 1's impact too → generation 2.
/// - 10 positions D with D = 800 (liquidation price 1,000): never liquidated.
///
/// So cascade_depth = 3, and the generation of every liquidation is known.
final class CascadeDepthTests: XCTestCase {
    static func spec() -> ModelSpec {
        var book = PositionBook(assetCount: 1)
        for debt in [1520.0, 1400, 1336, 800] {
            for _ in 0..<10 { _ = book.append(collateral: [1], debt: debt) }
        }
        let eth = AssetPathSpec(name: "ETH", model: .constant(ConstantPriceSpec(price: 2000)),
                                moves: [.step(change: -0.10, atSeconds: 3600)])
        let collateral = CollateralAsset(name: "ETH", loanToValue: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05, debtCeilingUSD: .infinity)
        let v10 = 15_960 * log(0.9) / log(0.95)
        return ModelSpec(
            horizonSeconds: 4 * 3600, tickSeconds: 60, paths: PricePathSetSpec(assets: [eth]),
            pools: [.init(asset: "ETH", pool: PoolSpec(name: "deep", size: .depthUSD(1e9)))],
            arbitrage: .init(enabled: false),
            impact: PriceImpactSpec(volumeFor10PctMoveUSD: v10),
            protocolSpec: ProtocolSpec(collateral: [collateral], liquidation: .fixedSpread(FixedSpreadSpec(closeFactor: 1))),
            positions: .snapshot(book, source: "hand-built"),
            oracles: [OracleConfig(asset: "ETH", spec: .instant)],
            liquidators: [LiquidatorSpec(name: "bot", count: 1, reactionLatency: .constant(value: 1), gasBidding: .fixed(priorityFeeGwei: 2),
                                         minProfitUSD: 0, maxActionsPerWake: 100)])
    }

    func testTwoInducedWavesHaveTheDerivedGenerations() throws {
        let result = try Simulation(spec: Self.spec(), rootSeed: 7, replication: 0,
                                    recording: RecordingOptions(liquidations: true)).run()
        let byPosition = Dictionary(grouping: result.liquidations, by: \.position)
        XCTAssertEqual(result.metrics.liquidations, 30)
        XCTAssertEqual(Set(byPosition.keys), Set(0..<30), "A, B and C are liquidated, D never")
        for (position, records) in byPosition {
            let expected = position / 10
            XCTAssertEqual(records.map(\.generation), [expected], "position \(position)")
        }
        XCTAssertEqual(result.metrics.cascadeDepth, 3)
        // Liquidated debt in generations ≥ 1: (10·1,400 + 10·1,336) / (10·1,520 + 10·1,400 + 10·1,336).
        XCTAssertEqual(result.metrics.inducedLiquidatedDebt, (14_000 + 13_360) / (15_200 + 14_000 + 13_360.0), accuracy: 1e-12)
        // All three waves' sales stay in the price (permanent impact): C's ≈ 10·1,336·1.05/1,631·1,631 ≈ 14,028
        // USD too, so it ends near 1,800·exp(ln 0.9·(15,960 + 14,700 + 14,028)/32,784) ≈ 1,559. Each sale is
        // valued at the price it moves, so the sums are approximate: ±15 USD.
        XCTAssertEqual(result.metrics.minReferencePrice, 1559, accuracy: 15)
        XCTAssertEqual(result.metrics.toxicLiquidations, 0, "full liquidations leave no debt")
        XCTAssertEqual(result.metrics.badDebt, 0)
    }

    func testWithoutImpactOnlyTheExogenousWaveHappens() throws {
        var spec = Self.spec()
        spec.impact = nil
        let result = try Simulation(spec: spec, rootSeed: 7, replication: 0, recording: RecordingOptions(liquidations: true)).run()
        XCTAssertEqual(result.metrics.liquidations, 10)
        XCTAssertEqual(Set(result.liquidations.map(\.generation)), [0])
        XCTAssertEqual(result.metrics.cascadeDepth, 1)
        XCTAssertEqual(result.metrics.inducedLiquidatedDebt, 0)
    }

    func testSameSeedGivesIdenticalResults() throws {
        let spec = SmokeScenario.spec(mechanism: .fixedSpread(FixedSpreadSpec()), positions: 300)
        let a = try Simulation(spec: spec, rootSeed: 3, replication: 1, recording: RecordingOptions(timeSeries: true, liquidations: true)).run()
        let b = try Simulation(spec: spec, rootSeed: 3, replication: 1, recording: RecordingOptions(timeSeries: true, liquidations: true)).run()
        XCTAssertEqual(a.metrics, b.metrics)
        XCTAssertEqual(a.liquidations, b.liquidations)
        XCTAssertEqual(a.timeSeries, b.timeSeries)
        let c = try Simulation(spec: spec, rootSeed: 3, replication: 2).run()
        XCTAssertNotEqual(a.metrics, c.metrics, "another replication draws another population")
    }
}

/// A run whose ledger stops balancing fails loudly, in release builds too: the end-of-run check (not only the
/// debug-build assert after each liquidation) throws `SimulationFailure` naming the broken identity.
final class ConservationFailureTests: XCTestCase {
    func testABrokenLedgerFailsTheRun() throws {
        var spec = CascadeDepthTests.spec()
        spec.paths = PricePathSetSpec(assets: [AssetPathSpec(name: "ETH", model: .constant(ConstantPriceSpec(price: 2000)))])
        guard let rules = spec.protocolSpec.liquidation.parameters(as: FixedSpreadSpec.self) else { return XCTFail("expected fixed spread") }
        let sim = try Engine(spec: spec, mechanism: FixedSpreadMechanism(rules: rules), rootSeed: 1, replication: 0)
        sim.lending.ledger.debtWrittenOff += 1  // one unit of debt that no position, repayment or write-off explains
        XCTAssertThrowsError(try sim.run()) { error in
            guard let failure = error as? SimulationFailure else { return XCTFail("\(error)") }
            XCTAssertTrue(failure.reason.contains("debt"), failure.reason)
        }
    }
}
