/// `[metrics]`: how often the time series is sampled → ``ModelSpec/sampleIntervalSeconds``. Its range is
/// checked by ``ModelSpec/crossProblems()`` (`metrics.sample_interval`).
enum MetricsSection {
    static func decode(_ r: ConfigReader) -> Double {
        let interval = r.seconds("sample_interval", default: 600)
        r.finish()
        return interval
    }
}
