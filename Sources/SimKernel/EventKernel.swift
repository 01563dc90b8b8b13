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
    /// Sequence → scheduled time of every cancelled event still in the heap, plus "tombstones": cancelled
    /// events already dropped from the heap while their time was still ahead of `now` (so that cancelling them
    /// again is recognised as a no-op). Tombstones older than `now` are pruned in ``cancel(_:)``.
    @usableFromInline var cancelled: [UInt64: Double] = [:]
    /// How many heap entries are cancelled; the hot path consults `cancelled` only when this is positive.
    @usableFromInline var cancelledInQueue = 0
    @usableFromInline var pruneThreshold = 64
    @usableFromInline var nextSequence: UInt64 = 0
    /// Bumped by ``reset(startTime:)`` so that handles from an earlier run cancel nothing.
    @usableFromInline var epoch: UInt32 = 0
    // Stored under `_` names because `@inlinable` code must set them and Swift has no
    // `@usableFromInline private(set)`; the public read-only views are below.
    @usableFromInline var _now: Double
    @usableFromInline var _processedCount: Int = 0

    /// The current simulation time in seconds: the time of the event being processed, or the horizon a
    /// `run(until:)` stopped at.
    @inlinable public var now: Double { _now }

    /// How many events have fired (cancelled events are not counted).
    @inlinable public var processedCount: Int { _processedCount }

    /// Creates an empty kernel whose clock starts at `startTime` seconds.
    /// - Precondition: `startTime` is finite.
    public init(startTime: Double = 0) {
        precondition(startTime.isFinite, "Start time must be finite, got \(startTime)")
        _now = startTime
    }

    /// The number of events still due to fire.
    /// - Complexity: O(1).
    @inlinable public var pendingCount: Int { queue.count - cancelledInQueue }

    /// The time of the next event that will fire, or `nil` when none is pending.
    /// - Complexity: O(1), amortised O(log n) when cancelled events must be skipped first.
    @inlinable public var nextEventTime: Double? {
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
        precondition(time >= _now, "Cannot schedule an event in the past: time \(time) < now \(_now)")
        let sequence = nextSequence
        precondition(sequence <= EventKey.sequenceMask, "Event sequence numbers exhausted after \(sequence) events")
        nextSequence &+= 1
        queue.push(.init(time: time, key: EventKey.make(priority: priority, sequence: sequence), payload: payload))
        return EventHandle(sequence: sequence, time: time, epoch: epoch)
    }

    /// Schedules `payload` to fire `delay` seconds from ``now``.
    /// - Precondition: `delay` is finite and not negative.
    /// - Complexity: O(log n).
    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, after delay: Double, priority: EventPriority = .action) -> EventHandle {
        precondition(delay >= 0 && delay.isFinite, "Negative or non-finite delay \(delay) at time \(_now)")
        return schedule(payload, at: _now + delay, priority: priority)
    }

    /// Cancels a pending event; it will not fire. Cancelling an event that has already fired, was already
    /// cancelled, or was scheduled before the last ``reset(startTime:)``, does nothing.
    /// - Complexity: amortised O(1); O(k) when the event is due at ``now``, k being the number of events
    ///   pending at ``now`` (to tell whether it already fired at this instant).
    public mutating func cancel(_ handle: EventHandle) {
        guard handle.epoch == epoch, handle.sequence < nextSequence, handle.time >= _now else { return }
        guard cancelled[handle.sequence] == nil else { return }
        // An event due now may already have fired at this instant; it is pending only if still in the heap.
        if handle.time == _now, !queue.containsEntry(sequence: handle.sequence, dueAt: handle.time) { return }
        cancelled[handle.sequence] = handle.time
        cancelledInQueue += 1
        if cancelled.count >= pruneThreshold {
            // Entries older than `now` are tombstones that can no longer be asked about (cancel ignores them).
            let current = _now
            cancelled = cancelled.filter { $0.value >= current }
            pruneThreshold = max(64, 2 * cancelled.count)
        }
        _checkInvariants()
    }

    // MARK: Running

    /// Fires the next pending event: advances ``now`` to its time and returns it, or returns `nil` when no
    /// event is pending (the clock then stays where it is).
    /// - Complexity: O(log n).
    @inlinable
    public mutating func step() -> Event<Payload>? {
        while !queue.isEmpty {
            let entry = queue.popFirst()
            if cancelledInQueue > 0, isCancelled(entry) { continue }
            #if CASCADE_INVARIANTS
            precondition(entry.time >= _now, "Kernel invariant broken: time went back from \(_now) to \(entry.time)")
            #endif
            _now = entry.time
            _processedCount &+= 1
            return Event(time: entry.time, key: entry.key, payload: entry.payload)
        }
        return nil
    }

    /// Fires the next event if it is due at or before `limit`; otherwise sets ``now`` to `limit` (when that is
    /// later) and returns `nil`, leaving later events pending.
    /// - Precondition: `limit` is not NaN.
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
    /// - Precondition: `limit` is not earlier than ``now``.
    @inlinable
    public mutating func run(until limit: Double, _ body: (inout EventKernel<Payload>, Event<Payload>) throws -> Void) rethrows {
        precondition(limit >= _now, "Cannot run until \(limit), which is before now \(_now)")
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
    /// one kernel across runs). Handles from before the reset no longer cancel anything.
    /// - Precondition: `startTime` is finite.
    public mutating func reset(startTime: Double = 0) {
        precondition(startTime.isFinite, "Start time must be finite, got \(startTime)")
        queue.removeAll(keepingCapacity: true)
        cancelled.removeAll(keepingCapacity: true)
        cancelledInQueue = 0
        pruneThreshold = 64
        nextSequence = 0
        epoch &+= 1
        _processedCount = 0
        _now = startTime
    }

    // MARK: Lazy cancellation

    /// Whether a just-popped entry was cancelled; if so it is accounted as gone from the heap.
    @inlinable
    mutating func isCancelled(_ entry: EventQueue<Payload>.Entry) -> Bool {
        let sequence = entry.key & EventKey.sequenceMask
        guard cancelled[sequence] != nil else { return false }
        cancelledInQueue -= 1
        // Dropped ahead of the clock: keep a tombstone so a second cancel is recognised; otherwise forget it.
        if entry.time <= _now { cancelled[sequence] = nil }
        return true
    }

    @inlinable
    mutating func dropCancelledHead() {
        while cancelledInQueue > 0, let head = queue.first,
              cancelled[head.key & EventKey.sequenceMask] != nil {
            _ = isCancelled(queue.popFirst())
        }
    }

    /// The heap is ordered, no entry is earlier than `now`, and the cancellation count matches the heap.
    /// Runs with CASCADE_INVARIANTS (debug builds); compiles to nothing in release builds.
    func _checkInvariants() {
        #if CASCADE_INVARIANTS
        precondition(queue.checkHeapOrder(), "Kernel invariant broken: the event heap is out of order")
        precondition(queue.allSatisfy { $0.time >= _now }, "Kernel invariant broken: an event is earlier than now = \(_now)")
        let counted = queue.countSatisfying { cancelled[$0.key & EventKey.sequenceMask] != nil }
        precondition(cancelledInQueue == counted, "Kernel invariant broken: \(cancelledInQueue) cancelled events recorded, \(counted) in the heap")
        #endif
    }
}

extension EventKernel: Sendable where Payload: Sendable {}
