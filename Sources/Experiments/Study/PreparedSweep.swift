import Foundation

/// A sweep checked and expanded before anything is written: every design point's scenario has been
/// decoded and validated, so a bad value anywhere in the design stops the sweep with the message and no
/// output.
public struct PreparedSweep: Sendable {
    public let layout: SweepLayout
    /// The scenario of each design point (the base file plus the point's overrides).
    public let scenarios: [Scenario]
    /// The normalized base scenario, written as `scenario.toml` in the output folder.
    public let normalizedText: String

    /// Loads `path` with `overrides`, expands its `[sweep]` and checks every point.
    public static func prepare(path: String, overrides: [Override], metricNames: [String], details: [DetailTable] = []) throws -> PreparedSweep {
        let source = try ScenarioSource(path: path)
        let base = try ScenarioLoader.load(source: source, overrides: overrides) { Scenario.decode($0, path: path) }
        guard let spec = base.value.sweep else {
            throw ScenarioError(problems: [ConfigProblem(file: path, keyPath: "sweep", line: nil,
                message: "missing [sweep] section, expected one to run a sweep (see Scenarios/README.md)")])
        }
        let points = try spec.points(seed: base.value.simulation.seed)
        if points.isEmpty {
            throw ScenarioError(problems: [ConfigProblem(file: path, keyPath: "sweep", line: nil,
                message: "the design has zero points, expected at least one")])
        }
        var scenarios: [Scenario] = []
        var normalized: [NormalizedTable] = []
        scenarios.reserveCapacity(points.count)
        for point in points {
            do {
                let loaded = try ScenarioLoader.load(source: source, overrides: overrides, designOverrides: point.overrides) { Scenario.decode($0, path: path) }
                scenarios.append(loaded.value)
                normalized.append(loaded.normalized)
            } catch let error as ScenarioError {
                let label = point.caseName.isEmpty ? point.assignments.map { "\($0.key)=\(CSV.cell($0.value))" }.joined(separator: ", ") : "case \"\(point.caseName)\""
                throw ScenarioError(problems: error.problems.map {
                    // A key the case's new choice does not take: say how a case replaces the whole table.
                    var hint = ""
                    if !point.caseName.isEmpty, $0.message.hasPrefix("unknown key"), let dot = $0.keyPath.lastIndex(of: ".") {
                        hint = "; to drop the base file's keys, a case replaces the whole table: \"\($0.keyPath[..<dot])\" = { ... }"
                    }
                    return ConfigProblem(file: $0.file, keyPath: $0.keyPath, line: $0.line,
                                         message: "\($0.message) (in design point \(point.index): \(label)\(hint))")
                })
            }
        }
        let keys = SweepLayout.parameterKeys(of: points)
        let cells = normalized.map { table in keys.map { table.cell(atPath: $0) ?? "" } }
        let layout = SweepLayout(scenarioName: base.value.simulation.name, rootSeed: base.value.simulation.seed,
                                 points: points, replications: spec.replications, metricNames: metricNames, details: details,
                                 effectiveCells: cells)
        let text = base.normalized.toml(comment: "Normalized from \(path) by cascade; re-run with: cascade sweep <this file>")
        return PreparedSweep(layout: layout, scenarios: scenarios, normalizedText: text + "\n")
    }
}
