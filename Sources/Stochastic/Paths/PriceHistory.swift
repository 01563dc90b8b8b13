import Foundation

/// A recorded price series: strictly increasing unix times and positive prices, as loaded from a CSV file.
public struct PriceHistory: Sendable, Equatable {
    /// Where the series came from (the file path), for messages.
    public let source: String
    /// Observation times, unix seconds, strictly increasing.
    public let unixSeconds: [Double]
    /// Observed prices, finite and > 0, aligned with ``unixSeconds``.
    public let prices: [Double]
    /// log of ``prices``, kept for log-linear reads.
    let logPrices: [Double]

    /// Builds a history from observations in any order.
    /// - Throws: ``PriceHistoryError`` naming the first duplicate time, non-finite time or non-positive price.
    public init(unixSeconds: [Double], prices: [Double], source: String = "<memory>") throws {
        precondition(unixSeconds.count == prices.count, "\(unixSeconds.count) times but \(prices.count) prices")
        guard !prices.isEmpty else {
            throw PriceHistoryError(file: source, line: nil, column: nil, message: "found no observations, expected at least one")
        }
        for (i, (t, p)) in zip(unixSeconds, prices).enumerated() {
            if !t.isFinite {
                throw PriceHistoryError(file: source, line: nil, column: nil, message: "observation \(i): found time \(t), expected a finite time")
            }
            if !(p.isFinite && p > 0) {
                throw PriceHistoryError(file: source, line: nil, column: nil, message: "observation \(i): found price \(p), expected a positive number")
            }
        }
        let order = unixSeconds.indices.sorted { unixSeconds[$0] < unixSeconds[$1] }
        for (a, b) in zip(order, order.dropFirst()) where unixSeconds[a] == unixSeconds[b] {
            throw PriceHistoryError(file: source, line: nil, column: nil,
                                    message: "found time \(unixSeconds[a]) twice (observations \(a) and \(b)), expected each time once")
        }
        self.init(sortedUnixSeconds: order.map { unixSeconds[$0] }, prices: order.map { prices[$0] }, source: source)
    }

    /// Trusted initializer: times strictly increasing, prices positive and finite.
    init(sortedUnixSeconds: [Double], prices: [Double], source: String) {
        self.source = source
        self.unixSeconds = sortedUnixSeconds
        self.prices = prices
        self.logPrices = prices.map { log($0) }
    }

    /// The number of observations.
    public var count: Int { prices.count }

    /// The price at unix time `t`, read under `policy`; the first price before the first observation, the
    /// last after the last. Exactly the recorded value at a recorded time.
    /// - Complexity: O(log n).
    public func price(atUnixSeconds t: Double, policy: GapPolicy) -> Double {
        var cursor = 0
        return price(atUnixSeconds: t, policy: policy, cursor: &cursor, search: true)
    }

    /// The hot-loop read: `cursor` is the index of the last observation at or before the previous read and
    /// only moves forward, so reading at increasing times costs amortised O(1).
    @inline(__always)
    func price(atUnixSeconds t: Double, policy: GapPolicy, cursor: inout Int, search: Bool = false) -> Double {
        let n = unixSeconds.count
        if t <= unixSeconds[0] { cursor = 0; return prices[0] }
        if t >= unixSeconds[n - 1] { cursor = n - 1; return prices[n - 1] }
        if search {
            // Largest index with time ≤ t.
            var lo = 0, hi = n - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if unixSeconds[mid] <= t { lo = mid } else { hi = mid }
            }
            cursor = lo
        } else {
            if cursor >= n - 1 || unixSeconds[cursor] > t { cursor = 0 }
            while cursor + 1 < n && unixSeconds[cursor + 1] <= t { cursor += 1 }
        }
        let i = cursor
        if policy == .hold || unixSeconds[i] == t { return prices[i] }
        let w = (t - unixSeconds[i]) / (unixSeconds[i + 1] - unixSeconds[i])
        return exp(logPrices[i] + w * (logPrices[i + 1] - logPrices[i]))
    }

    /// The history with its volatility around its trend scaled by `factor`:
    ///
    ///     ℓ'(t) = T(t) + factor · (ℓ(t) − T(t)),  ℓ = log price,
    ///     T(t) = ℓ(t_0) + (ℓ(t_N) − ℓ(t_0)) · (t − t_0)/(t_N − t_0)
    ///
    /// T is the straight line between the first and last log prices, so both ends stay put and the overall
    /// move is kept; every deviation from it (the crash's depth below the line, the rebound above it) is
    /// `factor` times as large. Log returns scale by `factor` around the trend's constant return.
    public func volatilityScaled(by factor: Double) -> PriceHistory {
        precondition(factor.isFinite && factor >= 0, "volatility scale must be finite and ≥ 0, got \(factor)")
        guard count >= 2 else { return self }
        let t0 = unixSeconds[0], tN = unixSeconds[count - 1]
        let l0 = logPrices[0], lN = logPrices[count - 1]
        var scaled = [Double](repeating: 0, count: count)
        for i in 0..<count {
            let trend = l0 + (lN - l0) * (unixSeconds[i] - t0) / (tN - t0)
            let logPrice = trend + factor * (logPrices[i] - trend)
            // exp of a finite log price of a finite positive price scaled by a modest factor stays finite;
            // clamp anyway so a huge factor cannot produce 0 or ∞ (guarantee: prices finite and > 0).
            scaled[i] = exp(min(max(logPrice, -700), 700))
        }
        scaled[0] = prices[0]
        scaled[count - 1] = prices[count - 1]
        return PriceHistory(sortedUnixSeconds: unixSeconds, prices: scaled, source: "\(source) (volatility × \(factor))")
    }

    /// The history read every `stepSeconds` from its first timestamp up to its last (under `policy`), as
    /// log returns between consecutive reads: ⌊(t_N − t_0)/step⌋ returns.
    public func resampledLogReturns(stepSeconds: Double, policy: GapPolicy) -> [Double] {
        precondition(stepSeconds > 0 && stepSeconds.isFinite, "step must be finite and > 0, got \(stepSeconds)")
        let t0 = unixSeconds[0]
        let steps = Int(((unixSeconds[count - 1] - t0) / stepSeconds).rounded(.down))
        guard steps >= 1 else { return [] }
        var cursor = 0
        var previous = log(price(atUnixSeconds: t0, policy: policy, cursor: &cursor))
        var out = [Double]()
        out.reserveCapacity(steps)
        for k in 1...steps {
            let current = log(price(atUnixSeconds: t0 + Double(k) * stepSeconds, policy: policy, cursor: &cursor))
            out.append(current - previous)
            previous = current
        }
        return out
    }
}
