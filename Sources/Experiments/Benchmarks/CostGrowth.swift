import Foundation

/// One point of the cost-growth table, measured in a child process (so its peak RSS is its own).
public struct GrowthPoint: Sendable, Equatable {
    public let positions: Int
    public let days: Int
    public let wallSeconds: Double
    public let cpuSeconds: Double
    public let events: Int
    public let eventsPerSecond: Double
    public let peakRSSMiB: Double

    public init(positions: Int, days: Int, wallSeconds: Double, cpuSeconds: Double, events: Int, eventsPerSecond: Double, peakRSSMiB: Double) {
        self.positions = positions
        self.days = days
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.events = events
        self.eventsPerSecond = eventsPerSecond
        self.peakRSSMiB = peakRSSMiB
    }
}

/// The cost-growth points: a scenario overridden to each position count (at the longest horizon) and to
/// each horizon (at the largest count).
public struct GrowthPlan: Sendable {
    public var scenario: String
    public var positions: [Int]
    public var days: [Int]

    public init(scenario: String, positions: [Int], days: [Int]) {
        self.scenario = scenario
        self.positions = positions
        self.days = days
    }
}

/// The path of the running executable, to run growth points as `cascade bench scale` children.
public func selfExecutable() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

/// Measures every point of `o`, each as a `cascade bench scale` child of `executable` (so its peak RSS is
/// its own); `log` gets each point as it is measured.
public func runGrowth(_ o: GrowthPlan, executable: String = selfExecutable(), log say: (String) -> Void) throws
    -> (byPositions: [GrowthPoint], byDays: [GrowthPoint]) {
    let maxPositions = o.positions.max() ?? 1_000_000
    let maxDays = o.days.max() ?? 365
    var cache: [String: GrowthPoint] = [:]
    func point(_ n: Int, _ d: Int) throws -> GrowthPoint {
        let key = "\(n)/\(d)"
        if let p = cache[key] { return p }
        let p = try scalePoint(o.scenario, sets: ["positions.count=\(n)", "simulation.horizon=\(d)d"], executable: executable,
                               positions: n, days: d)
        say(String(format: "growth positions=%d days=%d wall_seconds=%.3f cpu_seconds=%.3f events=%d events_per_second=%.0f peak_rss_mib=%.1f",
                     n, d, p.wallSeconds, p.cpuSeconds, p.events, p.eventsPerSecond, p.peakRSSMiB))
        cache[key] = p
        return p
    }
    let byPositions = try o.positions.sorted().map { try point($0, maxDays) }
    let byDays = try o.days.sorted().map { try point(maxPositions, $0) }
    return (byPositions, byDays)
}

/// One `cascade bench scale` child run of `scenario` (its own process, so its peak RSS is its own).
public func runScalePoint(_ scenario: String, sets: [String] = [], executable: String = selfExecutable(),
                          log say: (String) -> Void) throws -> GrowthPoint {
    let p = try scalePoint(scenario, sets: sets, executable: executable)
    say(String(format: "scale %@ positions=%d days=%d wall_seconds=%.3f cpu_seconds=%.3f events=%d peak_rss_mib=%.1f",
               scenario, p.positions, p.days, p.wallSeconds, p.cpuSeconds, p.events, p.peakRSSMiB))
    return p
}

/// Runs `cascade bench scale scenario --set …` as a child of `executable` and reads its result line; the
/// positions and days are the line's own unless given.
private func scalePoint(_ scenario: String, sets: [String], executable: String, positions: Int? = nil, days: Int? = nil) throws -> GrowthPoint {
    let f = try runResultLineProcess(executable, ["bench", "scale", scenario] + sets.flatMap { ["--set", $0] }, key: "wall_seconds")
    return GrowthPoint(positions: positions ?? Int(f["positions"] ?? "") ?? 0, days: days ?? Int(Double(f["days"] ?? "") ?? 0),
                       wallSeconds: Double(f["wall_seconds"] ?? "") ?? .nan, cpuSeconds: Double(f["cpu_seconds"] ?? "") ?? .nan,
                       events: Int(f["events"] ?? "") ?? 0, eventsPerSecond: Double(f["events_per_second"] ?? "") ?? .nan,
                       peakRSSMiB: Double(f["peak_rss_mib"] ?? "") ?? .nan)
}

/// A Markdown table of growth points with each row's ratios to the previous one (size by `scaleBy`).
public func growthTable(_ title: String, _ rows: [GrowthPoint], scaleBy: (GrowthPoint) -> Double) -> String {
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
