import XCTest
import Stochastic

final class CompensatedSumTests: XCTestCase {
    /// 1 + 1e-16 a million times, then the 1 taken out: naive summation loses every small term (1 + 1e-16
    /// rounds to 1), the compensated sum keeps them to within an ulp of 1e-10.
    func testSmallTermsNextToALargeOneAreKept() {
        var s = CompensatedSum()
        var naive = 0.0
        s.add(1)
        naive += 1
        for _ in 0..<1_000_000 {
            s.add(1e-16)
            naive += 1e-16
        }
        s.add(-1)
        naive -= 1
        XCTAssertEqual(naive, 0)
        XCTAssertEqual(s.value, 1e-10, accuracy: 1e-10 * 1e-9)
    }

    /// Members joining and leaving many times: values with 20 fractional bits, so the exact sum of those
    /// still in is an integer count of 2^-20 and can be kept in an Int. The running sum ends within two
    /// ulps of it; a plain Double sum, whose ulp at 1e11 is 1.5e-5, cannot keep the 2^-20 bits.
    func testJoinsAndLeavesDoNotDrift() {
        var s = CompensatedSum()
        var values: [Int] = []
        var exact = 0
        var x: UInt64 = 12345
        for i in 0..<200_000 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let v = Int(x >> 24)  // < 2^40, i.e. < 2^20 = 1,048,576 after scaling
            if i % 3 == 2, let last = values.popLast() {
                s.add(-Double(last) / 1_048_576)
                exact -= last
            } else {
                values.append(v)
                s.add(Double(v) / 1_048_576)
                exact += v
            }
        }
        let expected = Double(exact) / 1_048_576
        XCTAssertEqual(s.value, expected, accuracy: 2 * expected.ulp)
    }
}
