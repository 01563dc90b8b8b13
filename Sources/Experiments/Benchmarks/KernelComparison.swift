import Foundation

/// The hold-model figures: Swift, C reference and SimPy events per second.
public struct KernelFigures: Sendable {
    public var swift: [Double] = []
    public var c: [Double] = []
    public var simpy: Double?
    public var finalTimesAgree = true

    public init() {}

    /// The median (mean of the middle two for an even count), NaN for none.
    public static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? .nan : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
    }
    public var swiftMedian: Double { Self.median(swift) }
    public var cMedian: Double { Self.median(c) }
}

/// What the hold-model comparison runs: the model's size and seed, how often, and which peers.
public struct KernelComparisonPlan: Sendable {
    public var events: Int
    public var pending: Int
    public var seed: UInt64
    public var runs: Int
    /// C reference binary (benchmarks/kernel.sh builds it), run alternately with the Swift kernel.
    public var cReference: String?
    /// SimPy peer script, run once.
    public var simpy: String?
    public var simpyEvents: Int

    public init(events: Int, pending: Int, seed: UInt64, runs: Int, cReference: String?, simpy: String?, simpyEvents: Int) {
        self.events = events
        self.pending = pending
        self.seed = seed
        self.runs = runs
        self.cReference = cReference
        self.simpy = simpy
        self.simpyEvents = simpyEvents
    }
}

/// Runs the Swift hold model `runs` times, alternating with the C reference when given, then SimPy once;
/// `log` gets each figure as it is measured.
public func runKernelComparison(_ o: KernelComparisonPlan, log say: (String) -> Void) throws -> KernelFigures {
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
        say(String(format: "kernel swift_median=%.0f c_median=%.0f ratio=%.3f (target >= 0.95) final_time_match=%@ runs=%d",
                     figures.swiftMedian, figures.cMedian, figures.swiftMedian / figures.cMedian,
                     figures.finalTimesAgree ? "yes" : "NO", o.runs))
    }
    if let script = o.simpy {
        let f = try runResultLineProcess("/bin/bash", [script, "--events", "\(o.simpyEvents)", "--pending", "\(o.pending)", "--seed", "\(o.seed)"],
                                         key: "events_per_second")
        let rate = Double(f["events_per_second"] ?? "") ?? .nan
        figures.simpy = rate
        say("simpy  events=\(f["events"] ?? "?") seconds=\(f["seconds"] ?? "?") events_per_second=\(f["events_per_second"] ?? "?") final_time=\(f["final_time"] ?? "?")")
        say(String(format: "kernel swift_median=%.0f simpy=%.0f ratio_swift_over_simpy=%.1f (target >= 25)", figures.swiftMedian, rate, figures.swiftMedian / rate))
    }
    return figures
}
