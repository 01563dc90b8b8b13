import Foundation

/// The compact table `cascade sweep` prints at the end: one line per design point with the headline columns.
public enum SummaryTable {
    public static func render(summaryPath: String, layout: SweepLayout) throws -> String {
        guard let text = try? String(contentsOfFile: summaryPath, encoding: .utf8) else {
            throw OutputError(path: summaryPath, reason: "cannot be read")
        }
        var lines = text.split(separator: "\n").map(CSV.parse)
        guard !lines.isEmpty else { return "" }
        let header = lines.removeFirst()
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        let keyColumns: [(String, Int)] = (layout.points.contains { !$0.caseName.isEmpty } ? [("case", column("case")!)] : [])
            + layout.parameterKeys.compactMap { k in column(layout.durationKeys.contains(k) ? "\(k)_text" : k).map { (k, $0) } }
                .filter { _, c in lines.allSatisfy { $0[c].count <= 24 } }  // a case's whole-table values stay in the CSV files
        let stats: [(String, String)] = [("bad_debt_mean", "bad debt mean"), ("bad_debt_p95", "p95"), ("p_bad_debt_positive", "P(>0)"),
                                         ("bad_debt_net_mean", "net mean"), ("cascade_depth_mean", "cascade depth"), ("liquidated_debt_mean", "liquidated"),
                                         ("amplification_mean", "amplification"), ("bad_debt_from_impact_mean", "from impact")]
        // The counterfactual's columns only when it ran (they are empty otherwise).
        let shown = stats.compactMap { s in column(s.0).map { (s.1, $0) } }
            .filter { _, c in lines.contains { !$0[c].isEmpty } }
        var rows: [[String]] = [keyColumns.map(\.0) + shown.map(\.0) + ["runs"]]
        for fields in lines {
            var row = keyColumns.map { fields[$0.1] }
            for (label, i) in shown {
                let v = Double(fields[i]) ?? .nan
                let twoDecimals = label == "P(>0)" || label == "cascade depth" || label == "amplification"
                row.append(fields[i].isEmpty ? "-" : twoDecimals ? String(format: "%.2f", v) : String(format: "%.0f", v))
            }
            row.append(fields[column("runs")!])
            rows.append(row)
        }
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
        return rows.enumerated().map { i, row in
            let line = row.enumerated().map { c, cell in c < keyColumns.count ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - cell.count) + cell }.joined(separator: "  ")
            return i == 0 ? line + "\n" + String(repeating: "-", count: line.count) : line
        }.joined(separator: "\n") + "\n"
    }
}

extension SweepLayout {
    /// The layout of the sweep whose normalized scenario is at `path` (as written into every sweep folder),
    /// read from its [simulation] and [sweep] sections only.
    public static func fromNormalizedScenario(path: String, metricNames: [String], details: [DetailTable] = []) throws -> SweepLayout {
        let loaded = try ScenarioLoader.load(path: path) { root -> (SimulationSettings, SweepSpec?) in
            let simulation = SimulationSettings.decode(root.section("simulation", required: true)!, defaultName: "scenario")
            let sweep = root.section("sweep").map(SweepSpec.decode)
            root.ignoreRemaining()
            return (simulation, sweep)
        }
        let (simulation, sweep) = loaded.value
        guard let sweep else { throw OutputError(path: path, reason: "has no [sweep] section, expected the scenario.toml of a sweep") }
        return SweepLayout(scenarioName: simulation.name, rootSeed: simulation.seed, points: try sweep.points(seed: simulation.seed),
                           replications: sweep.replications, metricNames: metricNames, details: details)
    }
}
