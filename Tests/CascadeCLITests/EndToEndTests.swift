import Foundation
import XCTest

/// Issue 7: the promises of the CLI, checked on the real binary with a tiny scenario (24 runs).
final class EndToEndTests: XCTestCase {
    static let tiny = CLI.fixture("scenarios/tiny.toml")

    private func sweep(_ extra: [String], label: String) throws -> URL {
        let out = try CLI.temporaryDirectory(label)
        try FileManager.default.removeItem(at: out)
        let r = try CLI.run(["sweep", Self.tiny, "--out", out.path] + extra)
        CLI.assertNoCrash(r, label)
        XCTAssertEqual(r.status, 0, "\(label): \(r.stderr)")
        return out
    }

    private func file(_ folder: URL, _ name: String) -> String { CLI.read(folder.appendingPathComponent(name)) }

    func testOneAndTwoThreadsAndThreeMergedShardsGiveTheSameBytes() throws {
        let one = try sweep(["-j", "1"], label: "j1")
        let two = try sweep(["-j", "2"], label: "j2")
        defer { for f in [one, two] { try? FileManager.default.removeItem(at: f) } }
        XCTAssertEqual(file(one, "runs.csv").split(separator: "\n").count, 25)
        XCTAssertFalse(file(one, "runs.csv").contains(",failed,"))
        for name in ["runs.csv", "summary.csv", "scenario.toml"] {
            XCTAssertEqual(file(one, name), file(two, name), "\(name) differs between -j 1 and -j 2")
        }

        let shards = try (0..<3).map { try sweep(["--shard", "\($0)/3", "-j", "2"], label: "shard\($0)") }
        let merged = try CLI.temporaryDirectory("merged")
        defer { for f in shards + [merged] { try? FileManager.default.removeItem(at: f) } }
        let r = try CLI.run(["merge"] + shards.map(\.path) + ["--out", merged.path])
        CLI.assertNoCrash(r, "merge")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(file(merged, "runs.csv"), file(one, "runs.csv"), "merged shards differ from the unsharded runs.csv")
        XCTAssertEqual(file(merged, "summary.csv"), file(one, "summary.csv"), "merged summary differs")
    }

    func testRunTwiceGivesByteIdenticalFiles() throws {
        let a = try CLI.temporaryDirectory("runA"), b = try CLI.temporaryDirectory("runB")
        defer { for f in [a, b] { try? FileManager.default.removeItem(at: f) } }
        for out in [a, b] {
            let r = try CLI.run(["run", Self.tiny, "--replication", "3", "--out", out.path])
            CLI.assertNoCrash(r, "run")
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        for name in ["runs.csv", "timeseries.csv", "liquidations.csv", "liquidators.csv", "scenario.toml"] {
            XCTAssertFalse(file(a, name).hasPrefix("<missing"), "\(name) not written")
            XCTAssertEqual(file(a, name), file(b, name), "\(name) differs between two identical runs")
        }
        // liquidators.csv: one row per class, whose profit is the run's liquidator_profit.
        let rows = file(a, "liquidators.csv").split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(rows.first, ["class", "bots", "profit_usd", "bonus_usd", "slippage_usd", "flash_fees_usd",
                                    "incentives_usd", "revaluation_usd", "gas_succeeded_usd", "gas_failed_usd", "builder_payments_usd"])
        let runs = file(a, "runs.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let column = runs.first?.firstIndex(of: "liquidator_profit"), runs.count == 2 else { return XCTFail("runs.csv: \(runs)") }
        let classProfit = rows.dropFirst().compactMap { Double($0[2]) }.reduce(0, +)
        let total = Double(runs[1][column]) ?? .nan
        XCTAssertEqual(classProfit, total, accuracy: 1e-6 * max(1, abs(total)))
    }

    /// Common random numbers: the two design points differ only in the liquidation bonus, so replication r
    /// sees the same price path at both (same minimum reference price), while the liquidations differ somewhere.
    func testDesignPointsShareTheirPricePaths() throws {
        let out = try sweep(["-j", "2"], label: "crn")
        defer { try? FileManager.default.removeItem(at: out) }
        let lines = file(out, "runs.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let rows = lines.dropFirst()
        guard let point = header.firstIndex(of: "point"), let rep = header.firstIndex(of: "replication"),
              let seed = header.firstIndex(of: "seed"), let minPrice = header.firstIndex(of: "min_reference_price") else {
            return XCTFail("runs.csv lacks point/replication/seed/min_reference_price: \(header)")
        }
        var byReplication: [String: [[String]]] = [:]
        for row in rows { byReplication[row[rep], default: []].append(row) }
        XCTAssertEqual(byReplication.count, 12)
        for (r, pair) in byReplication {
            XCTAssertEqual(Set(pair.map { $0[point] }).count, 2)
            XCTAssertEqual(pair[0][seed], pair[1][seed], "replication \(r): seeds differ")
            XCTAssertEqual(pair[0][minPrice], pair[1][minPrice], "replication \(r): price paths differ across design points")
        }
        let otherColumns = header.indices.filter { ![point, minPrice].contains($0) && !header[$0].hasPrefix("protocol.") }
        XCTAssertTrue(byReplication.values.contains { pair in otherColumns.contains { pair[0][$0] != pair[1][$0] } },
                      "the bonus changed nothing: the test scenario has no liquidations")
    }
}
