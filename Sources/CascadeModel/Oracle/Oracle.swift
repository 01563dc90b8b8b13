import Stochastic

/// One asset's price oracle: a value-type state machine that the integrator drives from kernel events.
///
/// Driving protocol (all times in seconds, never going back):
/// 1. Create it with the price at the start: ``init(spec:latency:outages:initial:at:)``. ``current`` is that price.
/// 2. Whenever the oracle's input price changes (a reference tick for `instant`/`osm`/`chainlink`, a swap for
///    `twap`/`amm-spot`, see ``OracleSpec/source``), call ``observe(_:at:stream:)``.
/// 3. Keep one wake-up event scheduled at ``nextWakeTime`` (re-read it after every call, cancel the old
///    event if it changed); when it fires call ``wake(at:stream:)``.
/// 4. Act on the returned ``OracleEvent``s: `.submitRound` → put a transaction in the mempool, and when a block
///    includes it call ``roundIncluded(_:at:)``; `.published` → consumers now read ``current``.
///
/// Recommended kernel priorities at one instant: input ticks `.exogenous`, oracle wakes `.observation`, so an
/// oracle observing at `t` sees the tick at `t`. Every call first runs the oracle's own timed work due strictly
/// before `t`, so a late call is handled in time order.
///
/// `stream` is the oracle's own random stream (e.g. "oracle/ETH"); it is only drawn from when ``latency`` is
/// not constant, and may be `nil` then.
public struct Oracle: Sendable {
    public let spec: OracleSpec
    /// Delay from deciding a post to consumers seeing it (seconds); for Chainlink, from trigger to the report
    /// transaction reaching the mempool. Negative draws count as 0.
    public let latency: Distribution
    public let outages: OutageSchedule

    /// The value consumers read now.
    public private(set) var current: OraclePost
    /// The last input price passed to ``observe(_:at:stream:)`` (or the initial one).
    public private(set) var latestInput: PriceDecomposition
    /// The time of the last call.
    public private(set) var lastTime: Double
    /// Posts decided but not yet visible, by publication time then sequence.
    public private(set) var inFlight: [OraclePost] = []

    private var nextSequence = 1
    private var state: State

    private enum State: Sendable {
        case immediate(unposted: Bool)
        case fixedDelay(FixedDelayState)
        case osm(PokedOSMState)
        case deviation(DeviationState)
        case twap(TWAPState)
    }

    /// OSM grid: pokes at `k·interval`, observations at `j·interval − delay`.
    private struct FixedDelayState: Sendable {
        let interval: Double
        let delay: Double
        var nextPoke: Int
        var nextObservation: Int
        var queue: [(time: Double, value: PriceDecomposition)] = []
        var pokeTime: Double { Double(nextPoke) * interval }
        var observationTime: Double { Double(nextObservation) * interval - delay }
    }

    /// The Medianizer, fed by relayer transactions, and the OSM above it, poked by transactions.
    private struct PokedOSMState: Sendable {
        let hop: Double
        /// The relayers' feed into the Medianizer: a deviation (spread) and heartbeat (expiry) feed like
        /// Chainlink's, whose answers the OSM reads instead of publishing them.
        var feed: DeviationState
        /// The Medianizer's value: the prices of the last relayer update mined.
        var median: PriceDecomposition
        /// The OSM's queued value (`nxt`), read from the Medianizer when the last poke was mined.
        var next: PriceDecomposition
        var nextTime: Double
        /// `zzz`: the hop boundary at or before the last mined poke; the next poke is allowed at zzz + hop.
        var zzz: Double
        var poke: OracleRound?
        var pokeSubmitted = false
        var pokeTime: Double { zzz + hop }
    }

    private struct DeviationState: Sendable {
        let threshold: Double
        let heartbeat: Double
        /// The last published answer and when it was published (Chainlink's `updatedAt`).
        var referencePrice: Double
        var referenceTime: Double
        var pending: OracleRound?
        var submitted = false

