import Foundation
import Testing
@testable import Stochastic

@Suite("Regime switching")
struct RegimeSwitchingTests {
    // calm → crash at a = 0.5/day, crash → calm at b = 2/day.
    let spec = RegimeSwitchingSpec(
        initialPrice: 100,
        regimes: [.init(name: "calm", annualDrift: 0.05, annualVolatility: 0.5),
                  .init(name: "crash", annualDrift: -2, annualVolatility: 1.5)],
        transitionRatesPerDay: [[0, 0.5], [2, 0]])

    @Test("regime occupancy matches the chain's stationary distribution")
    func occupancy() throws {
        let dt = 600.0, days = 2000.0
        let ticks = Int(days * secondsPerDay / dt)
        let plan = try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: .regimeSwitching(spec))], tickSeconds: dt)
        var paths = try MultiAssetPaths(plan: plan, streams: StreamFactory(rootSeed: 9, replication: 0))
        var calm = 0
        for _ in 0..<ticks {
            if paths.regime(asset: 0) == 0 { calm += 1 }
            paths.advance()
        }
        let occupancy = Double(calm) / Double(ticks)
        let pi = try #require(spec.stationaryDistribution())
        #expect(abs(pi[0] - 0.8) < 1e-12)  // b/(a + b)
        // Two-state chain: the time average of 1{calm} over T days has variance 2ab/((a + b)³ T)
        // (sd ≈ 0.008 here). Discretization: a regime is left with probability 1 − e^{−q dt} per tick, so a
        // visit lasts dt/(1 − e^{−q dt}) ≈ 1/q + dt/2 on average; the occupancy is then
        // (1/a + h/2)/(1/a + 1/b + h) with h = dt in days, a known bias added to the 4-sd bound.
        let a = 0.5, b = 2.0, h = dt / secondsPerDay
        let sd = (2 * a * b / (pow(a + b, 3) * days)).squareRoot()
        let bias = abs((1 / a + h / 2) / (1 / a + 1 / b + h) - pi[0])
        #expect(abs(occupancy - pi[0]) < 4 * sd + bias)
    }

    @Test("three regimes: stationary distribution solves πQ = 0")
    func stationaryThree() throws {
        let three = RegimeSwitchingSpec(
            initialPrice: 1,
            regimes: [.init(name: "calm", annualVolatility: 0.5), .init(name: "stress", annualVolatility: 1),
                      .init(name: "crash", annualVolatility: 2)],
            transitionRatesPerDay: [[-0.3, 0.2, 0.1], [1, 0, 0.5], [0, 3, 0]], initialRegime: "stress")
        #expect(three.validate().isEmpty)
        #expect(three.initialRegimeIndex == 1)
        let pi = try #require(three.stationaryDistribution())
        let q = [[-0.3, 0.2, 0.1], [1, -1.5, 0.5], [0, 3, -3]]
        for j in 0..<3 {
            #expect(abs((0..<3).reduce(0) { $0 + pi[$1] * q[$1][j] }) < 1e-12)
        }
        #expect(abs(pi.reduce(0, +) - 1) < 1e-12)
    }

    @Test("the regime in force is recorded in sampled rows")
    func recorded() throws {
        let rows = try samplePaths(spec: PricePathSetSpec(assets: [AssetPathSpec(name: "ETH", model: .regimeSwitching(spec))]),
                                   streams: StreamFactory(rootSeed: 1, replication: 0), horizonSeconds: 30 * 86_400, tickSeconds: 3600)
        let eth = rows.filter { $0.asset == "ETH" }
        #expect(eth.count == 30 * 24 + 1)
        #expect(eth[0].regime == "calm")
        #expect(Set(eth.compactMap(\.regime)) == ["calm", "crash"])
        #expect(rows.filter { $0.asset == "DAI" }.allSatisfy { $0.price == 1 && $0.regime == nil })
    }

    @Test("malformed rate matrices are rejected")
    func validation() {
        var bad = spec
        bad.transitionRatesPerDay = [[0, -1], [2, 5]]
        #expect(bad.validate().map(\.key) == ["transition_rates_per_day[0][1]", "transition_rates_per_day[1][1]"])
        bad.transitionRatesPerDay = [[0, 1]]
        #expect(bad.validate().map(\.key) == ["transition_rates_per_day"])
        bad = spec
        bad.initialRegime = "panic"
        #expect(bad.validate().map(\.key) == ["initial_regime"])
    }
}
