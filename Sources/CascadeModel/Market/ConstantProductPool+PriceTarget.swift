import Foundation

// Trade sizes that move a constant-product pool to a price, in closed form with the fee.

/// A direction and an exact input size.
public struct SizedTrade: Sendable, Equatable {
    public let direction: SwapDirection
    /// Units of the input asset (collateral when selling it, stablecoin when buying collateral).
    public let amountIn: Double
}

extension ConstantProductPool {
    /// γ = 1 − fee, in Uniswap's 997/1000 form for the 0.30% fee.
    var tradedFraction: Double {
        let (g, d) = Self.feeFraction(fee)
        return g / d
    }

    /// The exact-in trade after which the spot price y'/x' equals `target`, or `nil` if it already does.
    ///
    /// Selling Δ collateral leaves x' = x + Δ and y' = x·y/(x + γΔ), so y'/x' = P_t solves
    /// γΔ² + x(1 + γ)Δ − (k/P_t − x²) = 0:
    /// Δ = 2c / (x(1 + γ) + √(x²(1 − γ)² + 4γk/P_t)), c = k/P_t − x² (the cancellation-free root).
    /// Buying collateral is the same with the roles of x and y swapped and P_t inverted.
    /// - Precondition: `target` is finite and > 0.
    public func tradeToSpotPrice(_ target: Double) -> SizedTrade? {
        precondition(target.isFinite && target > 0, "Target price \(target), expected a finite number > 0")
        guard target != spotPrice else { return nil }
        let γ = tradedFraction, k = invariant
        let direction: SwapDirection = target < spotPrice ? .sellCollateral : .buyCollateral
        let (r, kOverTarget) = direction == .sellCollateral ? (collateralReserve, k / target) : (stableReserve, k * target)
        let c = kOverTarget - r * r
        guard c > 0 else { return nil }
        let disc = r * r * (1 - γ) * (1 - γ) + 4 * γ * kOverTarget
        let amount = 2 * c / (r * (1 + γ) + disc.squareRoot())
        return amount > 0 ? SizedTrade(direction: direction, amountIn: amount) : nil
    }

    /// The trade that maximizes profit against an outside market at `referencePrice` (stable per
    /// collateral), or `nil` when the reference lies inside the fee band γ·P ≤ P_ref ≤ P/γ.
    ///
    /// The marginal rate of an exact-in swap is d(out)/d(in) = γ·R_in·R_out/(R_in + γ·in)², so trading
    /// until it equals the reference gives (Uniswap v2-periphery
    /// `contracts/libraries/UniswapV2LiquidityMathLibrary.sol`, `computeProfitMaximizingTrade`):
    /// - sell collateral when γ·P > P_ref: Δx = √(k/(γ·P_ref)) − x/γ;
    /// - buy collateral when P/γ < P_ref: Δy = √(k·P_ref/γ) − y/γ.
    /// Afterwards the pool's spot price lies inside the fee band around `referencePrice`.
    /// - Precondition: `referencePrice` is finite and > 0.
    public func profitMaximizingTrade(referencePrice: Double) -> SizedTrade? {
        precondition(referencePrice.isFinite && referencePrice > 0,
                     "Reference price \(referencePrice), expected a finite number > 0")
        let γ = tradedFraction, k = invariant
        let direction: SwapDirection
        let root: Double, reserve: Double
        if γ * spotPrice > referencePrice {
            direction = .sellCollateral
            root = (k / (γ * referencePrice)).squareRoot()
            reserve = collateralReserve
        } else if spotPrice / γ < referencePrice {
            direction = .buyCollateral
            root = (k * referencePrice / γ).squareRoot()
            reserve = stableReserve
        } else {
            return nil
        }
        let amount = root - reserve / γ
        return amount > 0 && amount.isFinite ? SizedTrade(direction: direction, amountIn: amount) : nil
    }
}