        /// Its wake-up times: a round waiting to be submitted; else the heartbeat, and the end of an outage in
        /// force at `now` (frozen now: look again, deviation included, the moment it ends).
        func wakes(outages: OutageSchedule, now: Double, _ consider: (Double) -> Void) {
            if let round = pending {
                if !submitted { consider(round.submitAt) }
            } else {
                consider(outages.firstActiveTime(atOrAfter: referenceTime + heartbeat))
                if let w = outages.window(containing: now) { consider(w.end) }
            }
        }

        /// Submits the pending round once `due` says its time has come.
        mutating func submitIfDue(_ due: (Double) -> Bool, into events: inout [OracleEvent]) {
            if let round = pending, !submitted, due(round.submitAt) {
                submitted = true
                events.append(.submitRound(round))
            }
        }

        /// Why a new round starts at `time` for input `price`, or nil (one is pending, or neither condition holds).
        func trigger(price: Double, at time: Double) -> OracleRound.Reason? {
            guard pending == nil else { return nil }
            if abs(price - referencePrice) / referencePrice > threshold { return .deviation }
            // The same expression as `wakes`: `time − referenceTime ≥ heartbeat` can round below the heartbeat at
            // exactly that wake time, and the oracle would then be woken there forever.
            if time >= referenceTime + heartbeat { return .heartbeat }
            return nil
        }

        /// `round` was triggered at `time`: it is pending, and submitted at once when its latency is 0.
        mutating func start(_ round: OracleRound, at time: Double, into events: inout [OracleEvent]) {
            pending = round
            events.append(.roundTriggered(round))
            if round.submitAt <= time {
                submitted = true
                events.append(.submitRound(round))
            }
        }

        /// The pending round was mined at `time`: its value is the new answer.
        mutating func answered(at time: Double) {
            referencePrice = pending!.value.price
            referenceTime = time
            pending = nil
            submitted = false
        }
    }

    private struct TWAPState: Sendable {
        let window: Double
        let updateInterval: Double
        var accumulator: TWAPAccumulator
        var checkpoints: [TWAPAccumulator.Checkpoint]
        var nextUpdate: Int
        var updateTime: Double { Double(nextUpdate) * updateInterval }
    }

    /// Creates an oracle whose published value at `startTime` is `initial`.
    /// - Precondition: `spec.validate()` and `latency.problems` are empty; `startTime` is finite.
    public init(spec: OracleSpec, latency: Distribution = .constant(value: 0), outages: OutageSchedule = .none,
                initial: PriceDecomposition, at startTime: Double = 0) {
        let problems = spec.validate()
        precondition(problems.isEmpty, "Invalid oracle \(spec.typeName): \(problems)")
        precondition(latency.problems.isEmpty, "Invalid oracle latency \(latency): \(latency.problems)")
        precondition(startTime.isFinite, "Oracle start time must be finite, got \(startTime)")
        self.spec = spec
        self.latency = latency
        self.outages = outages
        current = OraclePost(sequence: 0, value: initial, observedAt: startTime, decidedAt: startTime, publishedAt: startTime)
        latestInput = initial
        lastTime = startTime
        switch spec {
        case .instant, .ammSpot:
            state = .immediate(unposted: false)
        case .fixedDelay(let interval, let delay):
            var s = FixedDelayState(interval: interval, delay: delay,
                                    nextPoke: Int((startTime / interval).rounded(.down)) + 1,
                                    nextObservation: Int(((startTime + delay) / interval).rounded(.up)))
            while s.observationTime < startTime { s.nextObservation += 1 }
            if s.observationTime == startTime, !outages.contains(startTime) {
                s.queue.append((startTime, initial))
                s.nextObservation += 1
            }
            state = .fixedDelay(s)
        case .osmPoked(let hop, let spread, let expiry):
            let feed = DeviationState(threshold: spread, heartbeat: expiry, referencePrice: initial.price, referenceTime: startTime)
            state = .osm(PokedOSMState(hop: hop, feed: feed, median: initial,
                                       next: initial, nextTime: startTime, zzz: (startTime / hop).rounded(.down) * hop))
        case .deviationHeartbeat(let threshold, let heartbeat):
            state = .deviation(DeviationState(threshold: threshold, heartbeat: heartbeat,
                                              referencePrice: initial.price, referenceTime: startTime))
        case .twap(let window, let update):
            let acc = TWAPAccumulator(spot: initial, at: startTime)
            state = .twap(TWAPState(window: window, updateInterval: update, accumulator: acc,
                                    checkpoints: [acc.cumulative],
                                    nextUpdate: Int((startTime / update).rounded(.down)) + 1))
        }
    }

