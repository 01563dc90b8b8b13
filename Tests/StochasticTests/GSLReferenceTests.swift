import Stochastic
import XCTest

/// Exact values from GSL's own documentation. They hold only if RandomStream seeds and calls GSL the way the
/// manual's example programs do, so they catch a wrong generator type, a wrong seed, or a missed draw.
final class GSLReferenceTests: XCTestCase {
    /// GSL manual, "Random Number Generation" → "Random number environment variables": the example program run
    /// with no environment (mt19937, seed 0) prints `first value = 4293858116`.
    /// Seed 0 selects mt19937's original default seed 4357 (manual, "Random number generator algorithms").
    func testMT19937FirstValueAtSeedZero() throws {
        XCTAssertEqual(try RandomStream(type: .mt19937, seed: 0).nextRaw(), 4_293_858_116)
        XCTAssertEqual(try RandomStream(type: .mt19937, seed: 4357).nextRaw(), 4_293_858_116)
    }

    /// GSL manual, "Random Number Generation" → "Examples": ten `gsl_rng_uniform` values from the default
    /// generator printed with `%.5f`. The first is consistent with the raw value above: 4293858116 / 2³² =
    /// 0.9997417...
    func testManualUniformExampleAtSeedZero() throws {
        let stream = try RandomStream(type: .mt19937, seed: 0)
        let printed = (0..<10).map { _ in String(format: "%.5f", stream.uniform()) }
        XCTAssertEqual(printed, ["0.99974", "0.16291", "0.28262", "0.94720", "0.23166",
                                 "0.48497", "0.95748", "0.74431", "0.54004", "0.73995"])
    }

    /// GSL manual, "Random Number Distributions" → "Examples": ten Poisson(3) variates from the default
    /// generator print `2 5 5 2 1 0 3 4 1 1`, and `4 5 6 3 3 1 4 2 5 5` with GSL_RNG_SEED=123.
    func testManualPoissonExample() throws {
        let seed0 = try RandomStream(type: .mt19937, seed: 0)
        XCTAssertEqual((0..<10).map { _ in seed0.poisson(mean: 3) }, [2, 5, 5, 2, 1, 0, 3, 4, 1, 1])
        let seed123 = try RandomStream(type: .mt19937, seed: 123)
        XCTAssertEqual((0..<10).map { _ in seed123.poisson(mean: 3) }, [4, 5, 6, 3, 3, 1, 4, 2, 5, 5])
        // The same draws through Distribution.
        let stream = try RandomStream(type: .mt19937, seed: 0)
        XCTAssertEqual((0..<10).map { _ in Distribution.poisson(mean: 3).sample(stream) }, [2, 5, 5, 2, 1, 0, 3, 4, 1, 1])
    }

    /// GSL manual, "Random Number Distributions" → "Examples" (cdf example): for the unit gaussian
    /// P(x < 2) = 0.977250 and Q(x > 2) = 0.022750 (printed to 6 decimals).
    func testManualGaussianCDFExample() throws {
        let p = try XCTUnwrap(Distribution.gaussian(mean: 0, sigma: 1).cdf(2))
        XCTAssertEqual(String(format: "%f", p), "0.977250")
        XCTAssertEqual(String(format: "%f", 1 - p), "0.022750")
        // Location is added on top of GSL's zero-centred gaussian.
        XCTAssertEqual(try XCTUnwrap(Distribution.gaussian(mean: 10, sigma: 1).cdf(12)), p, accuracy: 1e-15)
    }

    /// `gsl_rng_name` of every type Cascade exposes is GSL's own name, the raw value a scenario file uses.
    func testGeneratorNames() throws {
        for type in GeneratorType.allCases {
            XCTAssertEqual(try RandomStream(type: type, seed: 1).gslName, type.rawValue)
        }
        XCTAssertEqual(GeneratorType.allCases.map(\.rawValue), ["mt19937", "ranlxd2", "ranlxs2", "taus2", "mrg", "gfsr4"])
    }

    /// Every generator type draws uniforms in [0, 1) and the seed is honoured (same seed, same draws).
    func testEveryGeneratorIsSeededAndInRange() throws {
        for type in GeneratorType.allCases {
            let a = try RandomStream(type: type, seed: 2024)
            let b = try RandomStream(type: type, seed: 2024)
            let c = try RandomStream(type: type, seed: 2025)
            let xa = (0..<100).map { _ in a.uniform() }
            XCTAssertEqual(xa, (0..<100).map { _ in b.uniform() }, "\(type)")
            XCTAssertNotEqual(xa, (0..<100).map { _ in c.uniform() }, "\(type)")
            XCTAssertTrue(xa.allSatisfy { $0 >= 0 && $0 < 1 }, "\(type)")
        }
    }

    /// SplitMix64's published outputs for state 0 (Vigna, prng.di.unimi.it/splitmix64.c): `mix` is its output
    /// function applied after one increment, so mix(0) and mix(γ) are the first two outputs.
    func testSeedMixerMatchesSplitMix64ReferenceOutputs() {
        XCTAssertEqual(SeedDerivation.mix(0), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(SeedDerivation.mix(0x9E37_79B9_7F4A_7C15), 0x6E78_9E6A_A1B9_65F4)
    }

    /// FNV-1a 64-bit published test vectors (Fowler/Noll/Vo, isthe.com/chongo/tech/comp/fnv).
    func testFNV1aTestVectors() {
        XCTAssertEqual(SeedDerivation.fnv1a(""), 0xCBF2_9CE4_8422_2325)
        XCTAssertEqual(SeedDerivation.fnv1a("a"), 0xAF63_DC4C_8601_EC8C)
        XCTAssertEqual(SeedDerivation.fnv1a("foobar"), 0x8594_4171_F739_67E8)
    }
}
