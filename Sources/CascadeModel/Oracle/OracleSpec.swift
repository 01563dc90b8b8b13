import Stochastic

/// Which price-feed model an asset's oracle follows, with its parameters in seconds.
///
/// All five share one driving protocol (see ``Oracle``); they differ in when they post and what they publish.
public enum OracleSpec: Equatable, Sendable {
    /// Publishes every change of the reference price as it happens (plus the oracle's delivery latency).
    case instant
    /// MakerDAO Oracle Security Module (dss `osm.sol`): pokes every `intervalSeconds` on a grid aligned to
    /// multiples of the interval (`zzz = prev(era())`) and publishes the price observed `delaySeconds` earlier.
    /// With `delaySeconds == intervalSeconds` this is exactly `poke`: `cur = nxt; nxt = read()`.
    case fixedDelay(intervalSeconds: Double = 3600, delaySeconds: Double = 3600)
    /// MakerDAO's OSM with its inputs and outputs as transactions (dss `osm.sol`, `median.sol`, `spot.sol`):
    /// relayers update the Medianizer when the market moves more than `medianSpread` from its value or it is
    /// `medianExpirySeconds` old; at each hop boundary a keeper sends `osm.poke` + `spot.poke`, and when that
    /// transaction is mined the protocol's price becomes the OSM's queued `nxt` and `nxt` becomes the
    /// Medianizer's value then (`cur = nxt; nxt = read(); zzz = prev(era())`). A feed or poke that cannot get
    /// mined leaves the protocol on a stale price.
    case osmPoked(hopSeconds: Double = 3600, medianSpread: Double = 0.01, medianExpirySeconds: Double = 86_400)
    /// Chainlink-style feed: a new round when |p − last|/last > `deviationThreshold` or `heartbeatSeconds` have
    /// elapsed since the last published round. The round is a transaction that must be included by the network.
    case deviationHeartbeat(deviationThreshold: Double = 0.005, heartbeatSeconds: Double = 3600)
    /// Uniswap v2 style time-weighted average of the pool price over `windowSeconds`, recomputed every
    /// `updateIntervalSeconds` from the pool's cumulative price (`price0CumulativeLast`).
    case twap(windowSeconds: Double = 1800, updateIntervalSeconds: Double = 60)
    /// The pool's spot price, read whenever it changes (manipulable; the baseline TWAPs guard against).
    case ammSpot

    /// Where the integrator takes this oracle's input price from.
    public var source: OracleSource {
        switch self {
        case .instant, .fixedDelay, .osmPoked, .deviationHeartbeat: return .reference
        case .twap, .ammSpot: return .ammPool
        }
    }

    /// The name a scenario file uses in `type = "..."`.
    public var typeName: String {
        switch self {
        case .instant: return "instant"
        case .fixedDelay, .osmPoked: return "osm"
        case .deviationHeartbeat: return "chainlink"
        case .twap: return "twap"
        case .ammSpot: return "amm-spot"
        }
    }

    /// Every out-of-range parameter, keyed as a scenario file spells it.
    public func validate() -> [ParameterProblem] {
        switch self {
        case .instant, .ammSpot:
            return []
        case .fixedDelay(let interval, let delay):
            return [
                ParameterProblem.requirePositive("interval_seconds", interval),
                delay.isFinite && delay >= 0
                    ? nil : ParameterProblem(key: "delay_seconds", message: "found \(delay), expected a finite number ≥ 0"),
            ].compactMap { $0 }
        case .osmPoked(let hop, let spread, let expiry):
            return [
                ParameterProblem.requirePositive("interval_seconds", hop),
                spread.isFinite && spread >= 0
                    ? nil : ParameterProblem(key: "median_spread", message: "found \(spread), expected a finite number ≥ 0"),
                ParameterProblem.requirePositive("median_expiry_seconds", expiry),
            ].compactMap { $0 }
        case .deviationHeartbeat(let threshold, let heartbeat):
            return [
                threshold.isFinite && threshold >= 0
                    ? nil : ParameterProblem(key: "deviation_threshold", message: "found \(threshold), expected a finite number ≥ 0"),
                ParameterProblem.requirePositive("heartbeat_seconds", heartbeat),
            ].compactMap { $0 }
        case .twap(let window, let update):
            let problems = [
                ParameterProblem.requirePositive("window_seconds", window),
                ParameterProblem.requirePositive("update_interval_seconds", update),
            ].compactMap { $0 }
            // The window starts at a checkpoint, and checkpoints are `update` apart (Uniswap's sliding-window
            // oracle likewise needs windowSize to cover whole periods).
            if problems.isEmpty && window < update {
                return [ParameterProblem(key: "window_seconds",
                                         message: "found \(window), expected at least update_interval_seconds \(update)")]
            }
            return problems
        }
    }
}

/// The price an oracle reads.
public enum OracleSource: String, Sendable {
    /// The exogenous reference (off-chain market) price, with its cascade decomposition.
    case reference
    /// The simulated AMM pool's spot price.
    case ammPool
}
