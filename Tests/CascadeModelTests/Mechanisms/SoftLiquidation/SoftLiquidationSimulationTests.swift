import TestSupport
import XCTest
import Stochastic
@testable import CascadeModel

/// Soft liquidation through the whole engine: the book's positions become LLAMMA loans, keepers arbitrage the
/// bands against the pool and hard-liquidate loans whose health falls below 0. Debug builds check after every
/// swap and liquidation that the protocol's ledger holds exactly the collateral in the bands, and the ledger's
/// own conservation (`SoftLiquidationMechanism.checkBands`).
final class SoftLiquidationSimulationTests: XCTestCase {
    static func spec(_ soft: SoftLiquidationSpec = SoftLiquidationSpec(), positions: Int = 60, crash: Double = -0.25,
                     durationSeconds: Double = 6 * 3600, recover: Bool = false, depthUSD: Double = 20_000_000) -> ModelSpec {
        var moves: [ScriptedMove] = [.linear(change: crash, startSeconds: 3600, durationSeconds: durationSeconds)]
        if recover { moves.append(.linear(change: -crash / (1 + crash), startSeconds: 3600 + durationSeconds, durationSeconds: durationSeconds)) }
        var spec = SmokeScenario.spec(mechanism: .softLiquidation(soft), positions: positions, depthUSD: depthUSD)
        spec.paths = PricePathSetSpec(assets: [AssetPathSpec(name: "ETH", model: .constant(ConstantPriceSpec(price: 2000)), moves: moves)])
        spec.horizonSeconds = 3600 + durationSeconds * (recover ? 2 : 1) + 3600
        return spec
    }

    func run(_ spec: ModelSpec, seed: UInt64 = 1) throws -> RunResult {
        XCTAssertEqual(spec.crossProblems(), [])
        return try Simulation(spec: spec, rootSeed: seed, replication: 0,
                              recording: RecordingOptions(timeSeries: true, liquidations: true)).run()
    }

    /// A slow 25% decline through deep liquidity: the arbitrageurs convert the loans' collateral to USD as the
    /// price passes their bands, so loans lose a little to rebalancing and none goes bad.
    func testASlowDeclineIsSoftLiquidatedWithoutBadDebt() throws {
        let r = try run(Self.spec(crash: -0.4))
        let m = r.metrics
        XCTAssertGreaterThan(m.softSwaps, 10)
        XCTAssertGreaterThan(m.softLoansEntered, 10)
        XCTAssertGreaterThan(m.softLoanHours, 0)
        XCTAssertEqual(m.badDebt, 0, accuracy: 1e-6)
        XCTAssertGreaterThan(m.softLossMean, 0, "rebalancing costs the borrowers the fees and the arbitrage")
        XCTAssertLessThan(m.softLossMax, 0.10)
        XCTAssertTrue(r.liquidations.contains { $0.step == .softSwap })
        XCTAssertGreaterThan(m.liquidatorProfit, 0, "arbitrage pays the keepers")
        // The swaps sold collateral at falling prices, never above the market's start.
        for s in r.liquidations where s.step == .softSwap { XCTAssertLessThan(s.price, 2000 * 1.01) }
    }

    /// `bands.csv`: one loan's bands at every sample, the loan the crash reaches first; its collateral leaves
    /// the top band before the bottom one, and the rows account for all it holds (its collateral at the start).
    func testOneLoansBandsAreRecordedThroughTheRun() throws {
        let r = try run(Self.spec(crash: -0.4))
        XCTAssertFalse(r.loanBands.isEmpty)
        let first = r.loanBands.filter { $0.timeSeconds == 0 }
        XCTAssertGreaterThanOrEqual(first.count, 4)
        XCTAssertEqual(Set(r.loanBands.map(\.position)).count, 1)
        XCTAssertEqual(Set(r.timeSeries.map(\.timeSeconds)), Set(r.loanBands.map(\.timeSeconds)), "a row set per sample while open")
        for row in first {
            XCTAssertEqual(row.usd, 0)
            XCTAssertGreaterThan(row.collateral, 0)
            XCTAssertLessThan(row.priceUp, 2000, "bands start below the oracle")
        }
        // On the way down there is a sample where the top band has been sold and the bottom one not yet, and
        // by the end (the price 40% down, below all its bands) the loan holds USD.
        let samples = Dictionary(grouping: r.loanBands, by: \.timeSeconds)
        XCTAssertTrue(samples.values.contains { rows in
            let top = rows.min { $0.band < $1.band }!, bottom = rows.max { $0.band < $1.band }!
            return top.collateral < 1e-12 && bottom.collateral > 0
        })
        let last = samples[samples.keys.max()!]!
        XCTAssertGreaterThan(last.map(\.usd).reduce(0, +), 0)
    }

