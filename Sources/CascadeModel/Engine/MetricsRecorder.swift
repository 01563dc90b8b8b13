/// What a run measures and keeps: the running metrics, the liquidated debt by cascade generation, the time
/// series, the liquidation records and the event trace (``RecordingOptions`` says which records are kept).
struct MetricsRecorder {
    let recording: RecordingOptions
    var metrics = RunMetrics()
    /// Liquidated debt by causal generation, USD.
    private(set) var generationDebt: [Double] = []
    /// Time of the running maximum of bad debt, seconds.
    private(set) var worstMoment = 0.0
    private(set) var timeSeries: [TimeSeriesRow] = []
    private(set) var liquidations: [LiquidationRecord] = []
    private(set) var trace: [TraceRecord] = []

    /// Each collateral asset's market extremes (``AssetResult``), in protocol order; `runs.csv`'s
    /// `min_reference_price`, `max_drawdown` and `min_amm_price` are the first asset's, `max_oracle_deviation`
    /// the largest (``marketMetrics(into:)``).
    private(set) var assets: [AssetResult]
    /// Each asset's running peak reference price, for its drawdown.
    private var peaks: [Double]
    /// Whether the start's total debt has been recorded.
    private var sawDebt = false

    init(recording: RecordingOptions, initialReferencePrices: [Double], assetNames: [String]) {
        self.recording = recording
        assets = zip(assetNames, initialReferencePrices).map { AssetResult(name: $0, initialPrice: $1) }
        peaks = initialReferencePrices
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

    /// Asset `a`'s reference price, checked at every tick: its minimum and the drawdown from its peak.
    mutating func observeReferencePrice(_ a: Int, _ p: Double) {
        assets[a].minReferencePrice = min(assets[a].minReferencePrice, p)
        peaks[a] = max(peaks[a], p)
        if peaks[a] > 0 { assets[a].maxDrawdown = max(assets[a].maxDrawdown, 1 - p / peaks[a]) }
    }

    /// |oracle / reference − 1| of asset `a`, checked at every tick.
    mutating func observeOracleDeviation(_ a: Int, _ deviation: Double) {
        assets[a].maxOracleDeviation = max(assets[a].maxOracleDeviation, deviation)
    }

    /// Asset `a`'s first pool's spot price in USD, after any swap on it and at every tick.
    mutating func observePoolPrice(_ a: Int, _ usd: Double) { assets[a].minAMMPrice = min(assets[a].minAMMPrice, usd) }

    /// The end-of-run bad debt of each asset, USD (realised, unrealised), and the extremes of a run with no
    /// tick made finite.
    mutating func finishAssets(realized: [Double], unrealized: [Double], endPrices: [Double]) {
        for a in assets.indices {
            assets[a].realizedBadDebt = realized[a]
            assets[a].unrealizedBadDebt = unrealized[a]
            if !assets[a].minReferencePrice.isFinite { assets[a].minReferencePrice = endPrices[a] }
            if !assets[a].minAMMPrice.isFinite { assets[a].minAMMPrice = 0 }
        }
    }

    /// `runs.csv`'s market columns from the assets' (after ``finishAssets(realized:unrealized:endPrices:)``):
    /// the first asset's minimum price, drawdown and pool minimum, the largest oracle deviation; 0 without assets.
    func marketMetrics(into m: inout RunMetrics) {
        m.minReferencePrice = assets.first?.minReferencePrice ?? 0
        m.maxDrawdown = assets.first?.maxDrawdown ?? 0
        m.minAMMPrice = assets.first?.minAMMPrice ?? 0
        m.maxOracleDeviation = assets.map(\.maxOracleDeviation).max() ?? 0
    }

    /// Bad debt (realised plus the shortfall of liquidatable positions) at time `now`: keeps its running peak.
    mutating func observeBadDebt(_ badDebt: Double, at now: Double) {
        if badDebt > metrics.maxBadDebt {
            metrics.maxBadDebt = badDebt
            worstMoment = now
        }
    }

    /// Debt outstanding at a sample, USD: the first one is the start, the largest the peak.
    mutating func observeTotalDebt(_ usd: Double) {
        if !sawDebt { metrics.totalDebtStart = usd; sawDebt = true }
        metrics.totalDebtPeak = max(metrics.totalDebtPeak, usd)
    }

    mutating func appendTimeSeries(_ row: TimeSeriesRow) { timeSeries.append(row) }

    /// Share of the liquidated debt in generations ≥ 1 (induced by earlier liquidations' sales).
    var inducedShare: Double {
        let total = generationDebt.reduce(0, +)
        return total > 0 ? generationDebt.dropFirst().reduce(0, +) / total : 0
    }
}
