/// What a run measures and keeps: the running metrics, the liquidated debt by cascade generation, the time
/// series, the liquidation records and the event trace (``RecordingOptions`` says which records are kept).
struct MetricsRecorder {
    let recording: RecordingOptions
    var metrics = RunMetrics()
    /// Liquidated debt by causal generation, USD.
    private(set) var generationDebt: [Double] = []
    private var peakReference: Double
    /// Time of the running maximum of bad debt, seconds.
    private(set) var worstMoment = 0.0
    private(set) var timeSeries: [TimeSeriesRow] = []
    private(set) var liquidations: [LiquidationRecord] = []
    private(set) var trace: [TraceRecord] = []

    init(recording: RecordingOptions, initialReferencePrice: Double) {
        self.recording = recording
        peakReference = initialReferencePrice
    }

    // MARK: Liquidations

    /// Counts one liquidation (a fixed-spread call, an absorption, a bark or kick): the debt it took on, its
    /// generation and whether it lowered the position's health factor.
    mutating func countLiquidation(debtUSD: Double, generation g: Int, toxic: Bool) {
        metrics.liquidations += 1
        metrics.liquidatedDebt += debtUSD
        while generationDebt.count <= g { generationDebt.append(0) }
        generationDebt[g] += debtUSD
        if toxic { metrics.toxicLiquidations += 1 }
        metrics.cascadeDepth = max(metrics.cascadeDepth, g + 1)
    }

    mutating func record(_ r: LiquidationRecord) {
        if recording.liquidations { liquidations.append(r) }
    }

    mutating func trace(_ r: TraceRecord) { trace.append(r) }

    // MARK: Market and bad debt

    /// The first asset's reference price, checked at every tick: its minimum and the drawdown from its peak.
    mutating func observeFirstReferencePrice(_ p: Double) {
        metrics.minReferencePrice = min(metrics.minReferencePrice, p)
        peakReference = max(peakReference, p)
        if peakReference > 0 { metrics.maxDrawdown = max(metrics.maxDrawdown, 1 - p / peakReference) }
    }

    /// |oracle / reference − 1| of one asset, checked at every tick.
    mutating func observeOracleDeviation(_ deviation: Double) {
        metrics.maxOracleDeviation = max(metrics.maxOracleDeviation, deviation)
    }

    /// The first pool's spot price in USD, after any swap on it and at every tick.
    mutating func observeFirstPoolPrice(_ usd: Double) { metrics.minAMMPrice = min(metrics.minAMMPrice, usd) }

    /// Bad debt (realised plus the shortfall of liquidatable positions) at time `now`: keeps its running peak.
    mutating func observeBadDebt(_ badDebt: Double, at now: Double) {
        if badDebt > metrics.maxBadDebt {
            metrics.maxBadDebt = badDebt
            worstMoment = now
        }
    }

    mutating func appendTimeSeries(_ row: TimeSeriesRow) { timeSeries.append(row) }

    /// Share of the liquidated debt in generations ≥ 1 (induced by earlier liquidations' sales).
    var inducedShare: Double {
        let total = generationDebt.reduce(0, +)
        return total > 0 ? generationDebt.dropFirst().reduce(0, +) / total : 0
    }
}
