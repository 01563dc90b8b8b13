import ArgumentParser
import Dispatch
import Experiments

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one replication of a scenario and write its result files.",
        discussion: """
        Writes runs.csv (one row), timeseries.csv, liquidations.csv, liquidators.csv, scenario.toml (normalized, with the seed) \
        and, with --trace, events.csv into --out. The same scenario and seed give byte-identical files.
        """
    )

    @Argument(help: "Scenario file (.toml).") var scenario: String
    // `.unconditional`: a negative number is taken as the value (and refused with a reason), not as a flag.
    @Option(parsing: .unconditional, help: "Root seed (overrides simulation.seed).") var seed: UInt64?
    @Option(parsing: .unconditional, help: "Replication index ≥ 0: which substreams of the root seed to use.") var replication = 0
    @Option(help: "Output folder (default: Results/<scenario name>-run).") var out: String?
    @Flag(help: "Also write events.csv with every event the kernel processed.") var trace = false
    @OptionGroup var overrideOptions: OverrideOptions

    func validate() throws {
        guard replication >= 0 else { throw ValidationError("--replication must be ≥ 0, got \(replication)") }
    }

    func run() throws {
        var overrides: [Override]
        do { overrides = try overrideOptions.overrides() } catch { throw fail("\(error)") }
        if let seed { overrides.append(Override(keyPath: "simulation.seed", value: .int(Int(clamping: seed)))) }
        let loaded: ScenarioLoader.Loaded<Scenario>
        do { loaded = try Scenario.load(path: scenario, overrides: overrides) } catch { throw fail("\(error)") }
        let folder = out ?? "Results/\(loaded.value.simulation.name)-run"
        let start = DispatchTime.now().uptimeNanoseconds
        let report: SingleRun.Report
        do { report = try SingleRun.execute(loaded: loaded, replication: replication, outFolder: folder, trace: trace) } catch { throw fail("\(error)") }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        FileHandleOutput.standardOutput.write(SingleRun.summary(report))
        FileHandleOutput.standardOutput.write("  files           \(report.filesWritten.joined(separator: ", "))\n")
        let events = report.result?.metrics.eventsProcessed ?? 0
        FileHandleOutput.standardError.write(String(format: "run took %.2f s (%d events, %.0f events/s)\n", seconds, events, Double(events) / max(seconds, 1e-9)))
        if case .failed = report.outcome { throw ExitCode(3) }
    }
}
