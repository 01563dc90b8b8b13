import CascadeModel

/// The liquidation-cascade model as a study: runs.csv columns are ``RunMetrics/names``.
public enum CascadeStudy {
    public static let model = StudyModel(
        metricNames: RunMetrics.names,
        detail: DetailTable(fileName: "liquidators.csv", columns: ResultFiles.liquidatorColumns)
    ) { scenario, replication in
        do {
            let sim = try Simulation(spec: scenario.model, rootSeed: scenario.simulation.seed, replication: replication,
                                     generator: scenario.simulation.generator)
            let result = try sim.run()
            return .ok(result.metrics.values, details: result.liquidators.map(ResultFiles.liquidatorCells))
        } catch {
            return .failed("run failed (scenario \(scenario.path), seed \(scenario.simulation.seed), replication \(replication)) \(error)")
        }
    }
}
