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

struct KernelFigures {
    var swift: [Double] = []
    var c: [Double] = []
    var simpy: Double?
    var finalTimesAgree = true

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? .nan : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
    }
    var swiftMedian: Double { Self.median(swift) }
    var cMedian: Double { Self.median(c) }
}

/// Runs the Swift hold model `runs` times, alternating with the C reference when given, then SimPy once.
func runKernelComparison(_ o: KernelOptions) throws -> KernelFigures {
    var figures = KernelFigures()
    for _ in 0..<o.runs {
        let r = try runHoldModel(events: o.events, pending: o.pending, seed: o.seed)
        say("swift  \(r.line)")
        figures.swift.append(r.eventsPerSecond)
        if let c = o.cReference {
            let f = try runResultLineProcess(c, ["\(o.events)", "\(o.pending)", "\(o.seed)"], key: "events_per_second")
            say("c      events=\(f["events"] ?? "?") seconds=\(f["seconds"] ?? "?") events_per_second=\(f["events_per_second"] ?? "?") final_time=\(f["final_time"] ?? "?")")
            figures.c.append(Double(f["events_per_second"] ?? "") ?? .nan)
            if f["final_time"].flatMap(Double.init) != r.finalTime { figures.finalTimesAgree = false }
        }
    }
    if !figures.c.isEmpty {
        say(String(format: "kernel swift_median=%.0f c_median=%.0f ratio=%.3f (target >= 0.9) final_time_match=%@ runs=%d",
                     figures.swiftMedian, figures.cMedian, figures.swiftMedian / figures.cMedian,
                     figures.finalTimesAgree ? "yes" : "NO", o.runs))
    }
    if let script = o.simpy {
        let f = try runResultLineProcess("/bin/bash", [script, "--events", "\(o.simpyEvents)", "--pending", "\(o.pending)", "--seed", "\(o.seed)"],
                                         key: "events_per_second")
        let rate = Double(f["events_per_second"] ?? "") ?? .nan
        figures.simpy = rate
        say("simpy  events=\(f["events"] ?? "?") seconds=\(f["seconds"] ?? "?") events_per_second=\(f["events_per_second"] ?? "?") final_time=\(f["final_time"] ?? "?")")
        say(String(format: "kernel swift_median=%.0f simpy=%.0f ratio_swift_over_simpy=%.1f", figures.swiftMedian, rate, figures.swiftMedian / rate))
    }
    return figures
}

struct KernelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "The hold model: keep N events pending, pop the earliest, schedule one at +Exponential(1) (GSL mt19937).",
        discussion: "With --c-reference the C binary runs alternately with the Swift kernel, --runs times each, and the ratio of the medians is printed."
    )
    @OptionGroup var options: KernelOptions
    func validate() throws { try options.check() }
    func run() throws { _ = try runKernelComparison(options) }
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

/// One point of the cost-growth table, measured in a child process (so its peak RSS is its own).
struct GrowthPoint {
    let positions: Int
    let days: Int
    let wallSeconds: Double
    let cpuSeconds: Double
    let events: Int
    let eventsPerSecond: Double
    let peakRSSMiB: Double
}

struct GrowthOptions: ParsableArguments {
    @Option(help: "Scenario file the growth points override.") var growthScenario = "Scenarios/bench/scale-1m.toml"
    @Option(parsing: .upToNextOption, help: "Position counts (at the largest horizon).") var positions: [Int] = [10_000, 100_000, 1_000_000]
    @Option(parsing: .upToNextOption, help: "Horizons in days (at the largest position count).") var days: [Int] = [30, 90, 365]
}

/// The path of the running executable, to run growth points as `cascade bench scale` children.
func selfExecutable() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

func runGrowth(_ o: GrowthOptions) throws -> (byPositions: [GrowthPoint], byDays: [GrowthPoint]) {
    let maxPositions = o.positions.max() ?? 1_000_000
    let maxDays = o.days.max() ?? 365
    var cache: [String: GrowthPoint] = [:]
    func point(_ n: Int, _ d: Int) throws -> GrowthPoint {
        let key = "\(n)/\(d)"
        if let p = cache[key] { return p }
        let f = try runResultLineProcess(selfExecutable(), ["bench", "scale", o.growthScenario,
                                                            "--set", "positions.count=\(n)", "--set", "simulation.horizon=\(d)d"], key: "wall_seconds")
        let p = GrowthPoint(positions: n, days: d, wallSeconds: Double(f["wall_seconds"] ?? "") ?? .nan,
                            cpuSeconds: Double(f["cpu_seconds"] ?? "") ?? .nan, events: Int(f["events"] ?? "") ?? 0,
                            eventsPerSecond: Double(f["events_per_second"] ?? "") ?? .nan, peakRSSMiB: Double(f["peak_rss_mib"] ?? "") ?? .nan)
        say(String(format: "growth positions=%d days=%d wall_seconds=%.3f cpu_seconds=%.3f events=%d events_per_second=%.0f peak_rss_mib=%.1f",
                     n, d, p.wallSeconds, p.cpuSeconds, p.events, p.eventsPerSecond, p.peakRSSMiB))
        cache[key] = p
        return p
    }
    let byPositions = try o.positions.sorted().map { try point($0, maxDays) }
    let byDays = try o.days.sorted().map { try point(maxPositions, $0) }
    return (byPositions, byDays)
}

