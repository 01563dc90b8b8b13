import Foundation
import XCTest

/// Issue 9: when results cannot be written the command stops with a clear message saying how far it got,
/// and every run it reports as saved is in runs.csv as a whole row.
final class WriteFailureTests: XCTestCase {
    static let tiny = CLI.fixture("scenarios/tiny.toml")

    func testUnwritableOutputFolder() throws {
        let parent = try CLI.temporaryDirectory("readonly")
        defer { chmod(parent.path, 0o755); try? FileManager.default.removeItem(at: parent) }
        let locked = parent.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(locked.path, 0o555)
        let r = try CLI.run(["sweep", Self.tiny, "--out", locked.path])
        CLI.assertNoCrash(r, "read-only folder")
        // root writes through permission bits, so only check the refusal where they apply.
        if getuid() != 0 {
            XCTAssertEqual(r.status, 2)
            XCTAssertEqual(r.stderr, "\(locked.path): the output folder is not writable\n")
        }
        // A folder below a file cannot be created by anyone (ENOTDIR).
        let file = parent.appendingPathComponent("file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let below = try CLI.run(["sweep", Self.tiny, "--out", file.path + "/out"])
        CLI.assertNoCrash(below, "below a file")
        XCTAssertEqual(below.status, 2)
        XCTAssertTrue(below.stderr.hasPrefix("\(file.path)/out: cannot create the output folder: "), below.stderr)
    }

    /// runs.csv on a device that is always full (ENOSPC on the first write).
    func testRunsFileOnAFullDevice() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        let out = try CLI.temporaryDirectory("devfull")
        defer { try? FileManager.default.removeItem(at: out) }
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("runs.csv").path, withDestinationPath: "/dev/full")
        let r = try CLI.run(["sweep", Self.tiny, "--out", out.path])
        CLI.assertNoCrash(r, "/dev/full")
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("runs.csv: write failed after 0 of "), r.stderr)
        XCTAssertTrue(r.stderr.contains("No space left on device"), r.stderr)
        XCTAssertTrue(r.stderr.contains("--resume"), r.stderr)
        // Resuming onto a device is refused rather than read forever.
        let resumed = try CLI.run(["sweep", Self.tiny, "--out", out.path, "--resume"])
        CLI.assertNoCrash(resumed, "/dev/full resume")
        XCTAssertEqual(resumed.status, 2)
        XCTAssertTrue(resumed.stderr.contains("runs.csv: is not a regular file"), resumed.stderr)
    }

    /// A disk that fills up part way through a sweep: a 20 KiB tmpfs (one page each for scenario.toml, shard.txt, liquidators.csv, assets.csv and runs.csv) where one can be mounted (root in a
    /// container), else a file-size limit (`ulimit -f`, EFBIG), which fails the same way.
    func testDiskFillingUpMidSweep() throws {
        let parent = try CLI.temporaryDirectory("full")
        let mountPoint = parent.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        let mounted = getuid() == 0 && shell("mount -t tmpfs -o size=20k cascade-test \(mountPoint.path) 2>/dev/null") == 0
        defer {
            if mounted { _ = shell("umount \(mountPoint.path)") }
            try? FileManager.default.removeItem(at: parent)
        }
        let out = mountPoint.appendingPathComponent("out").path
        let arguments = ["sweep", Self.tiny, "--out", out, "-j", "2", "--set", "sweep.replications=20"]
        let r: CLI.Result
        if mounted {
            r = try CLI.run(arguments)
        } else {
            // 4 KiB (dash counts 512-byte blocks): scenario.toml (2.6 KiB) fits, runs.csv (about 8 KiB for 40 runs) does not.
            let quoted = ([CLI.binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
            r = try CLI.run(["--version"])  // make sure the binary starts at all before relying on sh
            XCTAssertEqual(r.status, 0)
            let limited = try Process.run(URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "trap '' XFSZ; ulimit -f 8; exec \(quoted) 2>\(parent.path)/err"])
            limited.waitUntilExit()
            let err = (try? String(contentsOfFile: parent.path + "/err", encoding: .utf8)) ?? ""
            return check(CLI.Result(status: limited.terminationStatus, signalled: limited.terminationReason == .uncaughtSignal, stdout: "", stderr: err), out: out)
        }
        check(r, out: out)
    }

    private func check(_ r: CLI.Result, out: String) {
        CLI.assertNoCrash(r, "disk full")
        XCTAssertEqual(r.status, 2, r.stderr)
        let runs = CLI.read(URL(fileURLWithPath: out).appendingPathComponent("runs.csv"))
        CLI.assertConsistentPrefix(runs, "full disk")
        let rows = runs.split(separator: "\n").count - 1
        XCTAssertGreaterThan(rows, 0, "the disk filled before any run; make it larger")
        XCTAssertLessThan(rows, 40)
        XCTAssertTrue(r.stderr.contains("; \(rows) run(s) of this invocation were saved in it before the failure"),
                      "reported count differs from the \(rows) rows on disk:\n\(r.stderr)")
        XCTAssertTrue(r.stderr.contains("continue with: cascade sweep"), r.stderr)
    }

    private func shell(_ command: String) -> Int32 {
        guard let p = try? Process.run(URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", command]) else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}
