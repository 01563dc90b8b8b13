import Foundation
import Stochastic

/// A whole scenario file, decoded and checked: one value per component section.
///
/// Every section belongs to the component it configures; see Scenarios/README.md for the schema.
public struct Scenario: Sendable {
    /// The file it came from (empty for scenarios built in code).
    public var path: String
    public var simulation: SimulationSettings
    /// The parameter study, when the file defines one.
    public var sweep: SweepSpec?

    /// Reads every section of a scenario file through `root`.
    static func decode(_ root: ConfigReader, path: String) -> Scenario {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let simulation = SimulationSettings.decode(root.section("simulation", required: true)!, defaultName: name)
        let sweep = root.section("sweep").map(SweepSpec.decode)
        return Scenario(path: path, simulation: simulation, sweep: sweep)
    }

    /// Loads, overrides and checks the scenario at `path`.
    /// - Throws: ``ScenarioError`` listing every problem, or ``OverrideError``.
    public static func load(path: String, overrides: [Override] = []) throws -> ScenarioLoader.Loaded<Scenario> {
        try ScenarioLoader.load(path: path, overrides: overrides) { decode($0, path: path) }
    }
}
