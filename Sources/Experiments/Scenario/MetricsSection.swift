/// `[metrics]`: how often the time series is sampled → ``ModelSpec/sampleIntervalSeconds`` (its range is
/// checked by ``ModelSpec/crossProblems()``, `metrics.sample_interval`), and whether each run is also run
/// without market impact (``Scenario/counterfactualWithoutImpact``).
enum MetricsSection {
    static func decode(_ r: ConfigReader) -> (sampleInterval: Double, counterfactualWithoutImpact: Bool) {
        let interval = r.seconds("sample_interval", default: 600)
        let counterfactual = r.bool("counterfactual_without_impact", default: false)
        r.finish()
        return (interval, counterfactual)
    }
}
