import XCTest

/// Relative closeness in the spirit of swift-numerics' `isApproximatelyEqual(to:relativeTolerance:)`:
/// |a − b| ≤ tol · max(|a|, |b|), or exactly equal. Not transitive: compare against the exact reference value,
/// never chain. The default is tight, for exact reference values (STYLE.md).
public func isClose(_ a: Double, _ b: Double, relative tol: Double = 1e-12) -> Bool {
    a == b || abs(a - b) <= tol * max(abs(a), abs(b))
}

/// Asserts ``isClose(_:_:relative:)``, printing both values and the relative error.
public func assertClose(_ actual: Double, _ expected: Double, relativeTolerance tol: Double = 1e-12,
                        _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    let scale = max(abs(actual), abs(expected))
    XCTAssert(isClose(actual, expected, relative: tol),
              "\(actual) vs expected \(expected): relative error \(abs(actual - expected) / scale) > \(tol). \(message())",
              file: file, line: line)
}
