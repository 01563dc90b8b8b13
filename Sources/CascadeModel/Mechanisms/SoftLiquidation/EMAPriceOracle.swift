import Foundation

/// The exponential moving average LLAMMA reads its oracle price through (curve-stablecoin v1
/// `contracts/price_oracles/EmaPriceOracle.vy` L105-129).
///
/// p_ema = p_now·(1 − α) + p_last·α with α = exp(−Δt/T), Δt the time since the last write, T = `ma_exp_time`.
/// The state is written only when a transaction reads the price for writing (`price_w`: every exchange, loan
/// creation and liquidation), at most once per block; between writes `price` is one EMA step from the last
/// written value straight to the source's current price. The base is e, as in the contract (llamma-simulator
/// uses 2^(−Δt/T) on 1-minute candles, a T larger by 1/ln 2).
public struct EMAPriceOracle: Sendable, Equatable {
    /// MIN_MA_EXP_TIME and MAX_MA_EXP_TIME, seconds.
    public static let timeConstantRange: ClosedRange<Double> = 30...(365 * 86_400)

    /// T, seconds.
    public let timeConstantSeconds: Double
    public private(set) var lastPrice: Double
    public private(set) var lastTime: Double

    /// Starts at the source's price at `now`.
    public init(timeConstantSeconds: Double, price: Double, at now: Double) {
        precondition(Self.timeConstantRange.contains(timeConstantSeconds),
                     "EMA time constant \(timeConstantSeconds) s, expected 30 s to 365 days")
        self.timeConstantSeconds = timeConstantSeconds
        self.lastPrice = price
        self.lastTime = now
    }

    /// The EMA price at `now` given the source's current price (`price`).
    @inlinable
    public func price(source: Double, at now: Double) -> Double {
        guard lastTime < now else { return lastPrice }
        let alpha = exp(-(now - lastTime) / timeConstantSeconds)
        return source * (1 - alpha) + lastPrice * alpha
    }

    /// Reads the price and stores it if this is a later block than the last write (`price_w`).
    @discardableResult
    public mutating func write(source: Double, at now: Double) -> Double {
        let p = price(source: source, at: now)
        if lastTime < now {
            lastPrice = p
            lastTime = now
        }
        return p
    }
}
