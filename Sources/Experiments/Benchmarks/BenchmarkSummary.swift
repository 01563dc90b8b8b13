import Foundation

/// The table `cascade bench all` ends with: every figure beside its target.
public func benchmarkSummary(kernel k: KernelFigures, growth g: (byPositions: [GrowthPoint], byDays: [GrowthPoint]),
                             sweep s: SweepBenchmarkResult) -> String {
    var out: [String] = []
    let scale = g.byDays.last ?? g.byPositions.last
    out.append("| figure | measured | target |\n|---|---:|---|")
    out.append(String(format: "| kernel, Swift hold model | %.0f events/s | |", k.swiftMedian))
    if !k.c.isEmpty { out.append(String(format: "| kernel, C reference | %.0f events/s | |\n| kernel, Swift / C | %.3f | ≥ 0.9 |", k.cMedian, k.swiftMedian / k.cMedian)) }
    if let p = k.simpy { out.append(String(format: "| kernel, SimPy | %.0f events/s | |\n| kernel, Swift / SimPy | %.1f× | |", p, k.swiftMedian / p)) }
    if let sc = scale {
        out.append(String(format: "| scale, %d positions × %d days: wall | %.2f s | < 15 s |", sc.positions, sc.days, sc.wallSeconds))
        out.append(String(format: "| scale: CPU (user + system) | %.2f s | |", sc.cpuSeconds))
        out.append(String(format: "| scale: peak RSS | %.0f MiB | < 1024 MiB |", sc.peakRSSMiB))
        out.append(String(format: "| scale: events/s | %.0f (%d events) | |", sc.eventsPerSecond, sc.events))
    }
    func growthRatio(_ rows: [GrowthPoint]) -> String {
        guard let a = rows.first, let b = rows.last, rows.count > 1 else { return "–" }
        return String(format: "%.2f× wall, %.2f× CPU, %.2f× RSS", b.wallSeconds / a.wallSeconds, b.cpuSeconds / a.cpuSeconds, b.peakRSSMiB / a.peakRSSMiB)
    }
    if let a = g.byPositions.first, let b = g.byPositions.last {
        out.append("| growth, \(a.positions) → \(b.positions) positions | \(growthRatio(g.byPositions)) | ≤ ~\(b.positions / max(1, a.positions))× |")
    }
    if let a = g.byDays.first, let b = g.byDays.last {
        out.append(String(format: "| growth, %d → %d days | %@ | ≤ ~%.1f× |", a.days, b.days, growthRatio(g.byDays), Double(b.days) / Double(a.days)))
    }
    out.append(String(format: "| sweep -j 1 | %.2f runs/s | |\n| sweep -j 2 | %.2f runs/s | |\n| sweep efficiency | %.1f%% | ≥ 90%% |\n| sweep byte-identical | %@ | yes |",
                 s.serial.runsPerSecond, s.parallel.runsPerSecond, 100 * s.efficiency, s.identical ? "yes" : "NO"))
    return out.joined(separator: "\n")
}
