import CGSL

/// Summary statistics of one metric over the replications of a design point, computed with GSL's
/// statistics functions (`gsl_stats_*`, `gsl_sort`, `gsl_cdf_*`), not by hand.
public struct SampleSummary: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// Sample standard deviation (n − 1 denominator, `gsl_stats_sd`); 0 for a single value.
    public let standardDeviation: Double
    public let p50: Double
    public let p95: Double
    public let p99: Double
    public let max: Double
    /// 95% confidence interval of the mean from Student's t with n − 1 degrees of freedom.
    public let meanLower95: Double
    public let meanUpper95: Double
    /// Value at Risk at 95%: the 95th percentile.
    public let var95: Double
    /// Conditional VaR at 95%: the mean of the values at or beyond the 95th percentile.
    public let cvar95: Double

    /// Summarises `values` (at least one).
    /// Quantiles use GSL's `gsl_stats_quantile_from_sorted_data` (linear interpolation between order
    /// statistics, Hyndman & Fan type 7).
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "No values to summarise")
        var sorted = values
        let n = sorted.count
        sorted.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, n) }
        count = n
        (mean, standardDeviation, p50, p95, p99) = sorted.withUnsafeBufferPointer { b in
            let m = gsl_stats_mean(b.baseAddress, 1, n)
            let sd = n > 1 ? gsl_stats_sd_m(b.baseAddress, 1, n, m) : 0
            return (m, sd,
                    gsl_stats_quantile_from_sorted_data(b.baseAddress, 1, n, 0.50),
                    gsl_stats_quantile_from_sorted_data(b.baseAddress, 1, n, 0.95),
                    gsl_stats_quantile_from_sorted_data(b.baseAddress, 1, n, 0.99))
        }
        max = sorted[n - 1]
        if n > 1 {
            let t = gsl_cdf_tdist_Pinv(0.975, Double(n - 1))
            let half = t * standardDeviation / Double(n).squareRoot()
            meanLower95 = mean - half
            meanUpper95 = mean + half
        } else {
            meanLower95 = mean
            meanUpper95 = mean
        }
        let threshold = p95
        var95 = threshold
        let tail = sorted.filter { $0 >= threshold }
        cvar95 = tail.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, tail.count) }
    }
}

/// A binomial proportion with its Wilson score interval (Wilson 1927), which stays inside [0, 1] and behaves
/// at 0 and n successes, unlike the normal approximation.
public struct Proportion: Sendable, Equatable {
    public let successes: Int
    public let trials: Int
    public let estimate: Double
    public let lower95: Double
    public let upper95: Double

    public init(successes: Int, trials: Int) {
        precondition(trials > 0 && successes >= 0 && successes <= trials, "Bad proportion \(successes)/\(trials)")
        self.successes = successes
        self.trials = trials
        let n = Double(trials)
        let p = Double(successes) / n
        let z = gsl_cdf_ugaussian_Pinv(0.975)
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / denominator
        estimate = p
        // At 0 (or n) successes the bound is exactly 0 (or 1); rounding would leave 1e-17.
        lower95 = successes == 0 ? 0 : Swift.max(0, centre - half)
        upper95 = successes == trials ? 1 : Swift.min(1, centre + half)
    }
}
