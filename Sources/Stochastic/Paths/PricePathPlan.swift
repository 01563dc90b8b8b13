import Foundation

/// A validated ``PricePathSetSpec`` compiled for one tick length: per-tick constants, the Cholesky factor,
/// replays with their volatility scaling applied, bootstrap returns resampled at the tick. Immutable and
/// shared by every replication (build it once per design point, then one ``MultiAssetPaths`` per
/// replication).
public struct PricePathPlan: Sendable {
    /// The spec it was built from.
    public let spec: PricePathSetSpec
    /// The tick length, seconds.
    public let tickSeconds: Double
    /// Asset names in index order: `spec.assets`, then the debt asset.
    public let assetNames: [String]
    /// The index of the debt asset (the last).
    public var debtAssetIndex: Int { assetNames.count - 1 }

    let drivers: [PathDriver]
    let initialPrices: [Double]
    let moves: [[ScriptedMove]]
    /// Slot in the correlated normal vector, or −1 for an asset that draws its own.
    let gaussianSlot: [Int]
    let cholesky: CholeskyFactor?
    /// Joint bootstrap: returns available to every bootstrap asset, and the block length (0 = no bootstrap).
    let bootstrapReturnCount: Int
    let bootstrapBlockLength: Int

    /// Validates `spec` and compiles it for ticks of `tickSeconds`.
    /// - Throws: ``PricePathSpecError`` with every problem found.
    public init(spec: PricePathSetSpec, tickSeconds: Double) throws {
        var problems = spec.validate()
        if let p = ParameterProblem.requirePositive("tick_seconds", tickSeconds) { problems.append(p) }
        if !problems.isEmpty { throw PricePathSpecError(problems: problems) }

        let all = spec.assets + [spec.debtAsset]
        let years = tickSeconds / secondsPerYear
        var drivers: [PathDriver] = [], initial: [Double] = []
        var bootstrapReturns: [(asset: Int, returns: [Double])] = []
        var blockLengths = Set<Int>()
        for (k, asset) in all.enumerated() {
            let prefix = k < spec.assets.count ? "assets[\(k)]" : "debt"
            switch asset.model {
            case .constant(let s):
                drivers.append(.constant)
                initial.append(s.price)
            case .gbm(let s):
                let sigma = s.annualVolatility
                drivers.append(.gbm(drift: (s.annualDrift - sigma * sigma / 2) * years, volatility: sigma * years.squareRoot()))
                initial.append(s.initialPrice)
            case .merton(let s):
                let sigma = s.annualVolatility
                let kappa = s.meanRelativeJump!  // validated: finite
                let drift = (s.annualDrift - s.jumpIntensityPerYear * kappa - sigma * sigma / 2) * years
                drivers.append(.merton(MertonTick(
                    drift: drift, volatility: sigma * years.squareRoot(),
                    jumpsPerTick: s.jumpIntensityPerYear * years, jumpSize: s.jumpSize)))
                initial.append(s.initialPrice)
            case .garch(let s):
                let nu = s.degreesOfFreedom
                drivers.append(.garch(GARCHTick(
                    drift: s.annualLogDrift * years, omega: s.omega, alpha: s.alpha, beta: s.beta,
                    degreesOfFreedom: nu, tScale: ((nu - 2) / nu).squareRoot(),
                    initialVariance: s.unconditionalVariancePerTick)))
                initial.append(s.initialPrice)
            case .regimeSwitching(let s):
                drivers.append(.regime(RegimeTick(s, tickSeconds: tickSeconds)))
                initial.append(s.initialPrice)
            case .replay(let s):
                let history = s.effectiveHistory
                let start = s.startUnixSeconds ?? spec.startUnixSeconds ?? history.unixSeconds[0]
                drivers.append(.replay(history: history, policy: s.gapPolicy, startUnixSeconds: start))
                initial.append(history.price(atUnixSeconds: start, policy: s.gapPolicy))
            case .bootstrap(let s):
                let returns = s.history.resampledLogReturns(stepSeconds: tickSeconds, policy: s.gapPolicy)
                if returns.count < s.blockLengthTicks {
                    problems.append(ParameterProblem(
                        key: "\(prefix).block_length_ticks",
                        message: "found \(s.blockLengthTicks), expected at most \(returns.count) (the log returns of "
                            + "\(s.history.source) read every \(tickSeconds) s)"))
                }
                blockLengths.insert(s.blockLengthTicks)
                bootstrapReturns.append((k, returns))
                drivers.append(.bootstrap(returns: returns))
                initial.append(s.initialPrice ?? s.history.prices[0])
            }
        }
        if blockLengths.count > 1 {
            problems.append(ParameterProblem(
                key: "assets",
                message: "found bootstrap block lengths \(blockLengths.sorted()), expected one block length for all "
                    + "bootstrap assets (they are resampled jointly)"))
        }
        if !problems.isEmpty { throw PricePathSpecError(problems: problems) }

        var slots = [Int](repeating: -1, count: all.count)
        var cholesky: CholeskyFactor? = nil
        if let c = spec.correlation {
            let g = spec.gaussianAssetIndices
            for (slot, k) in g.enumerated() { slots[k] = slot }
            if !g.isEmpty { cholesky = try CholeskyFactor(g.map { i in g.map { j in c[i][j] } }) }
        }

        self.spec = spec
        self.tickSeconds = tickSeconds
        self.assetNames = all.map(\.name)
        self.drivers = drivers
        self.initialPrices = initial
        self.moves = all.map(\.moves)
        self.gaussianSlot = slots
        self.cholesky = cholesky
        self.bootstrapReturnCount = bootstrapReturns.map(\.returns.count).min() ?? 0
        self.bootstrapBlockLength = blockLengths.first ?? 0
    }

