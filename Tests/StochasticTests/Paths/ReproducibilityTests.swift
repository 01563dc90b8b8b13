import Foundation
import Testing
@testable import Stochastic

@Suite("Streams and reproducibility")
struct ReproducibilityTests {
    func everyModel() throws -> [AssetPathSpec] {
        let history = try PriceHistory.load(path: PathTestSupport.dataFile(PathTestSupport.blackThursdayFile),
                                            timeColumn: "unix_time_s", priceColumn: "close")
        return [
            AssetPathSpec(name: "A", model: .gbm(GBMSpec(initialPrice: 100, annualVolatility: 0.8))),
            AssetPathSpec(name: "B", model: .merton(MertonSpec(initialPrice: 100, annualVolatility: 0.5, jumpIntensityPerYear: 50))),
            AssetPathSpec(name: "C", model: .garch(GARCHSpec(initialPrice: 100, omega: 1e-6, alpha: 0.1, beta: 0.8, degreesOfFreedom: 5))),
            AssetPathSpec(name: "D", model: .regimeSwitching(RegimeSwitchingSpec(
                initialPrice: 100, regimes: [.init(name: "calm", annualVolatility: 0.4), .init(name: "crash", annualDrift: -3, annualVolatility: 2)],
                transitionRatesPerDay: [[0, 1], [4, 0]]))),
            AssetPathSpec(name: "E", model: .bootstrap(BootstrapSpec(history: history, blockLengthTicks: 4))),
        ]
    }

    @Test("same seed and replication → identical paths; another replication → different paths")
    func sameSeed() throws {
        let plan = try PathTestSupport.plan(try everyModel(), tickSeconds: 3600)
        let a = try PathTestSupport.run(plan, seed: 99, replication: 3, ticks: 500)
        let b = try PathTestSupport.run(plan, seed: 99, replication: 3, ticks: 500)
        let c = try PathTestSupport.run(plan, seed: 99, replication: 4, ticks: 500)
        #expect(a == b)
        for k in 0..<5 { #expect(a[k] != c[k], "asset \(k)") }
        #expect(a[5].allSatisfy { $0 == 1 })  // the default debt asset
        #expect(a.joined().allSatisfy { $0.isFinite && $0 > 0 })
    }

    @Test("adding an asset never changes another's draws (without a correlation matrix)")
    func independentStreams() throws {
        let models = try everyModel()
        let alone = try PathTestSupport.run(try PathTestSupport.plan([models[0], models[3]], tickSeconds: 600), ticks: 300)
        let more = try PathTestSupport.run(try PathTestSupport.plan(models, tickSeconds: 600), ticks: 300)
        #expect(alone[0] == more[0] && alone[1] == more[3])
    }

    @Test("extreme parameters still give finite positive prices")
    func extreme() throws {
        let plan = try PathTestSupport.plan([
            AssetPathSpec(name: "X", model: .gbm(GBMSpec(initialPrice: 1e-300, annualDrift: -50, annualVolatility: 30))),
            AssetPathSpec(name: "Y", model: .gbm(GBMSpec(initialPrice: 1e300, annualDrift: 80, annualVolatility: 30))),
        ], tickSeconds: 86_400)
        let p = try PathTestSupport.run(plan, ticks: 3000)
        #expect(p.joined().allSatisfy { $0.isFinite && $0 > 0 })
    }
}
