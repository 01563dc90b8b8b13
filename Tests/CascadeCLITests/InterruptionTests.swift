import TestSupport
import Foundation
import Stochastic
import Synchronization
import XCTest

/// Issue 9: sweeps interrupted by SIGINT/SIGTERM or killed outright leave a runs.csv that `--resume` completes
/// to exactly the bytes of an uninterrupted sweep.
final class InterruptionTests: XCTestCase {
    static let tiny = CLI.fixture("scenarios/tiny.toml")

    /// runs.csv and summary.csv of an uninterrupted sweep of `tiny` with `replications`, and its wall time.
    private static let references = Mutex<[Int: (runs: String, summary: String, seconds: Double)]>([:])

    static func reference(replications: Int) throws -> (runs: String, summary: String, seconds: Double) {
        if let r = references.withLock({ $0[replications] }) { return r }
        let out = try CLI.temporaryDirectory("reference")
        defer { try? FileManager.default.removeItem(at: out) }
        let start = Date()
        let r = try CLI.run(sweepArguments(replications: replications, out: out.path))
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(r.status, 0, r.stderr)
        let value = (CLI.read(out.appendingPathComponent("runs.csv")), CLI.read(out.appendingPathComponent("summary.csv")), seconds)
        references.withLock { $0[replications] = value }
        return value
    }

    static func sweepArguments(replications: Int, out: String, jobs: Int = 2) -> [String] {
        ["sweep", tiny, "--out", out, "-j", "\(jobs)", "--set", "sweep.replications=\(replications)"]
    }

    /// Waits until runs.csv holds at least `rows` finished rows (or the child ended).
    private func waitForRows(_ rows: Int, in folder: URL, child: CLI.Child, timeout: Double = 60) {
        let path = folder.appendingPathComponent("runs.csv").path
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, child.process.isRunning {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if text.split(separator: "\n").count > rows { return }
            usleep(20_000)
        }
    }

    private func resume(_ out: URL, replications: Int, label: String) throws {
        let r = try CLI.run(Self.sweepArguments(replications: replications, out: out.path) + ["--resume"])
        CLI.assertNoCrash(r, label)
        XCTAssertEqual(r.status, 0, "\(label): \(r.stderr)")
        let reference = try Self.reference(replications: replications)
        XCTAssertEqual(CLI.read(out.appendingPathComponent("runs.csv")), reference.runs, "\(label): resumed runs.csv differs")
        XCTAssertEqual(CLI.read(out.appendingPathComponent("summary.csv")), reference.summary, "\(label): resumed summary.csv differs")
    }

    func testFirstSignalStopsStartingRunsAndSaysHowToResume() throws {
        let replications = 20
        for signal in [SIGINT, SIGTERM] {
            let out = try CLI.temporaryDirectory("sigint")
            defer { try? FileManager.default.removeItem(at: out) }
            let child = try CLI.Child(Self.sweepArguments(replications: replications, out: out.path))
            waitForRows(4, in: out, child: child)
            child.signal(signal)
            let r = child.wait()
            CLI.assertNoCrash(r, "signal \(signal)")
            XCTAssertEqual(r.status, 130, r.stderr)
            XCTAssertTrue(r.stderr.contains("finishing the runs in flight"), r.stderr)
            XCTAssertTrue(r.stderr.contains("runs.csv is consistent; resume with:\n  cascade sweep \(Self.tiny) --out \(out.path) --resume"), r.stderr)
            let runs = CLI.read(out.appendingPathComponent("runs.csv"))
            CLI.assertConsistentPrefix(runs, "after signal \(signal)")
            XCTAssertLessThan(runs.split(separator: "\n").count - 1, 2 * replications, "the sweep was not stopped early")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.csv").path))
            try resume(out, replications: replications, label: "resume after signal \(signal)")
        }
    }

    func testSecondSignalStopsAtOnceWithoutCorruptingRunsFile() throws {
        let replications = 20
        let out = try CLI.temporaryDirectory("twice")
        defer { try? FileManager.default.removeItem(at: out) }
        let child = try CLI.Child(Self.sweepArguments(replications: replications, out: out.path))
        waitForRows(4, in: out, child: child)
        // Back to back, so the second always arrives while runs are in flight (they can finish within
        // milliseconds on an idle machine); the kernel may coalesce the two, which still counts as two.
        child.signal(SIGINT)
        child.signal(SIGTERM)
        let r = child.wait()
        CLI.assertNoCrash(r, "second signal")
        XCTAssertEqual(r.status, 130, r.stderr)
        XCTAssertTrue(r.stderr.contains("again: stopping now"), r.stderr)
        CLI.assertConsistentPrefix(CLI.read(out.appendingPathComponent("runs.csv")), "after two signals")
        try resume(out, replications: replications, label: "resume after two signals")
    }

    /// SIGKILL at 20 random moments (from before the folder exists to after summary.csv is written), each
    /// followed by `--resume`: the final files are byte-identical to the uninterrupted sweep.
    func testKillAtRandomMomentsThenResumeGivesTheSameBytes() throws {
        let replications = 4
        let reference = try Self.reference(replications: replications)
        var generator = SplitMix64(seed: 20_261_124)
        for trial in 0..<20 {
            let out = try CLI.temporaryDirectory("kill")
            defer { try? FileManager.default.removeItem(at: out) }
            let delay = Double(generator.next() % 1_000) / 1_000 * reference.seconds * 1.1
            let child = try CLI.Child(Self.sweepArguments(replications: replications, out: out.path))
            usleep(useconds_t(delay * 1e6))
            child.signal(SIGKILL)
            let killed = child.wait()
            let label = "trial \(trial) (kill after \(String(format: "%.3f", delay)) s, \(killed.signalled ? "killed" : "had finished"))"
            try resume(out, replications: replications, label: label)
        }
    }
}
