import CascadeModel
import Foundation
import Stochastic
import XCTest
@testable import Experiments

/// Issue 9, invariants in production: a run whose prices turn non-finite fails with its seed and scenario
/// path (in release builds too: the check is a thrown `SimulationFailure`, not an assertion), is written as
/// `status = failed`, and the other runs of the sweep still run and are written normally.
final class FailedRunTests: XCTestCase {
    static let tiny = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/scenarios/tiny.toml").path

    /// The tiny scenario with its ETH path replaced in code by one no scenario file could ask for (NaN volatility).
    private func brokenScenario() throws -> Scenario {
        var scenario = try Scenario.load(path: Self.tiny).value
        scenario.model.paths.assets[0].model = .gbm(GBMSpec(initialPrice: 2000, annualVolatility: .nan))
        return scenario
    }

    func testNonFinitePriceSpecFailsTheRunWithSeedAndPath() throws {
        guard case .failed(let message) = CascadeStudy.model.run(try brokenScenario(), 3) else {
            return XCTFail("a NaN price path ran to the end")
        }
        XCTAssertTrue(message.contains("scenario \(Self.tiny)"), message)
        XCTAssertTrue(message.contains("seed 7"), message)
        XCTAssertTrue(message.contains("replication 3"), message)
        // The simulation refuses the spec before the first tick (price paths clamp log prices, so a finite
        // spec cannot produce a non-finite price later); either way the run fails and says why.
        XCTAssertTrue(message.contains("annual_volatility: found nan"), message)
    }

    func testFailedRunsAreMarkedAndTheOthersContinue() throws {
        let good = try Scenario.load(path: Self.tiny).value
        let scenarios = [good, try brokenScenario()]
        let spec = try XCTUnwrap(good.sweep)
        let layout = SweepLayout(scenarioName: "tiny", rootSeed: 7, points: try spec.points(seed: 7), replications: 2,
                                 metricNames: CascadeStudy.model.metricNames)
        let folder = NSTemporaryDirectory() + "cascade-failed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let runsPath = folder + "/runs.csv"
        let report = try SweepExecutor.execute(layout: layout, shard: .whole, jobs: 2, runsPath: runsPath, resume: false) { job in
            CascadeStudy.model.run(scenarios[job.point], job.replication)
        }
        XCTAssertEqual(report.completed, 4)
        XCTAssertEqual(report.failed, 2)
        let rows = try String(contentsOfFile: runsPath, encoding: .utf8).split(separator: "\n").dropFirst()
        let header = layout.header
        let status = try XCTUnwrap(header.firstIndex(of: "status"))
        let statuses = rows.map { CSV.parse($0)[status] }
        XCTAssertEqual(statuses, ["ok", "ok", "failed", "failed"])
        for row in rows.suffix(2) {
            let fields = CSV.parse(row)
            XCTAssertTrue(fields.last!.contains("seed 7"), "\(fields.last!)")
            // A failed run has no metrics: never a normal-looking row of zeros.
            XCTAssertTrue(fields[(status + 1)..<(fields.count - 1)].allSatisfy(\.isEmpty), String(row))
        }
        // The summary counts only the runs that finished.
        try SweepSummary.write(layout: layout, runsPath: runsPath, summaryPath: folder + "/summary.csv")
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/summary.csv"))
    }
}
