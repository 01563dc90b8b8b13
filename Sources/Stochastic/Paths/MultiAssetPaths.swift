import Foundation

/// The live price paths of one replication: K collateral assets plus the debt asset, advanced together one
/// tick at a time into preallocated storage (no allocation per tick).
///
/// Ticks are a fixed step (``PricePathPlan/tickSeconds``): GARCH and the bootstrap are defined per tick, so a
/// variable step would change the process. The path starts at t = 0 at each asset's initial price.
///
///     var paths = try MultiAssetPaths(plan: plan, streams: factory)
///     while paths.exogenousTime < horizon {
///         paths.advance()
///         let eth = paths.price(asset: 0)
///     }
///
/// Streams: "price/<name>" per asset; "price/correlated" for correlated Gaussian shocks; "price/bootstrap"
/// for the joint block indices. A copy of this struct shares those streams with the original (they are
/// reference types), so advance one copy only.
///
/// Guarantee: every price is finite and > 0. Log prices are clamped to [−700, 700] (e^±700 is within
/// Double range), which only binds for parameters far outside any market.
public struct MultiAssetPaths {
    /// The compiled specification.
    public let plan: PricePathPlan
    /// Ticks advanced since t = 0.
    public private(set) var tickIndex: Int = 0

    /// Current prices, index order of ``PricePathPlan/assetNames``.
    public private(set) var prices: [Double]
    var logPrices: [Double]
    var variances: [Double]
    var regimes: [Int]
    var cursors: [Int]
    let streams: [RandomStream]
    let correlatedStream: RandomStream?
    let bootstrapStream: RandomStream?
    var blockStart = 0
    var blockOffset = 0
    var normals: [Double]
    var correlatedNormals: [Double]

    /// Starts every path at t = 0 with streams from `streams`.
    /// - Throws: ``GSLError`` if a generator cannot be allocated.
    public init(plan: PricePathPlan, streams: StreamFactory) throws {
        self.plan = plan
        let n = plan.assetNames.count
        self.streams = try plan.assetNames.map { try streams.stream("price/\($0)") }
        self.correlatedStream = plan.cholesky == nil ? nil : try streams.stream("price/correlated")
        self.bootstrapStream = plan.bootstrapBlockLength == 0 ? nil : try streams.stream("price/bootstrap")
        self.prices = plan.initialPrices
        self.logPrices = plan.initialPrices.map { log($0) }
        self.variances = [Double](repeating: 0, count: n)
        self.regimes = [Int](repeating: -1, count: n)
        self.cursors = [Int](repeating: 0, count: n)
        for k in 0..<n {
            switch plan.drivers[k] {
            case .garch(let g): variances[k] = g.initialVariance
            case .regime(let r): regimes[k] = r.initialRegime
            default: break
            }
        }
        self.blockOffset = plan.bootstrapBlockLength
        let g = plan.cholesky?.dimension ?? 0
        self.normals = [Double](repeating: 0, count: g)
        self.correlatedNormals = [Double](repeating: 0, count: g)
        for k in 0..<n { prices[k] = plan.initialPrices[k] * scriptMultiplier(k, atSeconds: 0) }
        _checkInvariants()
    }

    /// The number of paths (collateral assets + the debt asset).
    public var assetCount: Int { prices.count }
    /// Asset names in index order.
    public var assetNames: [String] { plan.assetNames }
    /// The debt asset's index (the last).
    public var debtAssetIndex: Int { plan.debtAssetIndex }
    /// The index of the asset called `name`.
    public func assetIndex(named name: String) -> Int? { plan.assetNames.firstIndex(of: name) }

    /// Seconds since the start of the path: tickIndex × tickSeconds (computed, not accumulated, so replay
    /// times stay exact).
    public var exogenousTime: Double { Double(tickIndex) * plan.tickSeconds }

    /// The price of asset `k` at ``exogenousTime``.
    @inline(__always) public func price(asset k: Int) -> Double { prices[k] }

    /// The index of the regime in force at ``exogenousTime`` (it drives the next tick), or `nil` for a model
    /// without regimes.
    public func regime(asset k: Int) -> Int? { regimes[k] >= 0 ? regimes[k] : nil }

    /// The name of the regime in force, or `nil` for a model without regimes.
    public func regimeName(asset k: Int) -> String? {
        guard regimes[k] >= 0, case .regime(let r) = plan.drivers[k] else { return nil }
        return r.names[regimes[k]]
    }

