import ArgumentParser
import Dispatch
import Experiments
import Foundation

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario's [sweep]: every design point × replications, in parallel.",
        discussion: """
        Appends one row per finished run to runs.csv (safe to kill; --resume continues), then writes \
        summary.csv atomically and prints the headline table. Results are byte-identical whatever -j is. \
        With --shard i/n only run_ids ≡ i (mod n) run; combine shards with `cascade merge`.
        """
    )

    @Argument(help: "Scenario file (.toml) with a [sweep] section.") var scenario: String
    @Option(name: .shortAndLong, help: "Worker threads (default: all cores).") var jobs: Int?
    @Option(help: "Output folder (default: Results/<scenario name>).") var out: String?
    @Flag(help: "Skip runs already in the folder's runs.csv.") var resume = false
    @Option(help: "Run only shard i of n (0 ≤ i < n).") var shard: String?
    @OptionGroup var overrideOptions: OverrideOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("-j must be ≥ 1, got \(jobs)") }
    }

    func run() throws {
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let overrides: [Override]
        let part: Shard
        do {
            overrides = try overrideOptions.overrides()
            part = try shard.map(Shard.init(parsing:)) ?? .whole
        } catch { throw fail("\(error)") }
        let prepared: PreparedSweep
        do { prepared = try PreparedSweep.prepare(path: scenario, overrides: overrides, metricNames: CascadeStudy.model.metricNames,
                                                       details: CascadeStudy.model.details) } catch {
            throw fail("\(error)")
        }
        let folder = out ?? "Results/\(prepared.layout.scenarioName)"
        let runsPath = (folder as NSString).appendingPathComponent("runs.csv")
        let scenarioPath = (folder as NSString).appendingPathComponent("scenario.toml")
        do {
            try prepareOutputDirectory(folder)
            if !resume, RunsFile.holdsResults(path: runsPath) {
                throw OutputError(path: runsPath, reason: "already holds results; pass --resume to continue that sweep, or choose another --out folder")
            }
            try SweepFolder.checkShard(folder: folder, shard: part, resume: resume)
            if resume, let existing = try? String(contentsOfFile: scenarioPath, encoding: .utf8),
               let old = try SweepFolder.replicationsExtended(from: existing, to: prepared.normalizedText, scenarioPath: scenarioPath) {
                // More replications: renumber what is there, then run the new ones.
                try SweepFolder.renumber(folder: folder, layout: prepared.layout, shard: part)
                FileHandleOutput.standardError.write("extending \(folder) from \(old) to \(prepared.layout.replications) replications per point\n")
            }
            // A detail file with no runs.csv beside it is what a sweep killed before its first row leaves.
            if !resume {
                for detail in prepared.layout.details { unlink((folder as NSString).appendingPathComponent(detail.fileName)) }
            }
            try AtomicFile.write(prepared.normalizedText, to: scenarioPath)
        } catch { throw fail("\(error)") }

        let stop = StopSignal()
        let resumeHint = "cascade sweep \(scenario) --out \(folder) --resume" + (shard.map { " --shard \($0)" } ?? "")
        stop.install { name in
            FileHandleOutput.standardError.write("\n\(name): finishing the runs in flight, starting no new ones (again to stop at once).\n")
        }
        let progress = ProgressReporter(label: "sweep \(prepared.layout.scenarioName)\(part.count > 1 ? " shard \(part)" : "")")
        let scenarios = prepared.scenarios
        let model = CascadeStudy.model
        let start = DispatchTime.now().uptimeNanoseconds
        let report: SweepExecutor.Report
        do {
            let detailPaths = prepared.layout.details.map { (folder as NSString).appendingPathComponent($0.fileName) }
            report = try SweepExecutor.execute(layout: prepared.layout, shard: part, jobs: jobs, runsPath: runsPath,
                                               detailPaths: detailPaths, resume: resume,
                                               shouldStop: { stop.isRequested },
                                               progress: { progress.update(done: $0, total: $1) },
                                               run: { job in model.run(scenarios[job.point], job.replication) })
        } catch {
            throw fail("\(error)\nFinished runs are in \(runsPath); continue with: \(resumeHint)")
        }
        if report.remaining == 0, resume {
            // An extension's new runs were appended after the old ones: put every file back in run_id order.
            do { try SweepFolder.sortIfNeeded(folder: folder, layout: prepared.layout) } catch { throw fail("\(error)") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        FileHandleOutput.standardError.write(String(format: "%d runs in %.2f s (%.2f runs/s, -j %d)%@%@\n", report.completed, seconds,
                                                    Double(report.completed) / max(seconds, 1e-9), jobs,
                                                    report.skipped > 0 ? ", \(report.skipped) already done" : "",
                                                    report.droppedTornLine ? ", dropped a torn last line" : ""))
        if report.failed > 0 {
            FileHandleOutput.standardError.write("\(report.failed) run(s) failed; see the status and message columns of \(runsPath)\n")
        }
        if report.remaining > 0 {
            FileHandleOutput.standardError.write("Stopped with \(report.remaining) run(s) to go. runs.csv is consistent; resume with:\n  \(resumeHint)\n")
            throw ExitCode(130)
        }
        if part.count > 1 {
            FileHandleOutput.standardOutput.write("Shard \(part) complete in \(folder). Combine all shards with: cascade merge <shard folders> --out <folder>\n")
            if report.failed > 0 { throw ExitCode(3) }
            return
        }
        let summaryPath = (folder as NSString).appendingPathComponent("summary.csv")
        do {
            try SweepSummary.write(layout: prepared.layout, runsPath: runsPath, summaryPath: summaryPath)
            FileHandleOutput.standardOutput.write(try SummaryTable.render(summaryPath: summaryPath, layout: prepared.layout))
        } catch { throw fail("\(error)") }
        FileHandleOutput.standardOutput.write("Wrote \(runsPath) and \(summaryPath)\n")
        // Failed runs are recorded (status = failed) and the others completed, but the exit status says so.
        if report.failed > 0 { throw ExitCode(3) }
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the folders of a sharded sweep into the runs.csv and summary.csv an unsharded sweep writes.",
        discussion: "Checks that every shard ran the same scenario and that no run is missing or duplicated."
    )

    @Argument(help: "Shard output folders.") var folders: [String]
    @Option(help: "Folder for the merged results.") var out: String

    func run() throws {
        guard let first = folders.first else { throw fail("cascade merge: no shard folders given") }
        let scenarioPath = (first as NSString).appendingPathComponent("scenario.toml")
        do {
            let text = try String(contentsOfFile: scenarioPath, encoding: .utf8)
            let layout = try SweepLayout.fromNormalizedScenario(path: scenarioPath, metricNames: CascadeStudy.model.metricNames,
                                                                details: CascadeStudy.model.details)
            try ShardMerge.merge(folders: folders, layout: layout, scenarioText: text, outFolder: out)
            let summaryPath = (out as NSString).appendingPathComponent("summary.csv")
            FileHandleOutput.standardOutput.write(try SummaryTable.render(summaryPath: summaryPath, layout: layout))
            FileHandleOutput.standardOutput.write("Merged \(folders.count) shard(s), \(layout.runCount) runs, into \(out)\n")
        } catch let error as CocoaError {
            throw fail("\(scenarioPath): cannot be read (\(error.localizedDescription)); expected the scenario.toml of a sweep shard")
        } catch { throw fail("\(error)") }
    }
}
