/// The simulation clock: a deterministic event list ordered by `(time, priority, sequence)`.
///
/// Models never touch the list directly; they schedule through this API and receive events back from
/// ``step()`` or ``run(until:_:)``, the separation Mesa's DEVS simulator keeps. The kernel is generic over the
/// model's payload (typically a small enum), so the hot loop has no existential boxes and no allocation per
/// event once the heap has grown to its working size. Cancellation is lazy: a cancelled event stays in the
/// heap and is skipped when it reaches the top.
///
/// Time is a `Double` in seconds and never goes back. Equal-time events fire by priority, then in the order
/// they were scheduled, identically on every run.
public struct EventKernel<Payload> {
    @usableFromInline var queue = EventQueue<Payload>()
    @usableFromInline var cancelled = Set<UInt64>()
    @usableFromInline var nextSequence: UInt64 = 0

    /// The current simulation time in seconds: the time of the event being processed, or the horizon a
    /// `run(until:)` stopped at.
    public var now: Double { _now }
    @usableFromInline var _now: Double

    /// How many events have fired (cancelled events are not counted).
    public var processedCount: Int { _processedCount }
    @usableFromInline var _processedCount: Int = 0

    /// Creates an empty kernel whose clock starts at `startTime` seconds.
    public init(startTime: Double = 0) {
        precondition(startTime.isFinite, "Start time must be finite, got \(startTime)")
        _now = startTime
    }

    /// The number of events still due to fire.
    public var pendingCount: Int { queue.count - cancelled.count }

    /// The time of the next event that will fire, or `nil` when none is pending.
    /// - Complexity: O(1), amortised O(log n) when cancelled events must be skipped first.
    public var nextEventTime: Double? {
        mutating get {
            dropCancelledHead()
            return queue.first?.time
        }
    }

    /// Reserves heap space for `capacity` simultaneously pending events.
    public mutating func reserveCapacity(_ capacity: Int) { queue.reserveCapacity(capacity) }

    // MARK: Scheduling

    /// Schedules `payload` to fire at absolute time `time` (seconds).
    /// - Precondition: `time` is finite and not earlier than ``now``.
    /// - Complexity: O(log n).
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: Double, priority: EventPriority = .action) -> EventHandle {
        precondition(time.isFinite, "Cannot schedule an event at a non-finite time \(time)")
        precondition(time >= now, "Cannot schedule an event in the past: time \(time) < now \(now)")
        let sequence = nextSequence
        nextSequence &+= 1
        queue.push(.init(time: time, key: EventKey.make(priority: priority, sequence: sequence), payload: payload))
        return EventHandle(sequence: sequence, time: time)
    }

    /// Schedules `payload` to fire `delay` seconds from ``now``.
    /// - Precondition: `delay` is finite and not negative.
    /// - Complexity: O(log n).
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, after delay: Double, priority: EventPriority = .action) -> EventHandle {
        precondition(delay >= 0 && delay.isFinite, "Negative or non-finite delay \(delay) at time \(now)")
        return schedule(payload, at: now + delay, priority: priority)
    }

    /// Cancels a pending event; it will not fire. Cancelling an event that has already fired at an earlier
    /// time, or was already cancelled, does nothing.
    /// - Complexity: O(1) now, O(log n) when the event reaches the top of the heap.
    public mutating func cancel(_ handle: EventHandle) {
        guard handle.time >= now, handle.sequence < nextSequence else { return }
        cancelled.insert(handle.sequence)
    }

    // MARK: Running

    /// Fires the next pending event: advances ``now`` to its time and returns it, or returns `nil` when no
    /// event is pending (the clock then stays where it is).
    /// - Complexity: O(log n).
    @inlinable
    public mutating func step() -> Event<Payload>? {
        while !queue.isEmpty {
            let entry = queue.popFirst()
            if !cancelled.isEmpty, cancelled.remove(entry.key & EventKey.sequenceMask) != nil { continue }
            assert(entry.time >= now, "Kernel invariant broken: time went back from \(now) to \(entry.time)")
            _now = entry.time
            _processedCount += 1
            return Event(time: entry.time, key: entry.key, payload: entry.payload)
        }
        return nil
    }

    /// Fires the next event if it is due at or before `limit`; otherwise sets ``now`` to `limit` (when that is
    /// later) and returns `nil`, leaving later events pending.
    @inlinable
    public mutating func step(until limit: Double) -> Event<Payload>? {
        precondition(!limit.isNaN, "Cannot run until NaN")
        dropCancelledHead()
        if let head = queue.first, head.time <= limit { return step() }
        if limit > _now && limit.isFinite { _now = limit }
        return nil
    }

    /// Fires every event due at or before `limit` (inclusive), handing each to `body`, then leaves the clock
    /// at `limit`. Events `body` schedules within the horizon fire in the same call.
    @inlinable
    public mutating func run(until limit: Double, _ body: (inout EventKernel<Payload>, Event<Payload>) throws -> Void) rethrows {
        precondition(limit >= now, "Cannot run until \(limit), which is before now \(now)")
        while let event = step(until: limit) {
            try body(&self, event)
        }
    }

    /// Fires events until none is pending.
    @inlinable
    public mutating func run(_ body: (inout EventKernel<Payload>, Event<Payload>) throws -> Void) rethrows {
        while let event = step() {
            try body(&self, event)
        }
    }

    /// Forgets every pending event and resets the clock, keeping the heap's storage for reuse (a sweep reuses
    /// one kernel across runs).
    public mutating func reset(startTime: Double = 0) {
        queue.removeAll(keepingCapacity: true)
        cancelled.removeAll(keepingCapacity: true)
        nextSequence = 0
        _processedCount = 0
        _now = startTime
    }

    @inlinable
    mutating func dropCancelledHead() {
        while !cancelled.isEmpty, let head = queue.first, cancelled.contains(head.key & EventKey.sequenceMask) {
            cancelled.remove(queue.popFirst().key & EventKey.sequenceMask)
        }
    }
}

extension EventKernel: Sendable where Payload: Sendable {}
