import Foundation
import Stochastic
import XCTest
@testable import Experiments

final class SweepExecutorTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "cascade-sweep-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    private func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// A layout of 3 × 2 grid points with 4 replications and a deterministic fake model whose metrics depend
    /// only on the job, drawn from the job's own substream like a real run.
    private func layout() throws -> SweepLayout {
        let spec = SweepSpec(design: .grid, replications: 4, samples: 1, parameters: [
            .init(key: "a", values: [.double(1), .double(2), .double(3)], min: 0, max: 0, logScale: false, steps: 0, integer: false),
            .init(key: "b", values: [.string("x"), .string("y,z")], min: 0, max: 0, logScale: false, steps: 0, integer: false),
        ], cases: [])
        return SweepLayout(scenarioName: "fake", rootSeed: 7, points: try spec.points(seed: 7), replications: 4,
                           metricNames: ["bad_debt", "bad_debt_net", "cascade_depth"])
    }

    private static func fakeRun(_ job: SweepJob) -> RunOutcome {
        let stream = try! StreamFactory(rootSeed: 7, replication: job.replication).stream("price")
        let a = Double(job.point / 2 + 1)
        let draw = stream.uniform()
        if job.runID == 5 { return .failed("ledger broke: collateral off by 1e-3 (seed 7, replication 1)") }
        return .ok([max(0, draw - 0.5) * a, max(0, draw - 0.6) * a, Double(job.replication % 3)])
    }

    private func runSweep(jobs: Int, shard: Shard = .whole, into name: String, resume: Bool = false) throws -> String {
        let l = try layout()
        let runs = path(name)
        _ = try SweepExecutor.execute(layout: l, shard: shard, jobs: jobs, runsPath: runs, resume: resume) { Self.fakeRun($0) }
        return try String(contentsOfFile: runs, encoding: .utf8)
    }

    func testGridExpansionHasTheRightSizeAndOrder() throws {
        let points = try layout().points
        XCTAssertEqual(points.count, 6)
        XCTAssertEqual(points.map { CSV.cell($0.assignments[0].value) + "/" + CSV.cell($0.assignments[1].value) },
                       ["1/x", "1/y,z", "2/x", "2/y,z", "3/x", "3/y,z"])
    }

    func testOutputIsByteIdenticalAtOneAndTwoThreads() throws {
        let one = try runSweep(jobs: 1, into: "one.csv")
        let two = try runSweep(jobs: 2, into: "two.csv")
        XCTAssertEqual(one, two)
        XCTAssertEqual(one.split(separator: "\n").count, 1 + 24)
        XCTAssertTrue(one.contains(",failed,,,,\"ledger broke"), one)
        XCTAssertTrue(one.contains(",\"y,z\","), "a comma in a value is quoted")
    }

    func testThreeShardsMergedEqualTheUnshardedSweep() throws {
        let l = try layout()
        let whole = try runSweep(jobs: 2, into: "whole.csv")
        try SweepSummary.write(layout: l, runsPath: path("whole.csv"), summaryPath: path("whole-summary.csv"))
        var shardFolders: [String] = []
        for i in 0..<3 {
            let f = path("shard\(i)")
            try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
            try "scenario\n".write(toFile: f + "/scenario.toml", atomically: true, encoding: .utf8)
            _ = try SweepExecutor.execute(layout: l, shard: Shard(index: i, count: 3), jobs: 2, runsPath: f + "/runs.csv", resume: false) { Self.fakeRun($0) }
            shardFolders.append(f)
        }
        try ShardMerge.merge(folders: shardFolders, layout: l, scenarioText: "scenario\n", outFolder: path("merged"))
        XCTAssertEqual(try String(contentsOfFile: path("merged/runs.csv"), encoding: .utf8), whole)
        XCTAssertEqual(try String(contentsOfFile: path("merged/summary.csv"), encoding: .utf8),
                       try String(contentsOfFile: path("whole-summary.csv"), encoding: .utf8))
        // A missing shard is reported with the missing run_ids.
        XCTAssertThrowsError(try ShardMerge.merge(folders: Array(shardFolders.prefix(2)), layout: l, scenarioText: "scenario\n", outFolder: path("bad"))) {
            XCTAssertTrue("\($0)".contains("8 of 24 runs are missing (run_id 2, 5, 8"), "\($0)")
        }
        // A shard given twice is a duplicate.
        XCTAssertThrowsError(try ShardMerge.merge(folders: shardFolders + [shardFolders[0]], layout: l, scenarioText: "scenario\n", outFolder: path("bad"))) {
            XCTAssertTrue("\($0)".contains("appears in more than one shard"), "\($0)")
        }
    }

    func testResumeAfterATornLineEndsWithTheSameBytes() throws {
        let whole = try runSweep(jobs: 2, into: "whole.csv")
        // Simulate a kill: keep the header and 9 rows, then half of the 10th row.
        let lines = whole.split(separator: "\n", omittingEmptySubsequences: false)
        let partial = lines.prefix(10).joined(separator: "\n") + "\n" + lines[10].prefix(7)
        try partial.write(toFile: path("resumed.csv"), atomically: true, encoding: .utf8)
        let l = try layout()
        let report = try SweepExecutor.execute(layout: l, shard: .whole, jobs: 2, runsPath: path("resumed.csv"), resume: true) { Self.fakeRun($0) }
        XCTAssertTrue(report.droppedTornLine)
        XCTAssertEqual(report.skipped, 9)
        XCTAssertEqual(report.completed, 15)
        XCTAssertEqual(try String(contentsOfFile: path("resumed.csv"), encoding: .utf8), whole)
    }

    func testExistingResultsAreNeverOverwrittenWithoutResume() throws {
        _ = try runSweep(jobs: 1, into: "r.csv")
        XCTAssertThrowsError(try runSweep(jobs: 1, into: "r.csv")) {
            XCTAssertTrue("\($0)".contains("pass --resume"), "\($0)")
        }
    }

    func testShardParsing() throws {
        XCTAssertEqual(try Shard(parsing: "1/3"), Shard(index: 1, count: 3))
        XCTAssertThrowsError(try Shard(parsing: "3/2")) { XCTAssertTrue("\($0)".contains("expected 0 ≤ i < n"), "\($0)") }
        XCTAssertThrowsError(try Shard(parsing: "a/b"))
        XCTAssertThrowsError(try Shard(parsing: "0/0"))
    }

    func testSobolDesignFillsItsRanges() throws {
        let spec = SweepSpec(design: .sobol, replications: 1, samples: 256, parameters: [
            .init(key: "x", values: nil, min: 0.01, max: 0.2, logScale: false, steps: 0, integer: false),
            .init(key: "y", values: nil, min: 60, max: 86400, logScale: true, steps: 0, integer: false),
        ], cases: [])
        let points = try spec.points(seed: 1)
        XCTAssertEqual(points.count, 256)
        for (k, lo, hi, log) in [(0, 0.01, 0.2, false), (1, 60.0, 86400.0, true)] {
            let v = points.map { p -> Double in if case .double(let d) = p.assignments[k].value { return d }; return .nan }
            XCTAssertTrue(v.allSatisfy { $0 >= lo && $0 <= hi })
            // Each of 16 equal bins (in log space for the log-scale parameter) gets 256/16 = 16 points give or
            // take 2: the Sobol points 0..<256 form a (0, 8, 1)-net in every coordinate (exactly 16 per bin),
            // and GSL starts at point 1, so the window shifts by one point; the log/exp mapping can move a
            // boundary point by one bin. Uniform random points would scatter with sd √(256·15/256) ≈ 3.9.
            var bins = [Int](repeating: 0, count: 16)
            for x in v {
                let u = log ? (Foundation.log(x) - Foundation.log(lo)) / (Foundation.log(hi) - Foundation.log(lo)) : (x - lo) / (hi - lo)
                bins[min(15, Int(u * 16))] += 1
            }
            XCTAssertTrue(bins.allSatisfy { abs($0 - 16) <= 2 }, "parameter \(k): \(bins)")
            XCTAssertEqual(bins.reduce(0, +), 256)
        }
    }

    func testLatinHypercubePutsOnePointInEachStratum() throws {
        let spec = SweepSpec(design: .latinHypercube, replications: 1, samples: 50, parameters: [
            .init(key: "x", values: nil, min: 0, max: 1, logScale: false, steps: 0, integer: false),
            .init(key: "y", values: nil, min: 0, max: 1, logScale: false, steps: 0, integer: false),
        ], cases: [])
        let points = try spec.points(seed: 3)
        for k in 0..<2 {
            let strata = points.map { p -> Int in if case .double(let d) = p.assignments[k].value { return Int(d * 50) }; return -1 }
            XCTAssertEqual(strata.sorted(), Array(0..<50))
        }
        XCTAssertEqual(try spec.points(seed: 3), points, "same seed, same design")
    }
}
