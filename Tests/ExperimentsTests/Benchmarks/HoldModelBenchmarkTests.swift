import Experiments
import XCTest

final class HoldModelBenchmarkTests: XCTestCase {
    /// The Swift kernel fires exactly the events the C reference does. Expected values printed by
    /// `benchmarks/bin/hold_c 10000 100 42` (GSL mt19937, same draw order): final_time=99.265307619577968.
    func testMatchesTheCReference() throws {
        let result = try runHoldModel(events: 10_000, pending: 100, seed: 42)
        XCTAssertEqual(result.events, 10_000)
        XCTAssertEqual(result.finalTime, 99.265307619577968)
        XCTAssertTrue(result.line.hasPrefix("events=10000 seconds="))
        XCTAssertTrue(result.line.hasSuffix(" final_time=99.265307619577968"), result.line)
        XCTAssertTrue(result.line.contains(" events_per_second="))
    }

    func testZeroEvents() throws {
        let result = try runHoldModel(events: 0, pending: 10)
        XCTAssertEqual(result.events, 0)
        XCTAssertEqual(result.finalTime, 0)
    }
}
