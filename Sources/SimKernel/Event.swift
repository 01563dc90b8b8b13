/// A scheduled event as the kernel hands it back: when it fires, its tie-breaking key and its payload.
public struct Event<Payload> {
    /// Simulation time in seconds at which the event fires.
    public let time: Double
    /// Same-instant tie-breaker; see ``EventPriority``.
    public let priority: EventPriority
    /// Scheduling order; only ever grows, so equal `(time, priority)` fire in scheduling order.
    public let sequence: UInt64
    /// The model's data for this event (typically a small enum).
    public let payload: Payload

    @inlinable
    init(time: Double, key: UInt64, payload: Payload) {
        self.time = time
        // The top byte was written from an EventPriority by EventKey.make, so it is always a valid raw value.
        self.priority = unsafeBitCast(UInt8(truncatingIfNeeded: key >> EventKey.sequenceBits), to: EventPriority.self)
        self.sequence = key & EventKey.sequenceMask
        self.payload = payload
    }
}

extension Event: Sendable where Payload: Sendable {}

/// Identifies one scheduled event so it can be cancelled.
public struct EventHandle: Hashable, Sendable {
    /// The event's scheduling sequence number.
    public let sequence: UInt64
    /// The time it was scheduled for.
    public let time: Double
    /// The kernel run (between resets) that issued it.
    @usableFromInline let epoch: UInt32

    @inlinable
    init(sequence: UInt64, time: Double, epoch: UInt32) {
        self.sequence = sequence
        self.time = time
        self.epoch = epoch
    }
}

/// Packs `(priority, sequence)` into one integer so that the heap compares two numbers per entry:
/// the priority sits in the top 8 bits and the sequence in the low 56 (7.2e16 events per run).
@usableFromInline
enum EventKey {
    @usableFromInline static let sequenceBits: UInt64 = 56
    @usableFromInline static let sequenceMask: UInt64 = (1 << 56) - 1

    @inlinable
    static func make(priority: EventPriority, sequence: UInt64) -> UInt64 {
        (UInt64(priority.rawValue) << sequenceBits) | sequence
    }
}
