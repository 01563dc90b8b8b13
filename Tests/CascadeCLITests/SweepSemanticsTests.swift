import Experiments
import Foundation
import XCTest

/// Issue 16's sweep and run semantics, through the real binary: cases act like `--set`, `validate` checks
/// every design point, `--resume` extends replications and refuses another shard, `run` and `merge` never mix
/// folders, and the help's examples work.
final class SweepSemanticsTests: XCTestCase {
    private let tiny = CLI.fixture("scenarios/tiny.toml")
    private var dir: URL!

    override func setUpWithError() throws { dir = try CLI.temporaryDirectory("semantics") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
    private func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    /// A scenario file: tiny.toml with its [sweep] replaced by `sweep`.
    private func scenario(_ name: String, sweep: String) throws -> String {
        let text = try String(contentsOfFile: tiny, encoding: .utf8)
        let base = String(text[..<text.range(of: "[sweep]")!.lowerBound])
        let file = path(name)
        try (base + sweep).write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A case that replaces `protocol.liquidation` whole drops the fixed-spread keys the base file sets (which
    /// a Dutch auction refuses) and runs exactly as `--set` of the same table does.
    func testACaseReplacesAWholeTableExactlyLikeSet() throws {
        let dutch = #"{ mechanism = "dutch-auction", chop = 1.13, buf = 1.2, tail_seconds = 8400, cusp = 0.4 }"#
        let file = try scenario("cases.toml", sweep: """
            [sweep]
            design = "cases"
            replications = 2

            [[sweep.cases]]
            name = "dutch"
            set = { "protocol.liquidation" = \(dutch), "liquidators" = [{ name = "keeper", capital = "inventory", capital_usd = 1000000.0 }] }
            """)
        let sweep = try CLI.run(["sweep", file, "-j", "1", "--out", path("sweep")])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let single = try CLI.run(["run", tiny, "--replication", "1", "--out", path("run"), "--set", "protocol.liquidation=\(dutch)",
                                  "--set", #"liquidators=[{ name = "keeper", capital = "inventory", capital_usd = 1000000.0 }]"#])
        XCTAssertEqual(single.status, 0, single.stderr)
        let sweepRows = try read("sweep/runs.csv").split(separator: "\n")
        let header = CSV.parse(sweepRows[0])
        let runRow = try read("run/runs.csv").split(separator: "\n")[1]
        let badDebt = header.firstIndex(of: "bad_debt")!
        // The effective value of the replaced table is in its column: the Dutch table with its defaults.
        XCTAssertTrue(sweepRows[2].contains(#"mechanism = ""dutch-auction"""#), String(sweepRows[2]))
        // Replication 1 of the case and the single run with --set give the same metrics.
        let caseMetrics = CSV.parse(sweepRows[2]).suffix(from: badDebt)
        let runHeader = try read("run/runs.csv").split(separator: "\n")[0].split(separator: ",").map(String.init)
        let runMetrics = CSV.parse(runRow).suffix(from: runHeader.firstIndex(of: "bad_debt")!)
        XCTAssertEqual(Array(caseMetrics), Array(runMetrics))
    }

    /// `validate` decodes every design point, naming the one that fails (here the third of four).
    func testValidateChecksEveryDesignPoint() throws {
        let file = try scenario("bad-point.toml", sweep: """
            [sweep]
            replications = 1

            [[sweep.parameters]]
            key = "protocol.collateral[0].liquidation_bonus"
            values = [0.05, 0.10, 1.5, 0.2]
            """)
        let r = try CLI.run(["validate", "--quiet", file])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("liquidation_bonus"), r.stderr)
        XCTAssertTrue(r.stderr.contains("design point 2"), r.stderr)
    }

    /// Resuming a finished 3-replication sweep with 6 gives the bytes of a fresh 6-replication sweep; fewer
    /// replications are refused, and so is resuming a folder as another shard.
    func testResumeExtendsReplicationsAndRefusesAnotherShard() throws {
        XCTAssertEqual(try CLI.run(["sweep", tiny, "-j", "2", "--out", path("fresh"), "--set", "sweep.replications=6"]).status, 0)
        XCTAssertEqual(try CLI.run(["sweep", tiny, "-j", "2", "--out", path("grown"), "--set", "sweep.replications=3"]).status, 0)
        let grow = try CLI.run(["sweep", tiny, "-j", "2", "--out", path("grown"), "--set", "sweep.replications=6", "--resume"])
        XCTAssertEqual(grow.status, 0, grow.stderr)
        XCTAssertTrue(grow.stderr.contains("from 3 to 6 replications"), grow.stderr)
        for file in ["runs.csv", "summary.csv", "liquidators.csv", "assets.csv", "scenario.toml"] {
            XCTAssertEqual(try read("grown/\(file)"), try read("fresh/\(file)"), file)
        }
        let shrink = try CLI.run(["sweep", tiny, "--out", path("grown"), "--set", "sweep.replications=4", "--resume"])
        XCTAssertNotEqual(shrink.status, 0)
        XCTAssertTrue(shrink.stderr.contains("can add replications, not remove them"), shrink.stderr)
        let other = try CLI.run(["sweep", tiny, "--out", path("grown"), "--set", "sweep.replications=6", "--resume", "--shard", "1/4"])
        XCTAssertNotEqual(other.status, 0)
        XCTAssertTrue(other.stderr.contains("records shard 0/1"), other.stderr)
        XCTAssertEqual(try read("grown/runs.csv"), try read("fresh/runs.csv"), "a refused resume changes nothing")
    }

    /// Sharded folders extended one by one still merge into the fresh sweep's bytes: a shard keeps only the
    /// renumbered runs that are still its own. From 2 to 3 replications over 2 shards, point 1's runs change
    /// shard (run_id = point·R + r moves by point·(R' − R)).
    func testExtendingShardsKeepsEachRunInOneShard() throws {
        XCTAssertEqual(try CLI.run(["sweep", tiny, "-j", "2", "--out", path("fresh"), "--set", "sweep.replications=3"]).status, 0)
        for i in 0..<2 {
            let shard = ["--out", path("shard-\(i)"), "--shard", "\(i)/2"]
            XCTAssertEqual(try CLI.run(["sweep", tiny] + shard + ["--set", "sweep.replications=2"]).status, 0)
            let grow = try CLI.run(["sweep", tiny] + shard + ["--set", "sweep.replications=3", "--resume"])
            XCTAssertEqual(grow.status, 0, grow.stderr)
        }
        let merge = try CLI.run(["merge", path("shard-0"), path("shard-1"), "--out", path("merged")])
        XCTAssertEqual(merge.status, 0, merge.stderr)
        for file in ["runs.csv", "summary.csv", "liquidators.csv", "assets.csv"] {
            XCTAssertEqual(try read("merged/\(file)"), try read("fresh/\(file)"), file)
        }
    }

    /// `cascade run` into its own earlier folder replaces its files and drops the events.csv of an earlier
    /// `--trace` run; a sweep's folder is refused.
    func testRunClearsItsOwnStaleFilesAndRefusesASweepFolder() throws {
        XCTAssertEqual(try CLI.run(["run", tiny, "--trace", "--out", path("r")]).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("r/events.csv")))
        XCTAssertEqual(try CLI.run(["run", tiny, "--out", path("r")]).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("r/events.csv")), "a stale events.csv was left")
        XCTAssertEqual(try CLI.run(["sweep", tiny, "--out", path("s"), "--set", "sweep.replications=1"]).status, 0)
        let before = try read("s/runs.csv")
        let r = try CLI.run(["run", tiny, "--out", path("s")])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("holds a sweep's results"), r.stderr)
        XCTAssertEqual(try read("s/runs.csv"), before)
    }

    /// `merge` leaves nothing when it refuses (a missing shard), and refuses an --out that is a shard or
    /// holds another sweep.
    func testMergeRefusalsLeaveNothingBehind() throws {
        for i in 0..<2 {
            XCTAssertEqual(try CLI.run(["sweep", tiny, "--out", path("shard-\(i)"), "--shard", "\(i)/2", "--set", "sweep.replications=2"]).status, 0)
        }
        let missing = try CLI.run(["merge", path("shard-0"), "--out", path("merged")])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("missing"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("merged")), "a refused merge created its folder")
        let intoShard = try CLI.run(["merge", path("shard-0"), path("shard-1"), "--out", path("shard-1")])
        XCTAssertNotEqual(intoShard.status, 0)
        XCTAssertTrue(intoShard.stderr.contains("is one of the shard folders"), intoShard.stderr)
        XCTAssertEqual(try CLI.run(["sweep", tiny, "--out", path("other"), "--set", "sweep.replications=1"]).status, 0)
        let intoOther = try CLI.run(["merge", path("shard-0"), path("shard-1"), "--out", path("other")])
        XCTAssertNotEqual(intoOther.status, 0)
        XCTAssertTrue(intoOther.stderr.contains("holds another sweep's results"), intoOther.stderr)
        XCTAssertEqual(try CLI.run(["merge", path("shard-0"), path("shard-1"), "--out", path("merged")]).status, 0)
    }

    /// The `--set` example every subcommand's help shows works; `-j`'s default is said once; a negative
    /// replication says what is wrong.
    func testHelpExamplesWorkAndArgumentsSayWhatIsWrong() throws {
        let help = try CLI.run(["run", "--help"])
        // The help wraps lines: read it as one line of single spaces.
        let text = help.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        let example = try XCTUnwrap(text.range(of: #"e\.g\. --set [^ ]+=[^ )]+"#, options: .regularExpression)
            .map { String(text[$0].dropFirst("e.g. ".count)) }, text)
        let value = String(example.dropFirst("--set ".count))
        let r = try CLI.run(["validate", "--quiet", tiny, "--set", value])
        XCTAssertEqual(r.status, 0, "the help's example \(example) fails: \(r.stderr)")
        let sweepHelp = try CLI.run(["sweep", "--help"]).stdout
        XCTAssertTrue(sweepHelp.contains("(default: all cores)"), sweepHelp)
        XCTAssertFalse(sweepHelp.contains("(default: all cores). (default:"), sweepHelp)
        let unknown = try CLI.run(["validate", "--quiet", tiny, "--set", "simulaton.seed=3"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("simulaton: unknown key") && unknown.stderr.contains("(set with --set)"), unknown.stderr)
        let table = try CLI.run(["sweep", tiny, "-j", "2", "--out", path("table"), "--set", "sweep.replications=1"])
        XCTAssertTrue(table.stdout.contains("cascade depth"), table.stdout)
        let negative = try CLI.run(["run", tiny, "--replication", "-1", "--out", path("neg")])
        XCTAssertNotEqual(negative.status, 0)
        XCTAssertTrue(negative.stderr.contains("--replication must be ≥ 0, got -1"), negative.stderr)
    }
}
