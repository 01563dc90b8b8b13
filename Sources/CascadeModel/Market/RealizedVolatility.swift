import Foundation

/// Annualized realized volatility of a price over a trailing time window.
///
/// σ² = Σ r_i² / window · secondsPerYear, where r_i are the log returns between consecutive observations
/// whose later end falls in (t − window, t]. Dividing by the window, not by the span observed, makes a
/// short history read as calm rather than noisy. Markets trade around the clock: a year is 365 days.
public struct RealizedVolatility: Sendable, Equatable {
    public static let secondsPerYear = 365.0 * 86_400

    public let windowSeconds: Double
    private var times: [Double] = []
    private var squaredReturns: [Double] = []
    private var start = 0
    private var lastTime: Double?
    private var lastLogPrice: Double?

    public init(windowSeconds: Double) {
        precondition(windowSeconds.isFinite && windowSeconds > 0, "Window \(windowSeconds) s, expected a finite number > 0")
        self.windowSeconds = windowSeconds
    }

    /// Adds an observation.
    /// - Precondition: `price` finite and > 0; `time` not before the previous observation.
    public mutating func record(price: Double, at time: Double) {
        precondition(price.isFinite && price > 0, "Price \(price), expected a finite number > 0")
        if let t = lastTime { precondition(time >= t, "Observation at \(time) s before the previous one at \(t) s") }
        let logPrice = log(price)
        if let previous = lastLogPrice {
            let r = logPrice - previous
            times.append(time)
            squaredReturns.append(r * r)
        }
        lastTime = time
        lastLogPrice = logPrice
        evict(before: time)
    }

    /// The annualized volatility over the window ending at the last observation.
    public var annualized: Double {
        let sum = squaredReturns[start...].reduce(0, +)
        return (sum / windowSeconds * Self.secondsPerYear).squareRoot()
    }

    private mutating func evict(before now: Double) {
        while start < times.count, times[start] <= now - windowSeconds { start += 1 }
        if start > 1_024, start * 2 > times.count {  // compact rarely: amortized O(1)
            times.removeFirst(start)
            squaredReturns.removeFirst(start)
            start = 0
        }
    }
}
