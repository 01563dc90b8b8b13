import Foundation

/// The table `cascade bench all` ends with: every figure beside its target.
/// Targets are issue 17's (docs/PERFORMANCE.md): CPU seconds on one core, release build. `crash` and `replay`
/// are the runs of `Scenarios/bench/crash-1m.toml` and `replay-20k.toml` when measured.
public func benchmarkSummary(kernel k: KernelFigures, growth g: (byPositions: [GrowthPoint], byDays: [GrowthPoint]),
                             sweep s: SweepBenchmarkResult, crash: GrowthPoint? = nil, replay: GrowthPoint? = nil,
                             idle: GrowthPoint? = nil) -> String {
    var out: [String] = []
    func verdict(_ ok: Bool) -> String { ok ? "✔" : "✘" }
    let scale = g.byDays.last ?? g.byPositions.last
    out.append("| figure | measured | target |\n|---|---:|---|")
    out.append(String(format: "| kernel, Swift hold model | %.0f events/s | |", k.swiftMedian))
    if !k.c.isEmpty {
        let r = k.swiftMedian / k.cMedian
        out.append(String(format: "| kernel, C reference | %.0f events/s | |\n| kernel, Swift / C | %.3f | ≥ 0.95 %@ |", k.cMedian, r, verdict(r >= 0.95)))
    }
    if let p = k.simpy {
        let r = k.swiftMedian / p
        out.append(String(format: "| kernel, SimPy | %.0f events/s | |\n| kernel, Swift / SimPy | %.1f× | ≥ 25× %@ |", p, r, verdict(r >= 25)))
    }
    if let sc = scale {
        out.append(String(format: "| scale, %d positions × %d days: CPU | %.2f s | ≤ 6 s %@ |", sc.positions, sc.days, sc.cpuSeconds, verdict(sc.cpuSeconds <= 6)))
        out.append(String(format: "| scale: wall | %.2f s | |", sc.wallSeconds))
        out.append(String(format: "| scale: peak RSS | %.0f MiB | ≤ 512 MiB %@ |", sc.peakRSSMiB, verdict(sc.peakRSSMiB <= 512)))
        out.append(String(format: "| scale: events/s | %.0f (%d events) | |", sc.eventsPerSecond, sc.events))
    }
    /// CPU growth between the points of `rows` with sizes `from` and `to` (by `size`), if both were measured.
    func growth(_ rows: [GrowthPoint], _ size: (GrowthPoint) -> Int, from: Int, to: Int, limit: Double, _ label: String) {
        guard let a = rows.first(where: { size($0) == from }), let b = rows.first(where: { size($0) == to }) else { return }
        let r = b.cpuSeconds / a.cpuSeconds
        out.append(String(format: "| growth, %@ | %.2f× CPU, %.2f× RSS | ≤ %.1f× %@ |", label, r, b.peakRSSMiB / a.peakRSSMiB, limit, verdict(r <= limit)))
    }
    growth(g.byPositions, { $0.positions }, from: 100_000, to: 1_000_000, limit: 10, "100k → 1M positions")
    growth(g.byDays, { $0.days }, from: 90, to: 365, limit: 4.5, "90 → 365 days")
    if let c = crash {
        out.append(String(format: "| crash-1m (%d positions, −50%% over a day): CPU | %.2f s | ≤ 0.8 s %@ |", c.positions, c.cpuSeconds, verdict(c.cpuSeconds <= 0.8)))
    }
    if let r = replay {
        out.append(String(format: "| replay-20k (%d positions, deterministic): CPU | %.3f s | ≤ 0.08 s %@ |", r.positions, r.cpuSeconds, verdict(r.cpuSeconds <= 0.08)))
    }
    if let f = idle {
        // The fixed part: blocks, ticks and demand draws with one position. A hidden copy of a big value in the
        // block or tick path (one cost a fifth of every block) shows here first.
        out.append(String(format: "| fixed part, 1 position × %d days: CPU | %.2f s (%.2f µs per event) | |", f.days, f.cpuSeconds,
                          1e6 * f.cpuSeconds / Double(max(1, f.events))))
    }
    let perCore = s.serial.runsPerSecond
    out.append(String(format: "| sweep -j 1 | %.2f runs/s | ≥ 100 runs/s per core %@ |\n| sweep -j 2 | %.2f runs/s | |\n| sweep efficiency | %.1f%% | ≥ 90%% %@ |\n| sweep byte-identical | %@ | yes |",
                 perCore, verdict(perCore >= 100), s.parallel.runsPerSecond, 100 * s.efficiency, verdict(s.efficiency >= 0.9), s.identical ? "yes" : "NO"))
    return out.joined(separator: "\n")
}
