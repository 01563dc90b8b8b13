import CGSL
import XCTest
@testable import Stochastic

/// The hot draws read an MT19937 stream's state in place (CGSL's `cascade_mt_*`) instead of calling GSL
/// through the generator's function table. They must give GSL's numbers, bit for bit, and leave the stream
/// where GSL would: one stream draws through the inlined path, a twin of the same seed through GSL itself,
/// interleaved with GSL's own calls on the first, over 10^6 draws (about 4,000 refills of the 624-word state).
final class InlineDrawTests: XCTestCase {
    func testInlinedDrawsAreGSLsDrawsBitForBit() throws {
        for seed: UInt64 in [0, 1, 7, 1234, 0xDEAD_BEEF] {
            let fast = try RandomStream(type: .mt19937, seed: seed)
            let reference = try RandomStream(type: .mt19937, seed: seed)
            XCTAssertTrue(fast.isMT19937)
            var mismatches = 0
            for i in 0..<200_000 {
                let zeta = Double(i % 7) - 3, sigma = 0.1 + Double(i % 5) * 0.3
                switch i % 4 {
                case 0, 1:
                    let a = fast.lognormal(zeta: zeta, sigma: sigma), b = gsl_ran_lognormal(reference.rng, zeta, sigma)
                    if a.bitPattern != b.bitPattern { mismatches += 1 }
                case 2:
                    if fast.uniform().bitPattern != gsl_rng_uniform(reference.rng).bitPattern { mismatches += 1 }
                default:
                    // GSL's own call on the inlined stream: the state the inlined path left is GSL's.
                    if gsl_rng_uniform(fast.rng).bitPattern != gsl_rng_uniform(reference.rng).bitPattern { mismatches += 1 }
                }
            }
            XCTAssertEqual(mismatches, 0, "seed \(seed)")
            XCTAssertEqual(fast.nextRaw(), reference.nextRaw(), "seed \(seed)")
        }
    }

    /// Another generator type takes GSL's path, not the MT19937 one.
    func testOtherGeneratorsUseGSL() throws {
        let taus = try RandomStream(type: .taus2, seed: 3), twin = try RandomStream(type: .taus2, seed: 3)
        XCTAssertFalse(taus.isMT19937)
        for _ in 0..<1_000 {
            XCTAssertEqual(taus.lognormal(zeta: 0, sigma: 1).bitPattern, gsl_ran_lognormal(twin.rng, 0, 1).bitPattern)
        }
    }
}
