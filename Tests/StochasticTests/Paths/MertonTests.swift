import Foundation
import Testing
@testable import Stochastic

@Suite("Merton jump-diffusion")
struct MertonTests {
    // No diffusion, so every tick's log return is the compensated drift c plus the log jumps, and a jump
    // tick is recognisable exactly.
    let spec = MertonSpec(initialPrice: 100, annualDrift: 0, annualVolatility: 0, jumpIntensityPerYear: 500,
                          jumpSize: .lognormal(zeta: -0.1, sigma: 0.15))
    let dt = 600.0
    let n = 200_000

    func returns() throws -> (returns: [Double], drift: Double) {
        let plan = try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: .merton(spec))], tickSeconds: dt)
        let r = PathTestSupport.logReturns(try PathTestSupport.run(plan, seed: 11, ticks: n)[0])
        let c = (spec.annualDrift - spec.jumpIntensityPerYear * spec.meanRelativeJump!) * dt / secondsPerYear
        return (r, c)
    }

    @Test("ticks with a jump occur at rate 1 − e^{−λ dt}")
    func arrivalRate() throws {
        let (r, c) = try returns()
        let jumpTicks = r.filter { abs($0 - c) > 1e-9 }.count
        // Each tick has ≥ 1 jump with p = 1 − e^{−λdt} independently: Binomial(n, p), sd √(np(1 − p)).
        // (A log jump within 1e-9 of 0 has probability ~1e-8 under N(−0.1, 0.15²).) 4 sd.
        let p = -expm1(-spec.jumpIntensityPerYear * dt / secondsPerYear)
        let expected = Double(n) * p
        #expect(abs(Double(jumpTicks) - expected) < 4 * (expected * (1 - p)).squareRoot())
    }

    @Test("jump sizes follow the jump distribution")
    func jumpSizes() throws {
        let (r, c) = try returns()
        let jumps = r.filter { abs($0 - c) > 1e-9 }.map { exp($0 - c) }
        let d = PathTestSupport.ksStatistic(jumps) { spec.jumpSize.cdf($0)! }
        // KS: P(√n·D > 1.95) ≈ 0.001. A jump tick holds two jumps with probability ≈ λdt/2 ≈ 0.5%, which can
        // move the empirical CDF by at most that much: added to the bound.
        let lambdaDt = spec.jumpIntensityPerYear * dt / secondsPerYear
        #expect(d < 1.95 / Double(jumps.count).squareRoot() + lambdaDt / 2)
    }

    @Test("the compensated drift keeps E[S_T] = S0·e^{μT}")
    func compensation() throws {
        let jumpy = MertonSpec(initialPrice: 100, annualDrift: 0.2, annualVolatility: 0.5, jumpIntensityPerYear: 20,
                               jumpSize: .lognormal(zeta: -0.2, sigma: 0.1))
        let plan = try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: .merton(jumpy))], tickSeconds: 86_400)
        var terminal: [Double] = []
        for rep in 0..<4000 {
            var paths = try MultiAssetPaths(plan: plan, streams: StreamFactory(rootSeed: 3, replication: rep))
            for _ in 0..<73 { paths.advance() }  // T = 0.2 years
            terminal.append(paths.price(asset: 0))
        }
        let t = 0.2, expected = 100 * exp(0.2 * t)
        // Var(S_T)/E[S_T]² = exp((σ² + λ·E[(J−1)²]) T) − 1 for Merton's model (moments of a compound Poisson
        // exponential martingale); sd of the mean over √N. 4 sd.
        let ej2 = exp(2 * -0.2 + 2 * 0.01), ej = exp(-0.2 + 0.005)
        let relVar = exp((0.25 + 20 * (ej2 - 2 * ej + 1)) * t) - 1
        #expect(abs(PathTestSupport.mean(terminal) - expected) < 4 * expected * (relVar / 4000).squareRoot())
    }

    @Test("jump sizes must be positive multipliers with a mean")
    func validation() {
        var bad = spec
        bad.jumpSize = .gaussian(mean: 0, sigma: 1)
        #expect(bad.validate().map(\.key) == ["jump_size"])
        bad.jumpSize = .lognormal(zeta: 0, sigma: -1)
        #expect(bad.validate().map(\.key) == ["jump_size.sigma"])
        bad.jumpSize = .pareto(shape: 0.5, scale: 1)
        #expect(bad.validate().first?.message.contains("no finite mean") == true)
        #expect(spec.validate().isEmpty)
    }
}
