import Foundation

/// Uniswap v2's cumulative price, kept per decomposition component so a TWAP can say how much of it was impact.
///
/// Like `UniswapV2Pair._update`, each new price first adds the *previous* price times the time elapsed
/// (`price0CumulativeLast += price · timeElapsed`), so the price that holds over `[t0, t1)` is counted for
/// `t1 − t0` and a change at `t1` only counts from `t1` on. Kept in `Double` seconds, not UQ112x112.
public struct TWAPAccumulator: Equatable, Sendable {
    /// One snapshot of the running integrals.
    public struct Checkpoint: Equatable, Sendable {
        public var time: Double
        /// ∫ P dt.
        public var price: Double
        /// ∫ log P_exo dt.
        public var exogenousLog: Double
        /// ∫ ℓ_g dt for each generation g.
        public var impactLog: [Double]
    }

    /// The integrals up to ``lastUpdate``.
    public private(set) var cumulative: Checkpoint
    /// The price holding since ``lastUpdate``.
    public private(set) var spot: PriceDecomposition
    private var spotPrice: Double

    public var lastUpdate: Double { cumulative.time }

    public init(spot: PriceDecomposition, at time: Double) {
        cumulative = Checkpoint(time: time, price: 0, exogenousLog: 0, impactLog: [])
        self.spot = spot
        spotPrice = spot.price
    }

    /// Accumulates the current spot up to `time` (`_update`'s `timeElapsed` step).
    /// - Precondition: `time ≥ lastUpdate`.
    public mutating func advance(to time: Double) {
        precondition(time >= cumulative.time, "TWAP accumulator cannot go back from \(cumulative.time) to \(time)")
        let dt = time - cumulative.time
        guard dt > 0 else { return }
        cumulative.price += spotPrice * dt
        cumulative.exogenousLog += spot.exogenousLog * dt
        if cumulative.impactLog.count < spot.impactLog.count {
            cumulative.impactLog += Array(repeating: 0, count: spot.impactLog.count - cumulative.impactLog.count)
        }
        for (g, l) in spot.impactLog.enumerated() { cumulative.impactLog[g] += l * dt }
        cumulative.time = time
    }

    /// Records a new spot price from `time` on.
    public mutating func update(spot newSpot: PriceDecomposition, at time: Double) {
        advance(to: time)
        spot = newSpot
        spotPrice = newSpot.price
    }

    /// The time-weighted average between two checkpoints, `(C1 − C0) / (t1 − t0)`, or `nil` when `t1 ≤ t0`.
    ///
    /// The arithmetic average of P is what the oracle publishes. Its decomposition is the time average of each
    /// log component — exact for a geometric TWAP — plus the Jensen gap `log(mean P) − mean(log P) ≥ 0`, which is
    /// assigned to the exogenous part so that the decomposition's `price` equals the published TWAP.
    /// The gap is second order in the price's variation over the window (≈ variance of log P / 2).
    public static func average(from c0: Checkpoint, to c1: Checkpoint) -> (price: Double, decomposition: PriceDecomposition)? {
        let dt = c1.time - c0.time
        guard dt > 0 else { return nil }
        let arithmetic = (c1.price - c0.price) / dt
        let exo = (c1.exogenousLog - c0.exogenousLog) / dt
        let impact = c1.impactLog.indices.map { g in
            (c1.impactLog[g] - (g < c0.impactLog.count ? c0.impactLog[g] : 0)) / dt
        }
        let geometricLog = exo + impact.reduce(0, +)
        let jensenGap = log(arithmetic) - geometricLog
        return (arithmetic, PriceDecomposition(exogenousLog: exo + jensenGap, impactLog: impact))
    }
}
