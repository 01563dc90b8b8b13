/// The tie-breaker between events scheduled for the same instant.
///
/// Events are totally ordered by `(time, priority, sequence)`: earlier time first, then the smaller priority
/// raw value, then the order in which they were scheduled. The kernel attaches no meaning to the levels; a
/// model names its own event kinds onto them (CascadeModel maps price ticks to `.exogenous`, oracle posts to
/// `.observation`, and so on; see docs/ARCHITECTURE.md).
public enum EventPriority: UInt8, Comparable, CaseIterable, Sendable {
    /// Exogenous inputs that everything else at the same instant must see (e.g. a new reference price).
    case exogenous = 0
    /// Observations derived from the exogenous state (e.g. an oracle post).
    case observation = 1
    /// Normal model actions (the default).
    case action = 2
    /// Settlement that must follow the actions of the same instant (e.g. a block including transactions).
    case settlement = 3
    /// Bookkeeping after everything else (e.g. sampling a time series).
    case bookkeeping = 4

    public static func < (lhs: EventPriority, rhs: EventPriority) -> Bool { lhs.rawValue < rhs.rawValue }
}
