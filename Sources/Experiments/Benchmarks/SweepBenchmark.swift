import CascadeModel
import Foundation

/// Sweep throughput at one thread count.
public struct SweepTiming: Sendable {
    public let jobs: Int
    public let runs: Int
    public let seconds: Double
    public var runsPerSecond: Double { seconds > 0 ? Double(runs) / seconds : 0 }
}

/// `cascade bench sweep`: the same sweep at `-j 1` and at `-j 2`, and whether runs.csv came out byte-identical.
public struct SweepBenchmarkResult: Sendable {
    public let scenarioName: String
    public let serial: SweepTiming
    public let parallel: SweepTiming
    public let identical: Bool

    /// Parallel efficiency: speed-up over `-j 1` divided by the thread count.
    public var efficiency: Double {
        serial.runsPerSecond > 0 ? parallel.runsPerSecond / (serial.runsPerSecond * Double(parallel.jobs)) : 0
    }

    public var line: String {
        String(format: "sweep scenario=%@ runs=%d j1_seconds=%.3f j1_runs_per_second=%.2f j%d_seconds=%.3f j%d_runs_per_second=%.2f efficiency=%.3f identical=%@",
               scenarioName, serial.runs, serial.seconds, serial.runsPerSecond, parallel.jobs, parallel.seconds,
               parallel.jobs, parallel.runsPerSecond, efficiency, identical ? "yes" : "no")
    }
}

/// Runs the `[sweep]` of `path` through ``SweepExecutor`` (the code `cascade sweep` uses) at one thread and at
/// `parallelJobs`, each writing runs.csv into a fresh temporary folder, and compares the two files byte for byte.
/// The serial sweep runs first, so the parallel one does not profit from a cold start the serial one paid.
public func runSweepBenchmark(path: String, overrides: [Override] = [], parallelJobs: Int = 2) throws -> SweepBenchmarkResult {
    let prepared = try PreparedSweep.prepare(path: path, overrides: overrides, metricNames: CascadeStudy.model.metricNames)
    let scenarios = prepared.scenarios
    let model = CascadeStudy.model
    let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("cascade-bench-sweep-\(getpid())")
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    func timed(_ jobs: Int) throws -> (SweepTiming, Data) {
        let runsPath = (root as NSString).appendingPathComponent("runs-j\(jobs).csv")
        let clock = ContinuousClock()
        let start = clock.now
        let report = try SweepExecutor.execute(layout: prepared.layout, shard: .whole, jobs: jobs, runsPath: runsPath, resume: false,
                                               run: { job in model.run(scenarios[job.point], job.replication) })
        let elapsed = seconds(clock.now - start)
        guard report.failed == 0 else {
            throw BenchmarkError(message: "\(report.failed) run(s) of \(path) failed at -j \(jobs); see \(runsPath)")
        }
        return (SweepTiming(jobs: jobs, runs: report.completed, seconds: elapsed), try Data(contentsOf: URL(fileURLWithPath: runsPath)))
    }
    let (serial, serialBytes) = try timed(1)
    let (parallel, parallelBytes) = try timed(parallelJobs)
    return SweepBenchmarkResult(scenarioName: prepared.layout.scenarioName, serial: serial, parallel: parallel,
                                identical: serialBytes == parallelBytes)
}