    /// The regime names of asset `k`, or `nil` when its model has no regimes.
    public func regimeNames(asset k: Int) -> [String]? {
        if case .regime(let r) = drivers[k] { return r.names }
        return nil
    }
}

/// One asset's generator with its per-tick constants: what ``MultiAssetPaths/advance()`` switches on.
enum PathDriver: Sendable {
    case constant
    case gbm(drift: Double, volatility: Double)
    case merton(MertonTick)
    case garch(GARCHTick)
    case regime(RegimeTick)
    case replay(history: PriceHistory, policy: GapPolicy, startUnixSeconds: Double)
    case bootstrap(returns: [Double])
}

struct MertonTick: Sendable {
    /// (μ − λκ − σ²/2)·dt
    let drift: Double
    /// σ·√dt
    let volatility: Double
    /// λ·dt
    let jumpsPerTick: Double
    let jumpSize: Distribution
}

struct GARCHTick: Sendable {
    let drift: Double
    let omega: Double
    let alpha: Double
    let beta: Double
    let degreesOfFreedom: Double
    /// √((ν − 2)/ν): scales a t_ν draw to unit variance.
    let tScale: Double
    let initialVariance: Double
}

struct RegimeTick: Sendable {
    let names: [String]
    /// (μ_i − σ_i²/2)·dt
    let drift: [Double]
    /// σ_i·√dt
    let volatility: [Double]
    /// 1 − e^{−q_i dt}
    let leaveProbability: [Double]
    /// For regime i, cumulative q_ij/q_i over j (with 0 for j = i), the last entry 1.
    let cumulativeDestination: [[Double]]
    /// For regime i, the last j ≠ i with q_ij > 0 (i itself when none).
    let lastDestination: [Int]
    let initialRegime: Int

    init(_ s: RegimeSwitchingSpec, tickSeconds: Double) {
        let years = tickSeconds / secondsPerYear, days = tickSeconds / secondsPerDay
        names = s.regimes.map(\.name)
        drift = s.regimes.map { ($0.annualDrift - $0.annualVolatility * $0.annualVolatility / 2) * years }
        volatility = s.regimes.map { $0.annualVolatility * years.squareRoot() }
        var leave: [Double] = [], cumulative: [[Double]] = []
        for (i, row) in s.transitionRatesPerDay.enumerated() {
            let total = row.enumerated().reduce(0.0) { $1.offset == i ? $0 : $0 + $1.element }
            leave.append(total > 0 ? -expm1(-total * days) : 0)
            var running = 0.0
            cumulative.append(row.enumerated().map { j, q in
                if j != i { running += q }
                return total > 0 ? running / total : 0
            })
        }
        leaveProbability = leave
        cumulativeDestination = cumulative
        lastDestination = s.transitionRatesPerDay.enumerated().map { i, row in
            row.indices.last { $0 != i && row[$0] > 0 } ?? i
        }
        initialRegime = s.initialRegimeIndex
    }
}