    /// Whether the oracle is frozen by an outage at `t`.
    public func isFrozen(at t: Double) -> Bool { outages.contains(t) }

    /// The round whose transaction is awaited, if any (Chainlink only).
    public var pendingRound: OracleRound? {
        if case .deviation(let s) = state { return s.pending }
        return nil
    }

    /// The Medianizer's value and the OSM's queued `nxt` (`type = "osm"`, `pokes = "transactions"` only).
    public var osmState: (median: Double, next: Double)? {
        if case .osm(let s) = state { return (s.median.price, s.next.price) }
        return nil
    }

    /// When the integrator must next call ``wake(at:stream:)``, or `nil` when nothing is due without new input
    /// (e.g. a Chainlink round waiting for inclusion).
    public var nextWakeTime: Double? {
        // A running minimum rather than an array of candidates: this is read after every observation, i.e.
        // once per price tick, and an array would allocate each time.
        var earliest: Double?
        func consider(_ t: Double) { earliest = earliest.map { min($0, t) } ?? t }
        if let first = inFlight.first { consider(first.publishedAt) }
        switch state {
        case .immediate(let unposted):
            if unposted { consider(outages.firstActiveTime(atOrAfter: lastTime)) }
        case .fixedDelay(let s):
            consider(min(s.pokeTime, s.observationTime))
        case .osm(let s):
            s.feed.wakes(outages: outages, now: lastTime, consider)
            if let poke = s.poke {
                if !s.pokeSubmitted { consider(poke.submitAt) }
            } else {
                consider(s.pokeTime)
            }
        case .deviation(let s):
            s.wakes(outages: outages, now: lastTime, consider)
        case .twap(let s):
            consider(s.updateTime)
        }
        return earliest
    }

    // MARK: Driving

    /// A new input price from `time` on. Returns what the oracle did as a result.
    /// - Precondition: `time ≥ lastTime`.
    public mutating func observe(_ input: PriceDecomposition, at time: Double, stream: RandomStream? = nil) -> [OracleEvent] {
        var events: [OracleEvent] = []
        runTimedWork(before: time, inclusive: false, stream: stream, into: &events)
        latestInput = input
        if case .twap(var s) = state {
            s.accumulator.update(spot: input, at: time)
            state = .twap(s)
        }
        if case .immediate = state { state = .immediate(unposted: true) }
        runTimedWork(before: time, inclusive: true, stream: stream, into: &events)
        check(at: time, stream: stream, into: &events)
        deliver(through: time, into: &events)
        _checkInvariants()
        return events
    }

    /// Runs everything due at or before `time` (the integrator calls it at ``nextWakeTime``).
    /// - Precondition: `time ≥ lastTime`.
    public mutating func wake(at time: Double, stream: RandomStream? = nil) -> [OracleEvent] {
        var events: [OracleEvent] = []
        runTimedWork(before: time, inclusive: true, stream: stream, into: &events)
        check(at: time, stream: stream, into: &events)
        deliver(through: time, into: &events)
        _checkInvariants()
        return events
    }

    /// The transaction of round `id` was included in a block at `time`: the round's value is published now.
    /// The oracle then checks deviation and heartbeat against the new answer at once.
    /// - Precondition: `id` is the pending round's id.
    public mutating func roundIncluded(_ id: Int, at time: Double, stream: RandomStream? = nil) -> [OracleEvent] {
        if case .osm = state { return osmTransactionIncluded(id, at: time, stream: stream) }
        guard case .deviation(var s) = state, let round = s.pending, round.id == id else {
            preconditionFailure("Round \(id) is not the pending round of this \(spec.typeName) oracle (pending: \(String(describing: pendingRound?.id)))")
        }
        var events: [OracleEvent] = []
        runTimedWork(before: time, inclusive: true, stream: stream, into: &events)
        s.answered(at: time)
        state = .deviation(s)
        let post = OraclePost(sequence: round.id, value: round.value, observedAt: round.triggeredAt,
                              decidedAt: round.triggeredAt, publishedAt: time)
        if post.sequence > current.sequence {
            current = post
            events.append(.published(post))
        }
        check(at: time, stream: stream, into: &events)
        deliver(through: time, into: &events)
        _checkInvariants()
        return events
    }

