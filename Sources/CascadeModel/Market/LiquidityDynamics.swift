import Foundation

/// What ``LiquidityDynamics/observe(price:at:pool:)`` did to the pool.
public enum LiquidityChange: Sendable, Equatable {
    case none
    /// LPs withdrew; the pool's liquidity √(x·y) was multiplied by `factor` < 1.
    case withdrawal(factor: Double)
    /// LPs returned part of the way to the target; liquidity multiplied by `factor`.
    case recovery(factor: Double)
}

/// LPs of one pool who pull liquidity when recent realized volatility is high and bring it back with a
/// half-life. Both moves scale the two reserves in proportion, so the pool price does not change.
///
/// Rule, applied at each observation at time t (previous at t₀):
/// 1. If the market was calm at t₀, the liquidity gap to the target closes by 2^(−(t − t₀)/half-life):
///    L ← L* − (L* − L)·2^(−(t − t₀)/h). While volatility is above the threshold nothing returns.
/// 2. The price is added to the realized-volatility window. If volatility is now above the threshold and
///    was not at t₀, LPs withdraw `withdrawalFraction` of the reserves (once per high-volatility episode).
///
/// Depth is measured as L = √(x·y), which a price move at constant liquidity leaves unchanged.
public struct LiquidityDynamics: Sendable, Equatable {
    public let spec: LiquiditySpec
    /// The depth LPs return toward, L* = √(x·y) at the start.
    public let targetLiquidity: Double
    public private(set) var volatility: RealizedVolatility
    /// Whether volatility was above the threshold at the last observation.
    public private(set) var isStressed = false
    public private(set) var lastTime: Double

    public init(spec: LiquiditySpec, targetLiquidity: Double, startTime: Double = 0) {
        precondition(targetLiquidity.isFinite && targetLiquidity > 0, "Target liquidity \(targetLiquidity), expected a finite number > 0")
        self.spec = spec
        self.targetLiquidity = targetLiquidity
        self.volatility = RealizedVolatility(windowSeconds: spec.volatilityWindowSeconds)
        self.lastTime = startTime
    }

    /// Advances to `time` with a new price observation (reference or pool price) and adjusts `pool`.
    /// - Precondition: `time` ≥ the previous observation's time.
    @discardableResult
    public mutating func observe(price: Double, at time: Double, pool: inout ConstantProductPool) -> LiquidityChange {
        precondition(time >= lastTime, "Observation at \(time) s before the previous one at \(lastTime) s")
        var change = LiquidityChange.none
        let dt = time - lastTime
        if !isStressed, dt > 0, pool.liquidity < targetLiquidity {
            let remaining = exp2(-dt / spec.recoveryHalfLifeSeconds)
            let newLiquidity = targetLiquidity - (targetLiquidity - pool.liquidity) * remaining
            let factor = newLiquidity / pool.liquidity
            if factor != 1 {
                pool.scaleLiquidity(by: factor)
                change = .recovery(factor: factor)
            }
        }
        lastTime = time
        volatility.record(price: price, at: time)
        let stressedNow = volatility.annualized > spec.volatilityThreshold
        if stressedNow, !isStressed, spec.withdrawalFraction > 0 {
            let factor = 1 - spec.withdrawalFraction
            pool.scaleLiquidity(by: factor)
            change = .withdrawal(factor: factor)
        }
        isStressed = stressedNow
        return change
    }
}
