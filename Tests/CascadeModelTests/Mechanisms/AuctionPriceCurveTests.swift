import TestSupport
import XCTest
@testable import CascadeModel

/// The expectations of MakerDAO dss `src/test/abaci.t.sol`.
///
/// dss computes in 27-decimal fixed point (ray) and allows 1e8 ray (≈1e-19 absolute) at top = 50M; that is
/// below double resolution, so the stairstep cases use relative 1e-12, which double rounding over the 600
/// compounded steps of the test stays well inside.
final class AuctionPriceCurveTests: XCTestCase {
    func testLinearDecreaseMatchesAbaciTest() {
        // test_linear_decrease: tau = 3600, top = 1000; every 360 s the price drops by exactly 100, 0 at 3600.
        let curve = AuctionPriceCurve.linear(tauSeconds: 3600)
        XCTAssertEqual(curve.price(top: 1000, elapsedSeconds: 0), 1000)
        for k in 1...9 {
            assertClose(curve.price(top: 1000, elapsedSeconds: Double(360 * k)), Double(1000 - 100 * k), relativeTolerance: 1e-14)
        }
        XCTAssertEqual(curve.price(top: 1000, elapsedSeconds: 3600), 0)
        XCTAssertEqual(curve.price(top: 1000, elapsedSeconds: 5000), 0)
    }

    func testStairstepExponentialDecreaseMatchesAbaciTest() {
        // test_stairstep_exp_decrease: cut = 1 − 1.1234567890% or 1 − 2.1234567890%, step 1, 5 or 300 s,
        // top 50,000,000 and 0.0000001; for 600 s the price must equal the previous second's price, times cut
        // whenever i % step == 0.
        for top in [50_000_000.0, 1e-7] {
            for (percent, step) in [(1.1234567890, 1.0), (2.1234567890, 1), (1.1234567890, 5), (2.1234567890, 5), (1.1234567890, 300)] {
                let cut = 1 - percent / 100
                let curve = AuctionPriceCurve.stairstepExponential(cut: cut, stepSeconds: step)
                var price = curve.price(top: top, elapsedSeconds: 0)
                XCTAssertEqual(price, top)
                for i in 1..<600 {
                    let last = price
                    price = curve.price(top: top, elapsedSeconds: Double(i))
                    let expected = i % Int(step) == 0 ? last * cut : last
                    assertClose(price, expected, relativeTolerance: 1e-12, "top \(top) cut \(cut) step \(step) at \(i) s")
                }
            }
        }
    }

    func testContinuousExponentialDecreaseMatchesAbaciTest() {
        // test_continuous_exp_decrease: cut = 0.999230132966 (half-life 900 s), top 4000; at i·900 s the price
        // is 4000/2^i within 0.001 (dss tolerance RAY/1000), i = 0…4.
        let curve = AuctionPriceCurve.exponential(cut: 0.999230132966)
        var expected = 4000.0
        for i in 0..<5 {
            XCTAssertEqual(curve.price(top: 4000, elapsedSeconds: Double(i * 900)), expected, accuracy: 0.001)
            expected /= 2
        }
        assertClose(AuctionPriceCurve.exponentialCut(halfLifeSeconds: 900), 0.999230132966, relativeTolerance: 1e-12)
    }

    func testCurveValidation() {
        XCTAssertEqual(AuctionPriceCurve.stairstepExponential(cut: 1.01, stepSeconds: 0).validate().map(\.key), ["cut", "step_seconds"])
        XCTAssertEqual(AuctionPriceCurve.linear(tauSeconds: -1).validate().map(\.key), ["curve_tau_seconds"])
    }
}