    /// Down and back up: on the way back the keepers sell collateral to the bands (de-liquidation), so the
    /// loans end holding collateral again and swaps went both ways.
    func testARecoveryDeliquidates() throws {
        let r = try run(Self.spec(recover: true))
        let swaps = r.liquidations.filter { $0.step == .softSwap }
        XCTAssertTrue(swaps.contains { $0.collateralSeized > 0 }, "pumps: collateral out of the bands")
        XCTAssertTrue(swaps.contains { $0.collateralSeized < 0 }, "dumps: collateral back into the bands")
        XCTAssertEqual(r.metrics.badDebt, 0, accuracy: 1e-6)
        // Back at 2000 the bands hold mostly collateral again.
        let last = try XCTUnwrap(r.timeSeries.last)
        XCTAssertGreaterThan(last.collateralValue, 0.8 * last.totalDebt)
    }

    /// A 50% crash in an hour through a 5M pool outruns the arbitrage: loans whose health falls below 0 are
    /// hard-liquidated by the keepers while their USD and collateral are worth more than the debt (a 6%
    /// liquidation discount leaves that margin), and what no keeper will take is bad debt.
    func testAFastCrashHardLiquidates() throws {
        let r = try run(Self.spec(SoftLiquidationSpec(loanDiscount: 0.09, liquidationDiscount: 0.06), crash: -0.5,
                                  durationSeconds: 3600, depthUSD: 5_000_000))
        XCTAssertGreaterThan(r.metrics.liquidations, 0)
        XCTAssertTrue(r.liquidations.contains { $0.step == .softLiquidate })
        for l in r.liquidations where l.step == .softLiquidate { XCTAssertLessThan(l.healthFactorBefore, 0) }
        XCTAssertEqual(r.metrics.badDebt, r.metrics.realizedBadDebt + r.metrics.unrealizedBadDebt, accuracy: 1e-6)
    }

    /// The same scenario and seed give the same results.
    func testRunsAreDeterministic() throws {
        let a = try run(Self.spec(crash: -0.4, durationSeconds: 3600)), b = try run(Self.spec(crash: -0.4, durationSeconds: 3600))
        XCTAssertEqual(a.metrics, b.metrics)
        XCTAssertEqual(a.liquidations, b.liquidations)
    }

    /// A book that borrows more than LLAMMA lends on its bands is refused with a message naming a position.
    func testABookLLAMMAWouldRefuseFailsClearly() throws {
        var spec = Self.spec(SoftLiquidationSpec(bandsMin: 50))
        spec.positions = .population(PopulationSpec(count: 20, size: .lognormal(zeta: log(20_000), sigma: 1),
                                                    initialHealthFactor: .flat(min: 1.01, max: 1.02), assetWeights: [1]))
        XCTAssertThrowsError(try Simulation(spec: spec, rootSeed: 1, replication: 0).run()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("borrow more than LLAMMA lends") && text.contains("position"), text)
        }
    }

    /// Scenario problems are named by key: several collateral assets, borrower reactions, out-of-range keys.
    func testScenarioProblemsAreNamed() {
        var spec = Self.spec()
        spec.borrowers = BorrowerSpec(enabled: true)
        XCTAssertEqual(spec.crossProblems().map(\.key), ["borrowers.enabled"])
        let bad = SoftLiquidationSpec(amplification: 1, bandsMin: 3, fee: 0.5, loanDiscount: 0.01, liquidationDiscount: 0.02)
        XCTAssertEqual(Set(bad.validate().map(\.key)), ["amplification", "bands_min", "bands_max", "fee", "liquidation_discount"])
        XCTAssertEqual(SoftLiquidationSpec().validate(), [])
    }

    /// Loans get their band counts from the range, deterministically by position, covering it.
    func testBandCountsCoverTheRange() {
        let s = SoftLiquidationSpec(bandsMin: 4, bandsMax: 20)
        let counts = (0..<2000).map(s.bands(forLoan:))
        XCTAssertEqual(Set(counts), Set(4...20))
        XCTAssertEqual(counts, (0..<2000).map(s.bands(forLoan:)))
        // Each of the 17 values within 4.5 standard errors of 2000/17 draws.
        let expected = 2000.0 / 17, sd = (expected * (1 - 1.0 / 17)).squareRoot()
        for v in 4...20 { XCTAssertLessThan(abs(Double(counts.filter { $0 == v }.count) - expected), 4.5 * sd) }
    }
}
