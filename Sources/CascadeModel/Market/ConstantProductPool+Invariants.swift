import Foundation

// Invariant checks (Invariants.swift): run after every mutation with CASCADE_INVARIANTS (debug builds),
// compiled out of release builds.

extension ConstantProductPool {
    /// Relative slack allowed for k when comparing products computed in Double: a fee-free swap keeps
    /// x·y constant only up to a few rounding errors.
    public static let invariantRelativeTolerance = 1e-12

    /// Uniswap v2's K check (v2-core `UniswapV2Pair.sol`, `swap`), as a relative margin:
    /// (x'·1000 − xIn·3)·(y'·1000 − yIn·3) / (x·y·1000²) − 1, in the general-fee form
    /// (x' − fee·xIn)(y' − fee·yIn)/(x·y) − 1. A swap is allowed iff the margin is ≥ 0; an exact Uniswap
    /// trade lands on 0.
    public static func uniswapKMargin(reserve0: Double, reserve1: Double, balance0: Double, balance1: Double,
                                      amount0In: Double, amount1In: Double, fee: Double = uniswapV2Fee) -> Double {
        let (g, d) = feeFraction(fee)
        let feeTimesD = d - g  // 3 for the 0.30% fee
        let adjusted0 = balance0 * d - amount0In * feeTimesD
        let adjusted1 = balance1 * d - amount1In * feeTimesD
        return (adjusted0 / (reserve0 * d)) * (adjusted1 / (reserve1 * d)) - 1
    }

    /// Checks reserves are finite and > 0 and the attribution ledger agrees with the spot price.
    /// Does nothing without CASCADE_INVARIANTS (release builds).
    @inlinable
    public func _checkInvariants() {
        #if CASCADE_INVARIANTS
        precondition(collateralReserve.isFinite && collateralReserve > 0,
                     "Pool \(name): collateral reserve \(collateralReserve), expected finite > 0")
        precondition(stableReserve.isFinite && stableReserve > 0,
                     "Pool \(name): stable reserve \(stableReserve), expected finite > 0")
        let ledgerLog = attribution.logPrice
        let spotLog = log(spotPrice)
        precondition(abs(ledgerLog - spotLog) <= 1e-9 * max(1, abs(spotLog)),
                     "Pool \(name): attribution log price \(ledgerLog) drifted from log spot \(spotLog)")
        #endif
    }

    /// Checks a swap kept the invariants: x·y did not decrease and Uniswap's fee-adjusted K check holds.
    @usableFromInline
    func _checkSwapInvariants(before: ConstantProductPool, swap: SwapQuote) {
        #if CASCADE_INVARIANTS
        _checkInvariants()
        let tol = Self.invariantRelativeTolerance
        precondition(invariant >= before.invariant * (1 - tol),
                     "Pool \(name): k fell from \(before.invariant) to \(invariant) on \(swap)")
        let in0 = swap.direction == .sellCollateral ? swap.amountIn : 0
        let in1 = swap.direction == .buyCollateral ? swap.amountIn : 0
        let margin = Self.uniswapKMargin(reserve0: before.collateralReserve, reserve1: before.stableReserve,
                                         balance0: collateralReserve, balance1: stableReserve,
                                         amount0In: in0, amount1In: in1, fee: fee)
        precondition(margin >= -tol, "Pool \(name): Uniswap K check failed (margin \(margin)) on \(swap)")
        #endif
    }
}
