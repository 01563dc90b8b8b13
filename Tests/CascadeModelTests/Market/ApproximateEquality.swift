import XCTest

/// Relative comparison in the spirit of swift-numerics' `isApproximatelyEqual(to:relativeTolerance:)`
/// (not transitive; compare against the exact reference value, never chain).
func assertClose(_ actual: Double, _ expected: Double, relativeTolerance tol: Double,
                 _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    let scale = max(abs(actual), abs(expected))
    let ok = actual == expected || abs(actual - expected) <= tol * scale
    XCTAssert(ok, "\(actual) vs expected \(expected): relative error \(abs(actual - expected) / scale) > \(tol). \(message())",
              file: file, line: line)
}
