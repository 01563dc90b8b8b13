/// One row of a sampled path, as `cascade paths` writes it: (replication, time_s, asset, price, regime).
public struct PathSample: Sendable, Equatable {
    public let replication: Int
    /// Seconds since t = 0.
    public let timeSeconds: Double
    public let asset: String
    public let price: Double
    /// The regime in force at this time, for regime-switching assets.
    public let regime: String?
}

/// Samples every asset's path of one replication from t = 0 to `horizonSeconds` (inclusive, whole ticks),
/// one row per asset per tick, t = 0 included.
/// - Throws: ``PricePathSpecError`` when `spec` is invalid; ``GSLError`` if a generator cannot be allocated.
public func samplePaths(spec: PricePathSetSpec, streams: StreamFactory, horizonSeconds: Double,
                        tickSeconds: Double) throws -> [PathSample] {
    try samplePaths(plan: PricePathPlan(spec: spec, tickSeconds: tickSeconds), streams: streams, horizonSeconds: horizonSeconds)
}

/// As ``samplePaths(spec:streams:horizonSeconds:tickSeconds:)`` with a plan compiled once and reused across
/// replications.
public func samplePaths(plan: PricePathPlan, streams: StreamFactory, horizonSeconds: Double) throws -> [PathSample] {
    precondition(horizonSeconds >= 0 && horizonSeconds.isFinite, "horizon must be finite and ≥ 0, got \(horizonSeconds)")
    var paths = try MultiAssetPaths(plan: plan, streams: streams)
    // A tolerance of 1e-9 ticks so that a horizon that is a whole number of ticks keeps its last tick.
    let ticks = Int((horizonSeconds / plan.tickSeconds + 1e-9).rounded(.down))
    var rows: [PathSample] = []
    rows.reserveCapacity((ticks + 1) * paths.assetCount)
    func record() {
        for k in 0..<paths.assetCount {
            rows.append(PathSample(replication: streams.replication, timeSeconds: paths.exogenousTime,
                                   asset: plan.assetNames[k], price: paths.price(asset: k), regime: paths.regimeName(asset: k)))
        }
    }
    record()
    for _ in 0..<ticks {
        paths.advance()
        record()
    }
    return rows
}
