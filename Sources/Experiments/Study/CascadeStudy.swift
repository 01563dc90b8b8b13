import CascadeModel

/// The liquidation-cascade model as a study: runs.csv columns are ``RunMetrics/names`` and the
/// counterfactual's ``counterfactualNames``.
public enum CascadeStudy {
    /// How much the sales' market impact added, from the same replication run again with `[market.impact]`
    /// removed (the exogenous paths, borrowers and bots' draws are the same streams): liquidated debt and
    /// bad debt without impact, amplification = liquidated debt ÷ liquidated debt without impact (1 when
    /// both are 0), and the bad debt the impact caused, bad debt − bad debt without impact. Unlike the cascade
    /// depth, these do not depend on how often the oracle posts. `nan` unless
    /// `[metrics] counterfactual_without_impact = true`; a scenario without impact gives its own figures, 1 and 0.
    public static let counterfactualNames = ["liquidated_debt_without_impact", "bad_debt_without_impact", "amplification",
                                             "bad_debt_from_impact"]

    public static let metricNames = RunMetrics.names + counterfactualNames

    public static let model = StudyModel(
        metricNames: metricNames,
        details: [DetailTable(fileName: "liquidators.csv", columns: ResultFiles.liquidatorColumns),
                  DetailTable(fileName: "assets.csv", columns: ResultFiles.assetColumns)]
    ) { scenario, replication in
        do {
            let sim = try Simulation(spec: scenario.model, rootSeed: scenario.simulation.seed, replication: replication,
                                     generator: scenario.simulation.generator)
            let result = try sim.run()
            let counterfactual = try counterfactualValues(scenario, replication: replication, metrics: result.metrics)
            return .ok(result.metrics.values + counterfactual, details: [result.liquidators.map(ResultFiles.liquidatorCells),
                                                                         result.assets.map(ResultFiles.assetCells)])
        } catch {
            return .failed("run failed (scenario \(scenario.path), seed \(scenario.simulation.seed), replication \(replication)) \(error)")
        }
    }

    /// The ``counterfactualNames`` values of one replication whose own metrics are `metrics`.
    public static func counterfactualValues(_ scenario: Scenario, replication: Int, metrics: RunMetrics) throws -> [Double] {
        guard scenario.counterfactualWithoutImpact else { return [.nan, .nan, .nan, .nan] }
        var without = metrics
        if scenario.model.impact != nil {
            var spec = scenario.model
            spec.impact = nil
            without = try Simulation(spec: spec, rootSeed: scenario.simulation.seed, replication: replication,
                                     generator: scenario.simulation.generator).run().metrics
        }
        let ratio = without.liquidatedDebt > 0 ? metrics.liquidatedDebt / without.liquidatedDebt : metrics.liquidatedDebt > 0 ? .infinity : 1
        return [without.liquidatedDebt, without.badDebt, ratio, metrics.badDebt - without.badDebt]
    }
}