func growthTable(_ title: String, _ rows: [GrowthPoint], scaleBy: (GrowthPoint) -> Double) -> String {
    var out = "\(title)\n"
    out += "| positions | days | wall s | CPU s | events | events/s | peak RSS MiB | size × | wall × | CPU × | RSS × |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for (i, r) in rows.enumerated() {
        let prev = i > 0 ? rows[i - 1] : nil
        func ratio(_ a: Double, _ b: Double?) -> String { b.map { String(format: "%.2f", a / $0) } ?? "–" }
        out += String(format: "| %d | %d | %.2f | %.2f | %d | %.0f | %.0f | %@ | %@ | %@ | %@ |\n", r.positions, r.days, r.wallSeconds,
                      r.cpuSeconds, r.events, r.eventsPerSecond, r.peakRSSMiB, ratio(scaleBy(r), prev.map(scaleBy)),
                      ratio(r.wallSeconds, prev?.wallSeconds), ratio(r.cpuSeconds, prev?.cpuSeconds), ratio(r.peakRSSMiB, prev?.peakRSSMiB))
    }
    return out
}

struct GrowthBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "growth",
        abstract: "Cost growth: wall time and peak RSS against positions and against horizon (each point a child process)."
    )
    @OptionGroup var options: GrowthOptions
    func run() throws {
        let g: (byPositions: [GrowthPoint], byDays: [GrowthPoint])
        do { g = try runGrowth(options) } catch { throw fail("\(error)") }
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

    func validate() throws { try kernel.check() }

    func run() throws {
        do {
            say("== kernel (hold model) ==")
            let k = try runKernelComparison(kernel)
            say("== scale and cost growth (child processes, one core each) ==")
            let g = try runGrowth(growth)
            say(growthTable("Against positions", g.byPositions) { Double($0.positions) })
            say(growthTable("Against horizon", g.byDays) { Double($0.days) })
            say("== sweep throughput ==")
            let s = try runSweepBenchmark(path: sweepScenario, parallelJobs: 2)
            say(s.line)
            let scale = g.byDays.last ?? g.byPositions.last
            say("== summary ==")
            say("| figure | measured | target |\n|---|---:|---|")
            say(String(format: "| kernel, Swift hold model | %.0f events/s | |", k.swiftMedian))
            if !k.c.isEmpty { say(String(format: "| kernel, C reference | %.0f events/s | |\n| kernel, Swift / C | %.3f | ≥ 0.9 |", k.cMedian, k.swiftMedian / k.cMedian)) }
            if let p = k.simpy { say(String(format: "| kernel, SimPy | %.0f events/s | |\n| kernel, Swift / SimPy | %.1f× | |", p, k.swiftMedian / p)) }
            if let sc = scale {
                say(String(format: "| scale, %d positions × %d days: wall | %.2f s | < 15 s |", sc.positions, sc.days, sc.wallSeconds))
                say(String(format: "| scale: CPU (user + system) | %.2f s | |", sc.cpuSeconds))
                say(String(format: "| scale: peak RSS | %.0f MiB | < 1024 MiB |", sc.peakRSSMiB))
                say(String(format: "| scale: events/s | %.0f (%d events) | |", sc.eventsPerSecond, sc.events))
            }
            func growthRatio(_ rows: [GrowthPoint]) -> String {
                guard let a = rows.first, let b = rows.last, rows.count > 1 else { return "–" }
                return String(format: "%.2f× wall, %.2f× CPU, %.2f× RSS", b.wallSeconds / a.wallSeconds, b.cpuSeconds / a.cpuSeconds, b.peakRSSMiB / a.peakRSSMiB)
            }
            if let a = g.byPositions.first, let b = g.byPositions.last {
                say("| growth, \(a.positions) → \(b.positions) positions | \(growthRatio(g.byPositions)) | ≤ ~\(b.positions / max(1, a.positions))× |")
            }
            if let a = g.byDays.first, let b = g.byDays.last {
                say(String(format: "| growth, %d → %d days | %@ | ≤ ~%.1f× |", a.days, b.days, growthRatio(g.byDays), Double(b.days) / Double(a.days)))
            }
            say(String(format: "| sweep -j 1 | %.2f runs/s | |\n| sweep -j 2 | %.2f runs/s | |\n| sweep efficiency | %.1f%% | ≥ 90%% |\n| sweep byte-identical | %@ | yes |",
                         s.serial.runsPerSecond, s.parallel.runsPerSecond, 100 * s.efficiency, s.identical ? "yes" : "NO"))
        } catch let e as ValidationError { throw e } catch { throw fail("\(error)") }
    }
}

/// Prints a line to stdout at once (unbuffered), so a long benchmark shows each figure as it is measured, also
/// through a pipe.
private func say(_ text: String) { FileHandleOutput.standardOutput.write(text + "\n") }
