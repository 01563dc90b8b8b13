import Foundation
import Testing
@testable import Stochastic

@Suite("GBM")
struct GBMTests {
    let spec = GBMSpec(initialPrice: 100, annualDrift: 0.1, annualVolatility: 0.8)

    @Test("log returns have mean (μ − σ²/2)dt and variance σ²dt")
    func logReturnMoments() throws {
        let dt = 3600.0, n = 50_000
        let plan = try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: .gbm(spec))], tickSeconds: dt)
        let r = PathTestSupport.logReturns(try PathTestSupport.run(plan, ticks: n)[0])
        let years = dt / secondsPerYear
        let s2 = spec.annualVolatility * spec.annualVolatility * years
        // The returns are iid N(m, s²): the sample mean has sd s/√n and the sample variance has sd
        // s²·√(2/(n − 1)) (chi-squared with n − 1 degrees of freedom). 4 sd: a false alarm once in ~16,000.
        let m = (spec.annualDrift - spec.annualVolatility * spec.annualVolatility / 2) * years
        #expect(abs(PathTestSupport.mean(r) - m) < 4 * s2.squareRoot() / Double(n).squareRoot())
        #expect(abs(PathTestSupport.variance(r) - s2) < 4 * s2 * (2 / Double(n - 1)).squareRoot())
    }

    @Test("E[S_T] = S0·e^{μT} across replications")
    func expectedTerminalPrice() throws {
        let dt = 6 * 3600.0, ticks = 120  // T = 30 days
        let plan = try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: .gbm(spec))], tickSeconds: dt)
        let replications = 4000
        var terminal: [Double] = []
        for rep in 0..<replications {
            var paths = try MultiAssetPaths(plan: plan, streams: StreamFactory(rootSeed: 7, replication: rep))
            for _ in 0..<ticks { paths.advance() }
            terminal.append(paths.price(asset: 0))
        }
        let t = Double(ticks) * dt / secondsPerYear
        let expected = spec.initialPrice * exp(spec.annualDrift * t)
        // S_T is lognormal: sd(S_T) = E[S_T]·√(e^{σ²T} − 1), so the mean of N paths has sd that over √N
        // (≈ 0.37% here). 4 sd; the uncompensated drift e^{(μ−σ²/2)T} would be 2.6% lower and fail.
        let sd = expected * (exp(spec.annualVolatility * spec.annualVolatility * t) - 1).squareRoot() / Double(replications).squareRoot()
        #expect(abs(PathTestSupport.mean(terminal) - expected) < 4 * sd)
    }

    @Test("validation names scenario keys")
    func validation() {
        let bad = GBMSpec(initialPrice: -1, annualDrift: .nan, annualVolatility: -0.2)
        #expect(bad.validate().map(\.key) == ["initial_price", "annual_drift", "annual_volatility"])
        let set = PricePathSetSpec(assets: [AssetPathSpec(name: "ETH", model: .gbm(bad))])
        #expect(set.validate().first?.key == "assets[0].initial_price")
        #expect(throws: PricePathSpecError.self) { try PricePathPlan(spec: set, tickSeconds: 60) }
        #expect(spec.validate().isEmpty)
    }
}