    // MARK: Internals

    private mutating func setTime(_ time: Double) {
        precondition(time.isFinite && time >= lastTime, "Oracle time cannot go back from \(lastTime) to \(time)")
        lastTime = time
    }

    /// Grid work (OSM observations and pokes, TWAP updates, Chainlink submissions) due before `time`
    /// (or at it, when `inclusive`), in time order.
    private mutating func runTimedWork(before time: Double, inclusive: Bool, stream: RandomStream?,
                                       into events: inout [OracleEvent]) {
        setTime(time)
        func due(_ t: Double) -> Bool { inclusive ? t <= time : t < time }
        switch state {
        case .immediate:
            break
        case .fixedDelay(var s):
            while due(min(s.observationTime, s.pokeTime)) {
                if s.observationTime <= s.pokeTime {
                    let t = s.observationTime
                    if !outages.contains(t) { s.queue.append((t, latestInput)) }
                    s.nextObservation += 1
                } else {
                    // dss osm.sol `poke`: cur = nxt; nxt = read(). Skipped pokes (outage) leave the queue alone,
                    // so the first poke after an outage publishes the stale queued value, as the OSM would.
                    let t = s.pokeTime
                    if !outages.contains(t) {
                        let cutoff = t - s.delay
                        if let last = s.queue.lastIndex(where: { $0.time <= cutoff }) {
                            let obs = s.queue[last]
                            s.queue.removeFirst(last + 1)
                            decide(obs.value, observedAt: obs.time, decidedAt: t, stream: stream)
                        }
                    }
                    s.nextPoke += 1
                }
            }
            state = .fixedDelay(s)
        case .osm(var s):
            s.feed.submitIfDue(due, into: &events)
            if s.poke == nil, due(s.pokeTime) {
                // A keeper sends osm.poke + spot.poke once the hop has passed (osm.sol `pass()`).
                let t = s.pokeTime
                let round = OracleRound(id: nextSequence, value: s.next, reason: .poke, triggeredAt: t,
                                        submitAt: t + sampleLatency(stream))
                nextSequence += 1
                s.poke = round
                events.append(.roundTriggered(round))
            }
            if let poke = s.poke, !s.pokeSubmitted, due(poke.submitAt) {
                s.pokeSubmitted = true
                events.append(.submitRound(poke))
            }
            state = .osm(s)
        case .deviation(var s):
            s.submitIfDue(due, into: &events)
            state = .deviation(s)
        case .twap(var s):
            while due(s.updateTime) {
                let t = s.updateTime
                s.accumulator.advance(to: t)
                let now = s.accumulator.cumulative
                s.checkpoints.append(now)
                while s.checkpoints.count > 1, s.checkpoints[0].time < t - s.window { s.checkpoints.removeFirst() }
                // The oldest checkpoint inside the window (ExampleSlidingWindowOracle's firstObservation);
                // it is exactly `t − window` once the window is a multiple of the update interval and full.
                if !outages.contains(t), let avg = TWAPAccumulator.average(from: s.checkpoints[0], to: now) {
                    decide(avg.decomposition, observedAt: t, decidedAt: t, stream: stream)
                }
                s.nextUpdate += 1
            }
            state = .twap(s)
        }
    }

    /// Input-driven decisions at `time`: instant/spot posts and Chainlink deviation/heartbeat checks.
    private mutating func check(at time: Double, stream: RandomStream?, into events: inout [OracleEvent]) {
        guard !outages.contains(time) else { return }
        switch state {
        case .immediate(let unposted):
            if unposted {
                state = .immediate(unposted: false)
                decide(latestInput, observedAt: time, decidedAt: time, stream: stream)
            }
        case .deviation(var s):
            guard startRound(&s, at: time, stream: stream, into: &events) else { return }
            state = .deviation(s)
        case .osm(var s):
            // A relayer updates the Medianizer when the market has moved more than the spread from it, or when
            // it has gone unupdated for the expiry (omnia's oracleSpread / oracleExpiration).
            guard startRound(&s.feed, at: time, stream: stream, into: &events) else { return }
            state = .osm(s)
        case .fixedDelay, .twap:
            break
        }
    }

