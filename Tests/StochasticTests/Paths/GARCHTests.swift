import Foundation
import Testing
@testable import Stochastic

@Suite("GARCH(1,1)")
struct GARCHTests {
    let spec = GARCHSpec(initialPrice: 100, omega: 1e-6, alpha: 0.1, beta: 0.85, degreesOfFreedom: 8)

    @Test("sample variance of returns matches ω/(1 − α − β); excess kurtosis > 0")
    func unconditionalVariance() throws {
        let batches = 40, batchLength = 10_000
        let plan = try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: .garch(spec))], tickSeconds: 60)
        let r = PathTestSupport.logReturns(try PathTestSupport.run(plan, seed: 5, ticks: batches * batchLength)[0])
        let target = spec.unconditionalVariancePerTick
        #expect(abs(target - 2e-5) < 1e-18)
        // GARCH returns are dependent (r² has autocorrelation ∝ (α + β)^k, a memory of ~1/(1 − 0.95) = 20
        // ticks), so the iid formula understates the error. Batch means: the sample variances of 40 batches of
        // 10,000 ticks (≫ 20) are nearly independent, so their spread gives the standard error of the overall
        // estimate; |error| < 4 SE (t with 39 df: p ≈ 3e-4). The fourth moment needed for this to converge
        // exists: β² + 2αβ + κα² = 0.94 < 1 with κ = 3(ν − 2)/(ν − 4) = 4.5 (He & Teräsvirta 1999).
        let batchVariances = (0..<batches).map { b in
            PathTestSupport.variance(Array(r[(b * batchLength)..<((b + 1) * batchLength)]))
        }
        let se = (PathTestSupport.variance(batchVariances) / Double(batches)).squareRoot()
        #expect(abs(PathTestSupport.mean(batchVariances) - target) < 4 * se)
        // Theoretical excess kurtosis κ(1 − (α+β)²)/(1 − (α+β)² − (κ − 1)α²) − 3 ≈ 4.0; innovations alone give
        // 1.5, so > 0 is far inside the sampling spread.
        #expect(PathTestSupport.excessKurtosis(r) > 0)
    }

    @Test("α + β ≥ 1 and ν ≤ 2 are rejected with clear messages")
    func validation() {
        var bad = spec
        bad.alpha = 0.2
        bad.beta = 0.8
        let problems = bad.validate()
        #expect(problems.map(\.key) == ["beta"])
        #expect(problems[0].message.contains("alpha + beta < 1"))
        bad = spec
        bad.degreesOfFreedom = 2
        #expect(bad.validate().map(\.key) == ["degrees_of_freedom"])
        #expect(spec.validate().isEmpty)
    }
}
