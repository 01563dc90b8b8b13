/// What a study runs: the model's metric columns and a function that runs one replication of a scenario.
///
/// The function must be deterministic in (scenario, replication) and safe to call from several threads at
/// once (each call builds its own model state and random streams).
public struct StudyModel: Sendable {
    public let metricNames: [String]
    /// The per-run detail tables the run's ``RunOutcome`` rows fill (one list of rows per table, in order).
    public let details: [DetailTable]
    public let run: @Sendable (Scenario, Int) -> RunOutcome

    public init(metricNames: [String], details: [DetailTable] = [], run: @escaping @Sendable (Scenario, Int) -> RunOutcome) {
        self.metricNames = metricNames
        self.details = details
        self.run = run
    }
}
