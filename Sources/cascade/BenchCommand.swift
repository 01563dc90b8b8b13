import ArgumentParser
import Experiments
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run performance benchmarks (build with -c release); timings go to stdout.",
        discussion: "Without a subcommand runs them all (`all`). `make bench` builds release and runs `all` with the C and SimPy peers.",
        subcommands: [BenchAll.self, KernelBench.self, ScaleBench.self, GrowthBench.self, SweepBench.self],
        defaultSubcommand: BenchAll.self
    )
}

/// Options of the hold-model comparison, shared by `kernel` and `all`.
struct KernelOptions: ParsableArguments {
    @Option(help: "Events to process.") var events = 10_000_000
    @Option(help: "Events kept pending.") var pending = 1_000
    @Option(help: "Root seed.") var seed: UInt64 = 42
    @Option(help: "Runs of each implementation, alternating Swift and C.") var runs = 1
    @Option(help: "C reference binary (built by benchmarks/kernel.sh) to run alternately with the Swift kernel.")
    var cReference: String?
    @Option(help: "SimPy peer script (benchmarks/peer/run_simpy.sh) to run once for the Python comparison.")
    var simpy: String?
    @Option(help: "Events for the SimPy peer (it is ~100× slower).") var simpyEvents = 1_000_000

    func check() throws {
        guard events > 0 else { throw ValidationError("--events must be > 0, got \(events)") }
        guard pending > 0 else { throw ValidationError("--pending must be > 0, got \(pending)") }
        guard runs > 0 else { throw ValidationError("--runs must be > 0, got \(runs)") }
    }
}

extension KernelOptions {
    var plan: KernelComparisonPlan {
        KernelComparisonPlan(events: events, pending: pending, seed: seed, runs: runs, cReference: cReference, simpy: simpy, simpyEvents: simpyEvents)
    }
}

struct KernelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "The hold model: keep N events pending, pop the earliest, schedule one at +Exponential(1) (GSL mt19937).",
        discussion: "With --c-reference the C binary runs alternately with the Swift kernel, --runs times each, and the ratio of the medians is printed."
    )
    @OptionGroup var options: KernelOptions
    func validate() throws { try options.check() }
    func run() throws { _ = try runKernelComparison(options.plan, log: say) }
}

struct ScaleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Run a scenario once on one thread: wall time, events, events/s, peak RSS."
    )
    @Argument(help: "Scenario file.") var scenario = "Scenarios/bench/scale-1m.toml"
    @OptionGroup var overrideOptions: OverrideOptions

    func run() throws {
        let loaded: ScenarioLoader.Loaded<Scenario>
        do { loaded = try Scenario.load(path: scenario, overrides: try overrideOptions.overrides()) } catch { throw fail("\(error)") }
        let r: ScaleResult
        do { r = try runScaleBenchmark(loaded.value) } catch { throw fail("\(error)") }
        say(r.line)
    }
}

struct GrowthOptions: ParsableArguments {
    @Option(help: "Scenario file the growth points override.") var growthScenario = "Scenarios/bench/scale-1m.toml"
    @Option(parsing: .upToNextOption, help: "Position counts (at the largest horizon).") var positions: [Int] = [10_000, 100_000, 1_000_000]
    @Option(parsing: .upToNextOption, help: "Horizons in days (at the largest position count).") var days: [Int] = [30, 90, 365]
}

extension GrowthOptions {
    var plan: GrowthPlan { GrowthPlan(scenario: growthScenario, positions: positions, days: days) }
}

struct GrowthBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "growth",
        abstract: "Cost growth: wall time and peak RSS against positions and against horizon (each point a child process)."
    )
    @OptionGroup var options: GrowthOptions
    func run() throws {
        let g: (byPositions: [GrowthPoint], byDays: [GrowthPoint])
        do { g = try runGrowth(options.plan, log: say) } catch { throw fail("\(error)") }
        say(growthTable("Against positions", g.byPositions) { Double($0.positions) })
        say(growthTable("Against horizon", g.byDays) { Double($0.days) })
    }
}

struct SweepBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Sweep throughput: runs/s at -j 1 and -j 2, parallel efficiency, and byte identity of runs.csv."
    )
    @Argument(help: "Scenario file with a [sweep].") var scenario = "Scenarios/bench/sweep-small.toml"
    @Option(name: .shortAndLong, help: "Threads of the parallel sweep.") var jobs = 2
    @OptionGroup var overrideOptions: OverrideOptions

    func run() throws {
        let r: SweepBenchmarkResult
        do { r = try runSweepBenchmark(path: scenario, overrides: try overrideOptions.overrides(), parallelJobs: jobs) } catch { throw fail("\(error)") }
        say(r.line)
        if !r.identical { throw fail("runs.csv differs between -j 1 and -j \(jobs)") }
    }
}

struct BenchAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Every benchmark (kernel, scale, growth, sweep, and the C/SimPy peers when given), then one table."
    )
    @OptionGroup var kernel: KernelOptions
    @OptionGroup var growth: GrowthOptions
    @Option(help: "Scenario with a [sweep] for the throughput benchmark.") var sweepScenario = "Scenarios/bench/sweep-small.toml"
    @Option(help: "Scenario of the crash benchmark.") var crashScenario = "Scenarios/bench/crash-1m.toml"
    @Option(help: "Scenario of the deterministic replay benchmark.") var replayScenario = "Scenarios/bench/replay-20k.toml"

    func validate() throws { try kernel.check() }

    func run() throws {
        do {
            say("== kernel (hold model) ==")
            let k = try runKernelComparison(kernel.plan, log: say)
            say("== scale and cost growth (child processes, one core each) ==")
            let g = try runGrowth(growth.plan, log: say)
            say(growthTable("Against positions", g.byPositions) { Double($0.positions) })
            say(growthTable("Against horizon", g.byDays) { Double($0.days) })
            say("== crash and deterministic replay (child processes) ==")
            let crash = try runScalePoint(crashScenario, log: say)
            let replay = try runScalePoint(replayScenario, log: say)
            let idle = try runScalePoint(growth.growthScenario, sets: ["positions.count=1", "simulation.horizon=30d"], log: say)
            say("== sweep throughput ==")
            let s = try runSweepBenchmark(path: sweepScenario, parallelJobs: 2)
            say(s.line)
            say("== summary ==")
            say(benchmarkSummary(kernel: k, growth: g, sweep: s, crash: crash, replay: replay, idle: idle))
        } catch let e as ValidationError { throw e } catch { throw fail("\(error)") }
    }
}

/// Prints a line to stdout at once (unbuffered), so a long benchmark shows each figure as it is measured, also
/// through a pipe.
private func say(_ text: String) { FileHandleOutput.standardOutput.write(text + "\n") }
