import Foundation
import XCTest

/// Issue 9: every malformed input in `Tests/Fixtures/bad-scenarios/` makes `cascade` exit non-zero with the
/// exact message in its `.expected` file, without a crash, without creating an output folder, and without
/// touching results already in the output folder. (`make_corpus.py` there writes the cases.)
final class BadInputTests: XCTestCase {
    static let corpus = CLI.fixture("bad-scenarios")

    /// An output folder holding an earlier sweep's files, which no failed command may change.
    private func prepopulatedFolder() throws -> URL {
        let folder = try CLI.temporaryDirectory("existing")
        for (name, text) in [("runs.csv", "run_id,x\n0,1\n"), ("summary.csv", "point,x\n0,1\n"), ("scenario.toml", "# earlier\n")] {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Runs one case twice: into a fresh folder (which must not appear) and into a populated one (which must
    /// stay byte-identical). Returns stderr of the first.
    private func runRejected(_ arguments: [String], in directory: String, label: String,
                             file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let scratch = try CLI.temporaryDirectory("bad")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fresh = scratch.appendingPathComponent("out").path
        let r = try CLI.run(arguments + ["--out", fresh], in: directory)
        CLI.assertNoCrash(r, label, file: file, line: line)
        XCTAssertNotEqual(r.status, 0, "\(label): exit status 0", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh), "\(label): created \(fresh)", file: file, line: line)

        let existing = try prepopulatedFolder()
        defer { try? FileManager.default.removeItem(at: existing) }
        let before = CLI.snapshot(existing)
        let again = try CLI.run(arguments + ["--out", existing.path], in: directory)
        CLI.assertNoCrash(again, label + " (populated folder)", file: file, line: line)
        XCTAssertNotEqual(again.status, 0, "\(label) (populated folder): exit status 0", file: file, line: line)
        XCTAssertEqual(CLI.snapshot(existing), before, "\(label): changed the files of an earlier run", file: file, line: line)
        return r.stderr
    }

    func testEveryCorpusCaseFailsWithItsExpectedMessage() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus)
            .filter { $0.hasSuffix(".toml") && $0 != "replay-unsorted-ok.toml" }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 40)
        for name in names {
            let base = String(name.dropLast(5))
            let argsPath = "\(Self.corpus)/\(base).args"
            let words = (try? String(contentsOfFile: argsPath, encoding: .utf8))?.split(whereSeparator: \.isWhitespace).map(String.init)
                ?? ["run", "{}"]
            let arguments = words.map { $0 == "{}" ? name : $0 }
            guard let expected = try? String(contentsOfFile: "\(Self.corpus)/\(base).expected", encoding: .utf8) else {
                XCTFail("\(base): no \(base).expected (run make_corpus.py --expected)"); continue
            }
            let stderr = try runRejected(arguments, in: Self.corpus, label: base)
            XCTAssertEqual(stderr, expected.replacingOccurrences(of: "$DIR", with: Self.corpus), "\(base): message differs")
        }
    }

    /// Replay rows out of time order are allowed: they are sorted on load.
    func testUnsortedReplayFileIsSortedAndRuns() throws {
        let out = try CLI.temporaryDirectory("unsorted")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try CLI.run(["run", "replay-unsorted-ok.toml", "--out", out.path], in: Self.corpus)
        CLI.assertNoCrash(r, "unsorted")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("runs.csv").path))
    }

    /// Found by fuzz/FuzzScenario: toml++ aborted the process on a table header that does not start with a
    /// key (`[%rice]`); now a syntax error, in a file and in a --set value alike.
    func testMalformedTableHeadersAreSyntaxErrorsNotAborts() throws {
        let folder = try CLI.temporaryDirectory("headers")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (text, column, saw) in [("[%rice]", 2, "'%'"), ("[[[1]]]", 3, "'['"), ("[[ =]]", 4, "'='"), ("[.a]", 2, "'.'"), ("[[", 3, "the end of the line")] {
            try (text + "\n").write(to: folder.appendingPathComponent("h.toml"), atomically: true, encoding: .utf8)
            let stderr = try runRejected(["run", "h.toml"], in: folder.path, label: text)
            XCTAssertEqual(stderr, "h.toml: 1 problem found\n  h.toml:1: TOML syntax error at column \(column): Error while parsing table header: expected a key (a bare key or a quoted one), saw \(saw)\n")
        }
        let stderr = try runRejected(["run", CLI.fixture("scenarios/tiny.toml"), "--set", "simulation.seed=1\n[%x]"], in: folder.path, label: "--set")
        XCTAssertEqual(stderr, "--set simulation.seed=1\n[%x]: the value spans several lines, expected one value on one line\n")
    }

    func testMissingScenarioFile() throws {
        let stderr = try runRejected(["run", "no-such-scenario.toml"], in: Self.corpus, label: "missing file")
        XCTAssertEqual(stderr, "no-such-scenario.toml: 1 problem found\n  no-such-scenario.toml: file not found, expected a scenario file (.toml)\n")
    }

    /// A 50 MB file (written here, not committed) is refused by its size before it is parsed.
    func testFiftyMegabyteScenarioIsRefused() throws {
        let folder = try CLI.temporaryDirectory("huge")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("huge.toml").path
        let chunk = Data("# padding padding padding padding padding padding padding padding padding padding\n".utf8)
        let block = Data((0..<(1 << 20) / chunk.count).flatMap { _ in chunk })
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for _ in 0..<50 { handle.write(block) }
        try handle.close()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let stderr = try runRejected(["run", "huge.toml"], in: folder.path, label: "50 MB")
        XCTAssertEqual(stderr, "huge.toml: 1 problem found\n  huge.toml: is \(size) bytes, expected a scenario file of at most 4194304 bytes\n")
    }

    /// `--out` naming an existing file, or a path below a file (ENOTDIR), is refused before anything runs.
    func testOutputPathThatIsAFile() throws {
        let folder = try CLI.temporaryDirectory("outfile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("results").path
        try "keep me\n".write(toFile: file, atomically: true, encoding: .utf8)
        let tiny = CLI.fixture("scenarios/tiny.toml")
        for (command, out) in [("run", file), ("sweep", file), ("run", file + "/below"), ("sweep", file + "/below")] {
            let r = try CLI.run([command, tiny, "--out", out])
            CLI.assertNoCrash(r, "\(command) --out \(out)")
            XCTAssertEqual(r.status, 2, r.stderr)
            XCTAssertTrue(r.stderr.hasPrefix(out + ": "), r.stderr)
            XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "keep me\n")
        }
    }
}
