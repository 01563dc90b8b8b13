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
        let million = GrowthPoint(positions: 1_000_000, days: 30, wallSeconds: 40, cpuSeconds: 36, events: 9_000, eventsPerSecond: 1_000, peakRSSMiB: 95)
        let crash = GrowthPoint(positions: 1_000_000, days: 3, wallSeconds: 0.7, cpuSeconds: 0.7, events: 10, eventsPerSecond: 1, peakRSSMiB: 90)
        let replay = GrowthPoint(positions: 20_000, days: 3, wallSeconds: 0.2, cpuSeconds: 0.2, events: 10, eventsPerSecond: 1, peakRSSMiB: 30)
        let idle = GrowthPoint(positions: 1, days: 30, wallSeconds: 0.7, cpuSeconds: 0.68, events: 272_000, eventsPerSecond: 4e5, peakRSSMiB: 24)
        let summary = benchmarkSummary(kernel: kernel, growth: ([Self.small, Self.large, million], [Self.small]), sweep: sweep,
                                       crash: crash, replay: replay, idle: idle)
        XCTAssertTrue(summary.contains("| fixed part, 1 position × 30 days: CPU | 0.68 s (2.50 µs per event) | |"), summary)
        XCTAssertTrue(summary.contains("| kernel, Swift / C | 0.900 | ≥ 0.95 ✘ |"), summary)
        // 100k → 1M: 36 / 2.7 = 13.3× CPU, over the 10× target.
        XCTAssertTrue(summary.contains("| growth, 100k → 1M positions | 13.33× CPU, 1.90× RSS | ≤ 10.0× ✘ |"), summary)
        XCTAssertTrue(summary.contains("| crash-1m (1000000 positions, −50% over a day): CPU | 0.70 s | ≤ 0.8 s ✔ |"), summary)
        XCTAssertTrue(summary.contains("| replay-20k (20000 positions, deterministic): CPU | 0.200 s | ≤ 0.08 s ✘ |"), summary)
        XCTAssertTrue(summary.contains("| sweep -j 1 | 64.00 runs/s | ≥ 100 runs/s per core ✘ |"), summary)
        XCTAssertTrue(summary.contains("| sweep efficiency | 100.0% | ≥ 90% ✔ |"), summary)
        XCTAssertTrue(summary.contains("| sweep byte-identical | yes | yes |"), summary)
    }

    func testTheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        XCTAssertEqual(KernelFigures.median([4, 1, 3, 2]), 2.5)
        XCTAssertEqual(KernelFigures.median([5, 1, 3]), 3)
        XCTAssertTrue(KernelFigures.median([]).isNaN)
    }
}
