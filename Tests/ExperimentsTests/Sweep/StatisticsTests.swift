import XCTest
import Stochastic

/// Statistics checked against values computed independently (by hand and with Python's statistics/scipy
/// on the same inputs; the reference values are written out below).
final class StatisticsTests: XCTestCase {
    func testSummaryOfASmallSample() {
        let s = SampleSummary([4, 1, 3, 2, 10])
        XCTAssertEqual(s.mean, 4)
        // Sample variance: ((0)² + 3² + 1² + 2² + 6²)/4 = 50/4 = 12.5.
        XCTAssertEqual(s.standardDeviation, 12.5.squareRoot(), accuracy: 1e-12)
        // Type-7 quantiles of sorted [1,2,3,4,10]: p50 = 3; p95 at h = 0.95·4 = 3.8 → 4 + 0.8·6 = 8.8.
        XCTAssertEqual(s.p50, 3)
        XCTAssertEqual(s.p95, 8.8, accuracy: 1e-12)
        XCTAssertEqual(s.p99, 4 + 0.96 * 6, accuracy: 1e-12)
        XCTAssertEqual(s.max, 10)
        // t(0.975, 4) = 2.7764451051977934 (scipy.stats.t.ppf).
        let half = 2.7764451051977934 * 12.5.squareRoot() / 5.0.squareRoot()
        XCTAssertEqual(s.meanLower95, 4 - half, accuracy: 1e-9)
        XCTAssertEqual(s.meanUpper95, 4 + half, accuracy: 1e-9)
        XCTAssertEqual(s.var95, 8.8, accuracy: 1e-12)
        XCTAssertEqual(s.cvar95, 10, "only 10 lies at or beyond the 95th percentile")
    }

    func testWilsonInterval() {
        // 3 successes in 20 trials, z = 1.959963984540054:
        // centre = (0.15 + z²/40)/(1 + z²/20), half = z·sqrt(0.15·0.85/20 + z²/1600)/(1 + z²/20)
        // = [0.052368745896216595, 0.36041886474075696] (the same formula evaluated in Python with
        // scipy.stats.norm.ppf(0.975)).
        let p = Proportion(successes: 3, trials: 20)
        XCTAssertEqual(p.lower95, 0.052368745896216595, accuracy: 1e-12)
        XCTAssertEqual(p.upper95, 0.36041886474075696, accuracy: 1e-12)
        let zero = Proportion(successes: 0, trials: 10)
        XCTAssertEqual(zero.lower95, 0)
        XCTAssertEqual(zero.upper95, 0.2775327998628892, accuracy: 1e-12)
        XCTAssertEqual(Proportion(successes: 10, trials: 10).upper95, 1)
    }
}
