import Stochastic

/// One asset's oracle as a scenario describes it (`[[oracles]]`), before random outages are drawn.
public struct OracleConfig: Equatable, Sendable {
    /// How outages are specified.
    public enum Outages: Equatable, Sendable {
        case none
        /// `[start, end)` windows in seconds.
        case scripted([OutageWindow])
        /// Poisson arrivals at `ratePerDay`, each lasting a draw of `durationSeconds`.
        case random(ratePerDay: Double, durationSeconds: Distribution)
    }

    /// One scripted outage, `[startSeconds, endSeconds)`.
    public struct OutageWindow: Equatable, Sendable {
        public var startSeconds: Double
        public var endSeconds: Double
        public init(startSeconds: Double, endSeconds: Double) {
            self.startSeconds = startSeconds
            self.endSeconds = endSeconds
        }
    }

    /// The transaction a Chainlink-style round, an OSM poke or a Medianizer update is sent as (ignored by the
    /// other oracle types). Defaults are placeholders, not measurements.
    public struct RoundTransaction: Equatable, Sendable {
        public var gasUsed: Int = 200_000
        public var maxPriorityFeeGwei: Double = 2
        public var maxFeeGwei: Double = 500
        public init(gasUsed: Int = 200_000, maxPriorityFeeGwei: Double = 2, maxFeeGwei: Double = 500) {
            self.gasUsed = gasUsed
            self.maxPriorityFeeGwei = maxPriorityFeeGwei
            self.maxFeeGwei = maxFeeGwei
        }
    }

    /// The default osm.poke + spot.poke transaction: two cheap calls (each reads one contract and writes a few
    /// slots), of the order of 100,000 gas together; priced like the feeds' own transactions. A placeholder.
    public static let osmPokeTransaction = RoundTransaction(gasUsed: 100_000, maxPriorityFeeGwei: 2, maxFeeGwei: 500)
    /// The default Medianizer update: median.sol `poke` checks one signature per feed (ecrecover, 13+ feeds)
    /// and sorts their prices, of the order of 200,000 gas. A placeholder.
    public static let medianUpdateTransaction = RoundTransaction(gasUsed: 200_000, maxPriorityFeeGwei: 2, maxFeeGwei: 500)

    /// The asset symbol the oracle prices (e.g. "ETH"); also names its random stream, "oracle/ETH".
    public var asset: String
    public var spec: OracleSpec
    public var latencySeconds: Distribution
    public var outages: Outages
    /// Chainlink: a round; OSM with `pokes = "transactions"`: the keeper's osm.poke + spot.poke.
    public var roundTransaction: RoundTransaction
    /// OSM with `pokes = "transactions"`: a relayer's Medianizer update (median.sol `poke` with the feeds'
    /// signed prices).
    public var medianTransaction: RoundTransaction

    public init(asset: String, spec: OracleSpec, latencySeconds: Distribution = .constant(value: 0), outages: Outages = .none,
                roundTransaction: RoundTransaction = RoundTransaction(), medianTransaction: RoundTransaction = RoundTransaction()) {
        self.asset = asset
        self.spec = spec
        self.latencySeconds = latencySeconds
        self.outages = outages
        self.roundTransaction = roundTransaction
        self.medianTransaction = medianTransaction
    }

    /// The transaction `round` is sent as: a Medianizer update for an OSM's deviation and expiry rounds, the
    /// round (or poke) transaction otherwise.
    public func transaction(for round: OracleRound) -> RoundTransaction {
        if case .osmPoked = spec, round.reason != .poke { return medianTransaction }
        return roundTransaction
    }

    /// The name of the random stream this oracle draws latency and random outages from.
    public var streamName: String { "oracle/\(asset)" }

    /// Every problem, keyed relative to the oracle's section.
    public func validate() -> [ParameterProblem] {
        var out = spec.validate()
        out += latencySeconds.problems.map { ParameterProblem(key: "latency_seconds.\($0.parameter)", message: $0.message) }
        switch outages {
        case .none: break
        case .scripted(let windows):
            for (i, w) in windows.enumerated() where !(w.startSeconds.isFinite && w.endSeconds.isFinite && w.startSeconds <= w.endSeconds) {
                out.append(ParameterProblem(key: "outages.windows[\(i)]",
                                            message: "found [\(w.startSeconds), \(w.endSeconds)), expected finite start ≤ end"))
            }
        case .random(let rate, let duration):
            if !(rate.isFinite && rate >= 0) {
                out.append(ParameterProblem(key: "outages.rate_per_day", message: "found \(rate), expected a finite number ≥ 0"))
            }
            out += duration.problems.map { ParameterProblem(key: "outages.duration_seconds.\($0.parameter)", message: $0.message) }
        }
        for (prefix, tx) in [("round", roundTransaction), ("median", medianTransaction)] {
            if tx.gasUsed <= 0 { out.append(ParameterProblem(key: "\(prefix)_gas_used", message: "found \(tx.gasUsed), expected an integer > 0")) }
            if !(tx.maxPriorityFeeGwei.isFinite && tx.maxPriorityFeeGwei >= 0) {
                out.append(ParameterProblem(key: "\(prefix)_max_priority_fee_gwei", message: "found \(tx.maxPriorityFeeGwei), expected a finite number ≥ 0"))
            }
            if !(tx.maxFeeGwei.isFinite && tx.maxFeeGwei >= tx.maxPriorityFeeGwei) {
                out.append(ParameterProblem(key: "\(prefix)_max_fee_gwei",
                                            message: "found \(tx.maxFeeGwei), expected a finite number ≥ \(prefix)_max_priority_fee_gwei \(tx.maxPriorityFeeGwei)"))
            }
        }
        return out
    }

    /// Draws the outages (random ones over `[startTime, horizon)`) and builds the oracle.
    /// - Parameter stream: this oracle's stream (``streamName``); needed for random outages or latency.
    public func makeOracle(initial: PriceDecomposition, at startTime: Double = 0, horizon: Double,
                           stream: RandomStream?) -> Oracle {
        let schedule: OutageSchedule
        switch outages {
        case .none: schedule = .none
        case .scripted(let windows): schedule = OutageSchedule(windows.map { ($0.startSeconds, $0.endSeconds) })
        case .random(let rate, let duration):
            guard let stream else { preconditionFailure("Random outages of oracle \(asset) need its RandomStream") }
            schedule = .random(ratePerDay: rate, duration: duration, from: startTime, until: horizon, stream: stream)
        }
        return Oracle(spec: spec, latency: latencySeconds, outages: schedule, initial: initial, at: startTime)
    }
}
