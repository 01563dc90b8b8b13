import Foundation
import Stochastic

/// `summary.csv`: one row per design point with the statistics of the key metrics over its replications.
///
/// It is computed from `runs.csv` alone (never from in-memory state), so an unsharded sweep, a resumed one
/// and a merge of shards all produce the same bytes. Rows are streamed point by point (runs of a point are
/// contiguous in run_id order), so memory grows with the replications, not the number of runs.
public enum SweepSummary {
    /// The metrics summarised when present in runs.csv, in this order.
    public static let keyMetrics = ["bad_debt", "bad_debt_net", "cascade_depth", "liquidated_debt", "toxic_liquidations", "max_drawdown",
                                    "amplification", "bad_debt_from_impact"]
    static let statistics = ["mean", "sd", "mean_ci95_low", "mean_ci95_high", "p50", "p95", "p99", "max"]

    public static func header(layout: SweepLayout) -> [String] {
        var h = ["point", "case"] + layout.parameterColumns + ["runs", "failed_runs"]
        for m in keyMetrics where layout.metricNames.contains(m) { h += statistics.map { "\(m)_\($0)" } }
        if layout.metricNames.contains("bad_debt") {
            h += ["p_bad_debt_positive", "p_bad_debt_positive_ci95_low", "p_bad_debt_positive_ci95_high", "var95_bad_debt", "cvar95_bad_debt"]
        }
        if layout.metricNames.contains("bad_debt_net") { h += ["var95_bad_debt_net", "cvar95_bad_debt_net"] }
        return h
    }

    /// Reads `runsPath` line by line (constant memory in the number of runs) and writes `summaryPath`
    /// atomically.
    public static func write(layout: SweepLayout, runsPath: String, summaryPath: String) throws {
        guard let reader = LineReader(path: runsPath) else {
            throw OutputError(path: runsPath, reason: "cannot be read to summarise")
        }
        guard let first = reader.next(), CSV.parse(Substring(first)) == layout.header else {
            throw OutputError(path: runsPath, reason: "does not have this sweep's columns")
        }
        let headerIndex = Dictionary(uniqueKeysWithValues: layout.header.enumerated().map { ($1, $0) })
        let metrics = keyMetrics.filter { layout.metricNames.contains($0) }
        var out = CSV.line(header(layout: layout))
        var group: [[String]] = []
        var currentPoint = -1
        func flush() {
            guard currentPoint >= 0 else { return }
            out += row(point: layout.points[currentPoint], rows: group, layout: layout, metrics: metrics, index: headerIndex)
            group.removeAll(keepingCapacity: true)
        }
        while let line = reader.next() {
            if line.isEmpty { continue }
            let fields = CSV.parse(Substring(line))
            guard let id = Int(fields[0]), fields.count == layout.header.count else {
                throw OutputError(path: runsPath, reason: "has a malformed row: \(line.prefix(60))")
            }
            let point = id / layout.replications
            if point != currentPoint { flush(); currentPoint = point }
            group.append(fields)
        }
        flush()
        try AtomicFile.write(out, to: summaryPath)
    }

    private static func row(point: DesignPoint, rows: [[String]], layout: SweepLayout, metrics: [String], index: [String: Int]) -> String {
        var fields = [String(point.index), point.caseName]
        // The point's swept-key cells as its runs recorded them (effective values), so a merge that rebuilt
        // the layout from scenario.toml writes the same bytes.
        fields += layout.parameterColumns.map { rows[0][index[$0]!] }
        let ok = rows.filter { $0[index["status"]!] == "ok" }
        fields += [String(rows.count), String(rows.count - ok.count)]
        // `nan` cells (a counterfactual column with the counterfactual off) are not values.
        func values(_ metric: String) -> [Double] { ok.compactMap { Double($0[index[metric]!]) }.filter { !$0.isNaN } }
        for m in metrics {
            let v = values(m)
            if v.isEmpty { fields += Array(repeating: "", count: statistics.count); continue }
            let s = SampleSummary(v)
            fields += [s.mean, s.standardDeviation, s.meanLower95, s.meanUpper95, s.p50, s.p95, s.p99, s.max].map(CSV.number)
        }
        if layout.metricNames.contains("bad_debt") {
            let v = values("bad_debt")
            if v.isEmpty { fields += ["", "", "", "", ""] } else {
                let p = Proportion(successes: v.filter { $0 > 0 }.count, trials: v.count)
                let s = SampleSummary(v)
                fields += [p.estimate, p.lower95, p.upper95, s.var95, s.cvar95].map(CSV.number)
            }
        }
        if layout.metricNames.contains("bad_debt_net") {
            let v = values("bad_debt_net")
            if v.isEmpty { fields += ["", ""] } else {
                let s = SampleSummary(v)
                fields += [CSV.number(s.var95), CSV.number(s.cvar95)]
            }
        }
        return CSV.line(fields)
    }
}
