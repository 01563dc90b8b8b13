import Foundation
import Stochastic
import XCTest
@testable import Experiments

/// The sweep's detail table (liquidators.csv: several rows per run) under threads, shards and resume.
final class SweepDetailFileTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "cascade-detail-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    private func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// 4 points × 3 replications; a run has (replication + 1) detail rows; run 4 fails (no detail rows).
    private func layout() throws -> SweepLayout {
        let spec = SweepSpec(design: .grid, replications: 3, samples: 1, parameters: [
            .init(key: "a", values: [.double(1), .double(2), .double(3), .double(4)], min: 0, max: 0, logScale: false, steps: 0, integer: false),
        ], cases: [])
        return SweepLayout(scenarioName: "fake", rootSeed: 7, points: try spec.points(seed: 7), replications: 3,
                           metricNames: ["bad_debt"], details: [DetailTable(fileName: "details.csv", columns: ["class", "value"])])
    }

    private static func fakeRun(_ job: SweepJob) -> RunOutcome {
        if job.runID == 4 { return .failed("broken") }
        let draw = try! StreamFactory(rootSeed: 7, replication: job.replication).stream("price").uniform()
        return .ok([draw], details: [(0...job.replication).map { ["class\($0)", CSV.number(draw * Double($0 + job.point))] }])
    }

    private func sweep(_ name: String, jobs: Int = 2, shard: Shard = .whole, resume: Bool = false) throws -> (runs: String, details: String) {
        let dir = path(name)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try SweepExecutor.execute(layout: try layout(), shard: shard, jobs: jobs, runsPath: dir + "/runs.csv",
                                      detailPaths: [dir + "/details.csv"], resume: resume) { Self.fakeRun($0) }
        return (try String(contentsOfFile: dir + "/runs.csv", encoding: .utf8), try String(contentsOfFile: dir + "/details.csv", encoding: .utf8))
    }

    func testDetailRowsFollowRunIDOrderWhateverTheThreads() throws {
        let one = try sweep("one", jobs: 1), two = try sweep("two", jobs: 2)
        XCTAssertEqual(one.details, two.details)
        let lines = one.details.split(separator: "\n")
        XCTAssertEqual(lines.first, "run_id,point,case,replication,class,value")
        // 12 runs, 4 points × (1 + 2 + 3) rows, less the failed run 4 (point 1, replication 1: 2 rows).
        XCTAssertEqual(lines.count, 1 + 4 * 6 - 2)
        XCTAssertFalse(lines.contains { $0.hasPrefix("4,") })
        XCTAssertEqual(lines.dropFirst().map { Int($0.prefix { $0 != "," })! }, lines.dropFirst().map { Int($0.prefix { $0 != "," })! }.sorted())
    }

    /// A kill after a batch's detail rows but before its runs.csv rows leaves detail rows of runs runs.csv
    /// does not hold, and a torn line; resume cuts them and ends with the bytes of an uninterrupted sweep.
    func testResumeCutsDetailRowsOfUnfinishedRuns() throws {
        let whole = try sweep("whole")
        let dir = path("killed")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let runLines = whole.runs.split(separator: "\n", omittingEmptySubsequences: false)
        try (runLines.prefix(6).joined(separator: "\n") + "\n").write(toFile: dir + "/runs.csv", atomically: true, encoding: .utf8)  // runs 0–4
        let detailLines = whole.details.split(separator: "\n")
        let upToRun7 = detailLines.prefix { Int($0.prefix { $0 != "," }) ?? 0 <= 7 }
        try (upToRun7.joined(separator: "\n") + "\n8,2,,2,cla").write(toFile: dir + "/details.csv", atomically: true, encoding: .utf8)
        let resumed = try sweep("killed", resume: true)
        XCTAssertEqual(resumed.runs, whole.runs)
        XCTAssertEqual(resumed.details, whole.details)
    }

    func testShardsMergeToTheUnshardedDetailFile() throws {
        let whole = try sweep("whole")
        var folders: [String] = []
        for i in 0..<3 {
            _ = try sweep("shard\(i)", shard: Shard(index: i, count: 3))
            try "scenario\n".write(toFile: path("shard\(i)/scenario.toml"), atomically: true, encoding: .utf8)
            folders.append(path("shard\(i)"))
        }
        try ShardMerge.merge(folders: folders, layout: try layout(), scenarioText: "scenario\n", outFolder: path("merged"))
        XCTAssertEqual(try String(contentsOfFile: path("merged/details.csv"), encoding: .utf8), whole.details)
        XCTAssertEqual(try String(contentsOfFile: path("merged/runs.csv"), encoding: .utf8), whole.runs)
    }
}
