import SimKernel
import Stochastic

/// The oracles, one per collateral asset: their state and streams, the one pending wake-up each keeps, and the
/// prices the protocol acts on (collateral at the last publication, debt at its reference price).
///
/// It handles its own events (wake-ups, observations, included rounds) and reports what the engine routes on:
/// round transactions to send, and whether the prices the protocol acts on changed.
struct OracleSet {
    private var oracles: [Oracle]
    private let streams: [RandomStream]
    private var wake: [EventHandle?]
    /// Whether each asset's oracle reads its first AMM pool (else the reference price).
    let readsPool: [Bool]
    private let configs: [OracleConfig]
    /// What the protocol acts on (overwritten in place on each publication).
    var prices: OraclePrices
    /// Each asset's last published price with its cascade decomposition.
    private(set) var values: [PriceDecomposition]

    /// What one batch of oracle events asks of the engine.
    struct Outcome {
        var published = false
        var rounds: [(gas: Int, tip: Double, maxFee: Double, asset: AssetIndex, round: Int32)] = []
    }

    /// One oracle per collateral asset (instant where the scenario names none), starting at `references`.
    init(spec: ModelSpec, references: [PriceDecomposition], debtPrice: Double, streams factory: StreamFactory) throws {
        let names = spec.protocolSpec.collateral.map(\.name)
        let configs = names.map { name in spec.oracles.first { $0.asset == name } ?? OracleConfig(asset: name, spec: .instant) }
        let streams = try configs.map { try factory.stream($0.streamName) }
        self.streams = streams
        readsPool = configs.map { $0.spec.source == .ammPool }
        self.configs = configs
        oracles = configs.enumerated().map { a, c in
            c.makeOracle(initial: references[a], at: 0, horizon: spec.horizonSeconds, stream: streams[a])
        }
        values = references
        wake = Array(repeating: nil, count: configs.count)
        prices = OraclePrices(collateral: references.map(\.price), debt: debtPrice)
    }

    var count: Int { oracles.count }

    /// Oracle `a`'s timed work is due (a poke, a heartbeat, a delayed publication).
    mutating func wakeUp(_ asset: AssetIndex, at now: Double) -> Outcome {
        let a = asset.index
        wake[a] = nil
        return apply(asset, oracles[a].wake(at: now, stream: streams[a]))
    }

    /// Oracle `a` observes its source's price.
    mutating func observe(_ asset: AssetIndex, _ value: PriceDecomposition, at now: Double) -> Outcome {
        apply(asset, oracles[asset.index].observe(value, at: now, stream: streams[asset.index]))
    }

    /// Oracle `a`'s round transaction `round` was included.
    mutating func roundIncluded(_ asset: AssetIndex, round: Int, at now: Double) -> Outcome {
        apply(asset, oracles[asset.index].roundIncluded(round, at: now, stream: streams[asset.index]))
    }

    /// Publications update the prices the protocol acts on; round submissions become transactions to send.
    private mutating func apply(_ asset: AssetIndex, _ events: [OracleEvent]) -> Outcome {
        let a = asset.index
        var out = Outcome()
        for event in events {
            switch event {
            case .roundTriggered:
                break
            case .submitRound(let round):
                let tx = configs[a].transaction(for: round)
                out.rounds.append((tx.gasUsed, tx.maxPriorityFeeGwei, tx.maxFeeGwei, asset, Int32(round.id)))
            case .published(let post):
                values[a] = post.value
                prices.collateral[a] = post.price
                out.published = true
            }
        }
        return out
    }

    /// Keeps exactly one wake-up event for oracle `a`, at its `nextWakeTime` (none past `horizon`).
    mutating func reschedule(_ asset: AssetIndex, now: Double, horizon: Double, kernel: inout EventKernel<SimEvent>) {
        let a = asset.index
        let next = oracles[a].nextWakeTime
        if let handle = wake[a] {
            if let next, handle.time == next { return }
            kernel.cancel(handle)
            wake[a] = nil
        }
        if let next, next <= horizon {
            wake[a] = kernel.schedule(.oracleWake(asset: asset), at: max(next, now), priority: .observation)
        }
    }
}
