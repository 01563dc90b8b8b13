import XCTest
@testable import Experiments

/// The benchmark reports `cascade bench` prints: growth tables with their ratios, and the summary against the
/// targets. Figures here are made up; the layout and the arithmetic are what is checked.
final class BenchmarkReportTests: XCTestCase {
    static let small = GrowthPoint(positions: 10_000, days: 30, wallSeconds: 1, cpuSeconds: 0.9, events: 1_000, eventsPerSecond: 1_000, peakRSSMiB: 20)
    static let large = GrowthPoint(positions: 100_000, days: 30, wallSeconds: 3, cpuSeconds: 2.7, events: 3_000, eventsPerSecond: 1_000, peakRSSMiB: 50)

    func testTheGrowthTableGivesEachRowsRatiosToThePreviousOne() {
        let table = growthTable("Against positions", [Self.small, Self.large]) { Double($0.positions) }
        let lines = table.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "Against positions")
        XCTAssertEqual(lines[3], "| 10000 | 30 | 1.00 | 0.90 | 1000 | 1000 | 20 | – | – | – | – |")
        // 10× the positions, 3× the wall time and CPU, 2.5× the memory.
        XCTAssertEqual(lines[4], "| 100000 | 30 | 3.00 | 2.70 | 3000 | 1000 | 50 | 10.00 | 3.00 | 3.00 | 2.50 |")
    }

    func testTheSummaryPutsEachFigureBesideItsTarget() {
        var kernel = KernelFigures()
        kernel.swift = [9e6, 8e6, 10e6]
        kernel.c = [10e6]
        let sweep = SweepBenchmarkResult(scenarioName: "s", serial: SweepTiming(jobs: 1, runs: 64, seconds: 1),
                                         parallel: SweepTiming(jobs: 2, runs: 64, seconds: 0.5), identical: true)
        let summary = benchmarkSummary(kernel: kernel, growth: ([Self.small, Self.large], [Self.small]), sweep: sweep)
        XCTAssertTrue(summary.contains("| kernel, Swift / C | 0.900 | ≥ 0.9 |"), summary)
        XCTAssertTrue(summary.contains("| growth, 10000 → 100000 positions | 3.00× wall, 3.00× CPU, 2.50× RSS | ≤ ~10× |"), summary)
        XCTAssertTrue(summary.contains("| sweep efficiency | 100.0% | ≥ 90% |"), summary)
        XCTAssertTrue(summary.contains("| sweep byte-identical | yes | yes |"), summary)
    }

    func testTheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        XCTAssertEqual(KernelFigures.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(KernelFigures.median([5, 1, 3]), 3)
        XCTAssertTrue(KernelFigures.median([]).isNaN)
    }
}
