import ArgumentParser
import Experiments

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run performance benchmarks (build with -c release).",
        subcommands: [KernelBench.self]
    )
}

struct KernelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "The hold model: keep N events pending, pop the earliest, schedule one at +Exponential(1) (GSL mt19937)."
    )

    @Option(help: "Events to process.") var events = 10_000_000
    @Option(help: "Events kept pending.") var pending = 1_000
    @Option(help: "Root seed.") var seed: UInt64 = 42

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be > 0, got \(events)") }
        guard pending > 0 else { throw ValidationError("--pending must be > 0, got \(pending)") }
    }

    func run() throws {
        let r = try runHoldModel(events: events, pending: pending, seed: seed)
        print(r.line)
    }
}