    /// Starts a round of `feed` at `time` with the latest input when its deviation or heartbeat says so; returns
    /// whether it did.
    private mutating func startRound(_ feed: inout DeviationState, at time: Double, stream: RandomStream?,
                                     into events: inout [OracleEvent]) -> Bool {
        guard let reason = feed.trigger(price: latestInput.price, at: time) else { return false }
        let round = OracleRound(id: nextSequence, value: latestInput, reason: reason, triggeredAt: time,
                                submitAt: time + sampleLatency(stream))
        nextSequence += 1
        feed.start(round, at: time, into: &events)
        return true
    }

    /// A Medianizer update or an OSM poke of this `osm` oracle was mined at `time`. An update sets the
    /// Medianizer's value (the prices the relayers signed); a poke publishes the queued value (cur = nxt),
    /// queues the Medianizer's value now (nxt = read()) and sets zzz to the hop boundary at or before `time`.
    private mutating func osmTransactionIncluded(_ id: Int, at time: Double, stream: RandomStream?) -> [OracleEvent] {
        var events: [OracleEvent] = []
        runTimedWork(before: time, inclusive: true, stream: stream, into: &events)
        guard case .osm(var s) = state else { preconditionFailure("not an osm oracle") }
        if let relay = s.feed.pending, relay.id == id {
            s.median = relay.value
            s.feed.answered(at: time)
        } else if let poke = s.poke, poke.id == id {
            let post = OraclePost(sequence: poke.id, value: poke.value, observedAt: s.nextTime, decidedAt: poke.triggeredAt,
                                  publishedAt: time)
            s.next = s.median
            s.nextTime = time
            s.zzz = (time / s.hop).rounded(.down) * s.hop
            s.poke = nil
            s.pokeSubmitted = false
            if post.sequence > current.sequence {
                current = post
                events.append(.published(post))
            }
        } else {
            preconditionFailure("Transaction \(id) is neither the Medianizer update nor the poke in flight of this osm oracle")
        }
        state = .osm(s)
        check(at: time, stream: stream, into: &events)
        _checkInvariants()
        return events
    }

    private mutating func decide(_ value: PriceDecomposition, observedAt: Double, decidedAt: Double, stream: RandomStream?) {
        let post = OraclePost(sequence: nextSequence, value: value, observedAt: observedAt, decidedAt: decidedAt,
                              publishedAt: decidedAt + sampleLatency(stream))
        nextSequence += 1
        let index = inFlight.firstIndex(where: { $0.publishedAt > post.publishedAt }) ?? inFlight.endIndex
        inFlight.insert(post, at: index)
    }

    private mutating func deliver(through time: Double, into events: inout [OracleEvent]) {
        while let first = inFlight.first, first.publishedAt <= time {
            inFlight.removeFirst()
            // A post overtaken by a later-decided one that arrived first is dropped.
            if first.sequence > current.sequence {
                current = first
                events.append(.published(first))
            }
        }
    }

    /// Posts in flight are in publication order, sequences only grow, and nothing due is left undelivered
    /// (Invariants.swift).
    func _checkInvariants() {
        _invariant(zip(inFlight, inFlight.dropFirst()).allSatisfy { $0.publishedAt <= $1.publishedAt },
                   "Oracle posts in flight out of publication order")
        _invariant(current.sequence < nextSequence && inFlight.allSatisfy { $0.sequence < nextSequence },
                   "Oracle post sequence \(current.sequence) not below the next \(nextSequence)")
        _invariant(inFlight.first.map { $0.publishedAt > lastTime } ?? true, "An oracle post due at or before \(lastTime) was not delivered")
    }

    private func sampleLatency(_ stream: RandomStream?) -> Double {
        if case .constant(let v) = latency { return max(0, v) }
        guard let stream else {
            preconditionFailure("Oracle latency \(latency) is random; pass the oracle's RandomStream")
        }
        return max(0, latency.sample(stream))
    }
}
