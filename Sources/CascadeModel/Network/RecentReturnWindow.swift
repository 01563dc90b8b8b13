import Foundation

/// The market-stress signal for background demand: |log P(t) − log P(t − window)| of the reference price.
///
/// Feed it every reference price with ``record(_:at:)``. P(t − window) is the last price recorded at or before
/// `t − window` (the first one recorded while less than a window has passed).
public struct RecentReturnWindow: Equatable, Sendable {
    public let windowSeconds: Double
    private var samples: [(time: Double, price: Double)] = []

    public init(windowSeconds: Double = 3600) {
        precondition(windowSeconds > 0 && windowSeconds.isFinite, "Return window must be finite and > 0, got \(windowSeconds)")
        self.windowSeconds = windowSeconds
    }

    /// Records the price from `time` on.
    /// - Precondition: `price > 0`, time not before the last record.
    public mutating func record(_ price: Double, at time: Double) {
        precondition(price > 0 && price.isFinite, "Price must be finite and > 0, got \(price)")
        precondition(samples.last.map { time >= $0.time } ?? true, "Prices must be recorded in time order")
        samples.append((time, price))
        // Keep one sample at or before time − window; older ones are never needed again.
        while samples.count > 2, samples[1].time <= time - windowSeconds { samples.removeFirst() }
    }

    /// |log P(latest) − log P(time − window)|, or 0 before any price is recorded.
    public func absLogReturn(at time: Double) -> Double {
        guard let latest = samples.last else { return 0 }
        let cutoff = time - windowSeconds
        // Samples are in time order: binary search for the last one at or before the cutoff (read every block).
        var lo = 0, hi = samples.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if samples[mid].time <= cutoff { lo = mid + 1 } else { hi = mid }
        }
        let base = lo > 0 ? samples[lo - 1] : samples[0]
        return abs(log(latest.price / base.price))
    }

    public static func == (lhs: RecentReturnWindow, rhs: RecentReturnWindow) -> Bool {
        lhs.windowSeconds == rhs.windowSeconds && lhs.samples.count == rhs.samples.count
            && zip(lhs.samples, rhs.samples).allSatisfy { $0.time == $1.time && $0.price == $1.price }
    }
}
