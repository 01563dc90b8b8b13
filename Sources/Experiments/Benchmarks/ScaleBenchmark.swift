import CascadeModel
import Foundation

/// The outcome of one single-threaded run of a scenario, timed: `cascade bench scale`.
public struct ScaleResult: Sendable {
    public let scenarioName: String
    public let positions: Int
    public let horizonDays: Double
    /// Seconds to build the model (population, index, pools), included in ``wallSeconds``.
    public let setupSeconds: Double
    /// Wall-clock seconds from building the model to the end of the run (scenario parsing excluded).
    public let wallSeconds: Double
    /// CPU seconds (user + system) the process used over the same span: the figure to trust when other jobs
    /// share the machine and stretch the wall clock.
    public let cpuSeconds: Double
    /// Events the kernel fired.
    public let events: Int
    /// `events / wallSeconds`.
    public let eventsPerSecond: Double
    /// Peak resident set size of the whole process, bytes (VmHWM).
    public let peakRSSBytes: Int
    /// The run's liquidation count (a cheap check that two builds simulated the same thing).
    public let liquidations: Int

    /// One `key=value` line, parsed back by ``parseResultLine(_:)`` (``runGrowthBenchmark`` runs each point in a
    /// child process so every point gets its own peak RSS).
    public var line: String {
        String(format: "scale scenario=%@ positions=%d days=%g setup_seconds=%.3f wall_seconds=%.3f cpu_seconds=%.3f events=%d events_per_second=%.0f peak_rss_mib=%.1f liquidations=%d",
               scenarioName, positions, horizonDays, setupSeconds, wallSeconds, cpuSeconds, events, eventsPerSecond,
               Double(peakRSSBytes) / 1_048_576, liquidations)
    }
}

/// Builds and runs replication 0 of `scenario` on the calling thread, recording metrics only.
/// - Throws: what ``Simulation`` throws (a failed run is an error here, not a row).
public func runScaleBenchmark(_ scenario: Scenario) throws -> ScaleResult {
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = processCPUSeconds()
    let sim = try Simulation(spec: scenario.model, rootSeed: scenario.simulation.seed, replication: 0,
                             generator: scenario.simulation.generator)
    let built = clock.now
    let result = try sim.run()
    let end = clock.now
    let cpu = processCPUSeconds() - cpuStart
    let wall = seconds(end - start)
    let positions: Int
    switch scenario.model.positions {
    case .population(let p): positions = p.count
    case .snapshot(let book, _): positions = book.count
    }
    return ScaleResult(scenarioName: scenario.simulation.name, positions: positions,
                       horizonDays: scenario.model.horizonSeconds / 86_400, setupSeconds: seconds(built - start),
                       wallSeconds: wall, cpuSeconds: cpu, events: result.metrics.eventsProcessed,
                       eventsPerSecond: wall > 0 ? Double(result.metrics.eventsProcessed) / wall : 0,
                       peakRSSBytes: peakResidentBytes(), liquidations: result.metrics.liquidations)
}

/// Peak resident set size of this process in bytes: `VmHWM` from /proc/self/status, else `ru_maxrss`.
public func peakResidentBytes() -> Int {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) {
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kib = line.dropFirst(6).split(separator: " ").first.flatMap { Int($0) }
            if let kib { return kib * 1024 }
        }
    }
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024  // KiB on Linux
}

/// User plus system CPU seconds used by this process so far.
public func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// The `key=value` fields of a benchmark result line (`events=N seconds=S ...`); other words are ignored.
public func parseResultLine(_ line: Substring) -> [String: String] {
    var out: [String: String] = [:]
    for word in line.split(separator: " ") {
        guard let eq = word.firstIndex(of: "=") else { continue }
        out[String(word[..<eq])] = String(word[word.index(after: eq)...])
    }
    return out
}

/// Runs `executable` with `arguments` and returns the fields of the last stdout line that has `key`.
/// - Throws: ``BenchmarkError`` when it cannot start, exits non-zero or prints no such line.
public func runResultLineProcess(_ executable: String, _ arguments: [String], key: String) throws -> [String: String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch {
        throw BenchmarkError(message: "cannot start \(executable): \(error.localizedDescription)")
    }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
        throw BenchmarkError(message: "\(executable) \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)\n\(text)")
    }
    for line in text.split(separator: "\n").reversed() {
        let fields = parseResultLine(line)
        if fields[key] != nil { return fields }
    }
    throw BenchmarkError(message: "\(executable) printed no line with \(key)=…; got:\n\(text)")
}

/// A benchmark that could not run, with the reason.
public struct BenchmarkError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
