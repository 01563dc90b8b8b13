import Stochastic

/// The windows `[start, end)` (seconds) in which an oracle is frozen: it observes nothing and decides no post.
///
/// Posts already decided keep travelling (a delivery in flight still lands, a round transaction already in the
/// mempool can still be included): an outage stops the feed's operators, not the chain.
public struct OutageSchedule: Equatable, Sendable {
    /// Disjoint, sorted windows; overlapping or touching input windows are merged.
    public let windows: [(start: Double, end: Double)]

    /// No outage.
    public static let none = OutageSchedule(uncheckedSorted: [])

    /// A scripted list of windows `[start, end)`, in any order; empty windows are dropped.
    /// - Precondition: every bound is finite and `start ≤ end`.
    public init(_ windows: [(start: Double, end: Double)]) {
        for w in windows {
            precondition(w.start.isFinite && w.end.isFinite && w.start <= w.end,
                         "Outage window must have finite start ≤ end, got [\(w.start), \(w.end))")
        }
        var merged: [(start: Double, end: Double)] = []
        for w in windows.filter({ $0.end > $0.start }).sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, w.start <= last.end {
                merged[merged.count - 1].end = max(last.end, w.end)
            } else {
                merged.append(w)
            }
        }
        self.init(uncheckedSorted: merged)
    }

    private init(uncheckedSorted windows: [(start: Double, end: Double)]) { self.windows = windows }

    /// Random outages: arrivals form a Poisson process of `ratePerDay` per 86,400 s on `[from, until)`; each lasts
    /// a draw of `duration` seconds (negative draws count as 0). Draws come from `stream` in arrival order:
    /// gap, duration, gap, duration, ...
    public static func random(ratePerDay: Double, duration: Distribution, from: Double, until: Double,
                              stream: RandomStream) -> OutageSchedule {
        precondition(ratePerDay >= 0 && ratePerDay.isFinite, "Outage rate must be finite and ≥ 0, got \(ratePerDay)")
        guard ratePerDay > 0 else { return .none }
        var out: [(start: Double, end: Double)] = []
        var t = from
        while true {
            t += stream.exponential(mean: 86_400 / ratePerDay)
            guard t < until else { break }
            out.append((t, t + max(0, duration.sample(stream))))
        }
        return OutageSchedule(out)
    }

    /// Whether the oracle is frozen at time `t`.
    /// - Complexity: O(log w) in the number of windows.
    public func contains(_ t: Double) -> Bool { window(containing: t) != nil }

    /// The window containing `t`, if any.
    public func window(containing t: Double) -> (start: Double, end: Double)? {
        // Last window starting at or before t.
        var lo = 0, hi = windows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if windows[mid].start <= t { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let w = windows[lo - 1]
        return t < w.end ? w : nil
    }

    /// The first time ≥ `t` at which the oracle is not frozen.
    public func firstActiveTime(atOrAfter t: Double) -> Double { window(containing: t)?.end ?? t }

    /// The end of the first window that ends strictly after `t`, or `nil`.
    public func nextEnd(after t: Double) -> Double? { windows.first(where: { $0.end > t })?.end }

    public static func == (lhs: OutageSchedule, rhs: OutageSchedule) -> Bool {
        lhs.windows.count == rhs.windows.count
            && zip(lhs.windows, rhs.windows).allSatisfy { $0.start == $1.start && $0.end == $1.end }
    }
}