    /// Advances every path by one tick.
    /// - Complexity: O(K²) for correlated assets (L·z), O(K) otherwise; no allocation.
    public mutating func advance() {
        tickIndex += 1
        let t = exogenousTime
        if let cholesky = plan.cholesky, let stream = correlatedStream {
            for i in 0..<normals.count { normals[i] = stream.standardNormal() }
            normals.withUnsafeBufferPointer { z in
                correlatedNormals.withUnsafeMutableBufferPointer { out in cholesky.apply(z, into: out) }
            }
        }
        var bootstrapIndex = 0
        if plan.bootstrapBlockLength > 0, let stream = bootstrapStream {
            let blockLength = plan.bootstrapBlockLength
            if blockOffset == blockLength {
                // Künsch's moving-block bootstrap: a block start uniform on 0 … n − L.
                blockStart = stream.uniformInt(below: plan.bootstrapReturnCount - blockLength + 1)
                blockOffset = 0
            }
            bootstrapIndex = blockStart + blockOffset
            blockOffset += 1
        }
        for k in 0..<prices.count {
            var base: Double
            switch plan.drivers[k] {
            case .constant:
                base = plan.initialPrices[k]
            case .gbm(let drift, let volatility):
                base = step(k, by: drift + volatility * normal(k))
            case .merton(let m):
                var r = m.drift + m.volatility * normal(k)
                let jumps = m.jumpsPerTick > 0 ? streams[k].poisson(mean: m.jumpsPerTick) : 0
                for _ in 0..<jumps { r += log(max(m.jumpSize.sample(streams[k]), Double.leastNormalMagnitude)) }
                base = step(k, by: r)
            case .garch(let g):
                let innovation = variances[k].squareRoot() * g.tScale * streams[k].studentT(degreesOfFreedom: g.degreesOfFreedom)
                variances[k] = g.omega + g.alpha * innovation * innovation + g.beta * variances[k]
                base = step(k, by: g.drift + innovation)
            case .regime(let r):
                let i = regimes[k]
                base = step(k, by: r.drift[i] + r.volatility[i] * normal(k))
                let u = streams[k].uniform()
                if u < r.leaveProbability[i] {
                    // u / p is uniform on [0, 1) given u < p: reuse it to pick the destination.
                    let v = u / r.leaveProbability[i]
                    let row = r.cumulativeDestination[i]
                    // The first j ≠ i whose cumulative share exceeds v; the fallback (the last reachable
                    // regime) only catches rounding in the last cumulative share.
                    var j = 0
                    while j < row.count && (j == i || row[j] <= v) { j += 1 }
                    regimes[k] = j < row.count ? j : r.lastDestination[i]
                }
            case .replay(let history, let policy, let start):
                base = history.price(atUnixSeconds: start + t, policy: policy, cursor: &cursors[k])
            case .bootstrap(let returns):
                base = step(k, by: returns[bootstrapIndex])
            }
            prices[k] = plan.moves[k].isEmpty ? base : base * scriptMultiplier(k, atSeconds: t)
        }
        _checkInvariants()
    }

    /// The standard normal shock of Gaussian-driven asset k: its slot of L·z when correlated, else a draw
    /// from its own stream.
    @inline(__always)
    func normal(_ k: Int) -> Double {
        let slot = plan.gaussianSlot[k]
        return slot >= 0 ? correlatedNormals[slot] : streams[k].standardNormal()
    }

    /// Adds a log return to asset k's log price (clamped) and returns the new price.
    @inline(__always)
    mutating func step(_ k: Int, by logReturn: Double) -> Double {
        let l = min(max(logPrices[k] + logReturn, -700), 700)
        logPrices[k] = l
        return exp(l)
    }

    @inline(__always)
    func scriptMultiplier(_ k: Int, atSeconds t: Double) -> Double {
        var m = 1.0
        for move in plan.moves[k] { m *= move.multiplier(atSeconds: t) }
        return m
    }

    /// Every price is finite and > 0. Runs with CASCADE_INVARIANTS (debug builds); compiles to nothing in
    /// release builds.
    @inline(__always)
    func _checkInvariants() {
        #if CASCADE_INVARIANTS
        for (k, p) in prices.enumerated() {
            precondition(p.isFinite && p > 0, "Price path invariant broken: \(plan.assetNames[k]) = \(p) at t = \(exogenousTime) s")
        }
        #endif
    }
}
