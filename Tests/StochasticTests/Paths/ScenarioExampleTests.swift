import Foundation
import Testing
@testable import Stochastic

/// The price-path examples of Scenarios/README.md, written as the loader builds them: they must be valid.
@Suite("Documented scenario examples")
struct ScenarioExampleTests {
    @Test("synthetic stress: Merton with moves, regime switching, GARCH, 3×3 correlation")
    func syntheticStress() throws {
        let spec = PricePathSetSpec(
            assets: [
                AssetPathSpec(
                    name: "ETH",
                    model: .merton(MertonSpec(initialPrice: 2000, annualDrift: 0, annualVolatility: 0.8, jumpIntensityPerYear: 12,
                                              jumpSize: .lognormal(zeta: -0.1, sigma: 0.15))),
                    moves: [.linear(change: -0.43, startSeconds: 7200, durationSeconds: 50_400), .step(change: -0.2, atSeconds: 21_600)]),
                AssetPathSpec(name: "WBTC", model: .regimeSwitching(RegimeSwitchingSpec(
                    initialPrice: 30_000,
                    regimes: [.init(name: "calm", annualDrift: 0, annualVolatility: 0.5), .init(name: "crash", annualDrift: -4, annualVolatility: 2)],
                    transitionRatesPerDay: [[0, 0.1], [2, 0]], initialRegime: "calm"))),
                AssetPathSpec(name: "LINK", model: .garch(GARCHSpec(initialPrice: 7, omega: 2e-7, alpha: 0.08, beta: 0.9, degreesOfFreedom: 5))),
            ],
            correlation: [[1, 0.7, 0], [0.7, 1, 0], [0, 0, 1]])
        #expect(spec.validate().isEmpty)
        let rows = try samplePaths(spec: spec, streams: StreamFactory(rootSeed: 2020, replication: 0), horizonSeconds: 86_400, tickSeconds: 60)
        #expect(rows.count == 1441 * 4)
        #expect(rows.allSatisfy { $0.price.isFinite && $0.price > 0 })
    }

    @Test("bootstrap of the Black Thursday file at 1 h with blocks of 6")
    func bootstrapExample() throws {
        let history = try PriceHistory.load(path: PathTestSupport.dataFile(PathTestSupport.blackThursdayFile),
                                            timeColumn: "unix_time_s", priceColumn: "close")
        let spec = PricePathSetSpec(assets: [AssetPathSpec(
            name: "ETH", model: .bootstrap(BootstrapSpec(history: history, blockLengthTicks: 6, initialPrice: 2000)))])
        let plan = try PricePathPlan(spec: spec, tickSeconds: 3600)
        let rows = try samplePaths(plan: plan, streams: StreamFactory(rootSeed: 1, replication: 5), horizonSeconds: 7 * 86_400)
        #expect(rows.first?.price == 2000 && rows.allSatisfy { $0.replication == 5 })
    }
}
