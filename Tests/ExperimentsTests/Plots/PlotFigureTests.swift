import Foundation
import XCTest

/// The plotter (`scripts/plots/plot_results.py`, matplotlib in `.venv-plots/`, set up by `make test`) makes
/// every figure from the fixture result folders, and each is a valid, non-empty PNG.
final class PlotFigureTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Self.root)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testEveryFigureIsAValidPNG() throws {
        let python = Self.root + "/.venv-plots/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw XCTSkip("matplotlib is not set up: run `make test` (or bash scripts/plots/setup_venv.sh) first")
        }
        let out = NSTemporaryDirectory() + "cascade-plots-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let fixtures = ["sweep_grid", "sweep_line", "sweep_cases", "single_run", "paths_tiny", "sweep_impact"].map { "Tests/Fixtures/plots/\($0)" }
        let plot = try run(python, ["scripts/plots/plot_results.py"] + fixtures + ["--out", out])
        XCTAssertEqual(plot.status, 0, plot.output)
        let expected = [
            "sweep_grid/heatmap_bad_debt.png", "sweep_grid/cascade_depth.png",
            "sweep_line/heatmap_bad_debt.png", "sweep_line/cascade_depth.png",
            "sweep_cases/cases_bad_debt.png", "sweep_cases/cascade_depth.png", "sweep_cases/liquidator_pnl.png",
            "single_run/run_prices.png", "single_run/liquidator_pnl.png", "paths_tiny/paths_fan.png",
            "sweep_impact/impact_bad_debt.png",
        ].map { "\(out)/\($0)" }
        for file in expected {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size, 1000, "\(file) is missing or too small to hold a figure")
        }
        let check = try run("/usr/bin/env", ["python3", "scripts/plots/check_png.py"] + expected)
        XCTAssertEqual(check.status, 0, check.output)
        // And the checker does reject a file that is not a PNG.
        let bogus = out + "/bogus.png"
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: bogus))
        XCTAssertNotEqual(try run("/usr/bin/env", ["python3", "scripts/plots/check_png.py", bogus]).status, 0)
    }

    /// Swept values are labelled compactly (250M, not 250000000) and durations by their text: the plotter's
    /// label helpers on the cells Cascade writes.
    func testParameterLabelsAreCompact() throws {
        let python = Self.root + "/.venv-plots/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else { throw XCTSkip("matplotlib is not set up") }
        let code = """
        import sys; sys.path.insert(0, "scripts/plots"); import plot_results as p
        print(p.compact("250000000"), p.compact("1500"), p.compact("15000"), p.compact("0.05"), p.compact("fixed-spread"))
        print(p.parameter_columns(p.Table("Tests/Fixtures/plots/sweep_grid/summary.csv"), "runs"))
        """
        let r = try run(python, ["-c", code])
        XCTAssertEqual(r.status, 0, r.output)
        let lines = r.output.split(separator: "\n")
        XCTAssertEqual(lines.first, "250M 1500 15k 0.05 fixed-spread", r.output)
    }

    /// A `cascade run` folder holds runs.csv (one row) beside timeseries.csv and no summary.csv: it is a
    /// single run, not a broken sweep.
    func testASingleRunFolderWithItsRunsRowIsPlotted() throws {
        let python = Self.root + "/.venv-plots/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else { throw XCTSkip("matplotlib is not set up") }
        let folder = NSTemporaryDirectory() + "cascade-run-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: Self.root + "/Tests/Fixtures/plots/single_run", toPath: folder)
        try "run_id,scenario,point,case,replication,seed,status,bad_debt,message\n0,demo,0,,0,1,ok,0,\n"
            .write(toFile: folder + "/runs.csv", atomically: true, encoding: .utf8)
        let r = try run(python, ["scripts/plots/plot_results.py", folder])
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/run_prices.png"), r.output)
    }

    func testAFolderWithoutResultsIsAClearError() throws {
        let python = Self.root + "/.venv-plots/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else { throw XCTSkip("matplotlib is not set up") }
        let empty = NSTemporaryDirectory() + "cascade-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let r = try run(python, ["scripts/plots/plot_results.py", empty])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.output.contains(empty), r.output)
    }
}
