/// What a swap gives, quoted without executing it or as executed.
///
/// Prices are in stablecoin per unit of collateral, whichever way the swap goes.
public struct SwapQuote: Sendable, Equatable {
    public let direction: SwapDirection
    /// Units of the input asset paid into the pool (collateral when selling, stable when buying).
    public let amountIn: Double
    /// Units of the output asset paid out of the pool.
    public let amountOut: Double
    /// Pool spot price (stable reserve / collateral reserve) before the swap.
    public let spotPriceBefore: Double
    /// Pool reserves after the swap.
    public let collateralReserveAfter: Double
    public let stableReserveAfter: Double

    /// Pool spot price after the swap.
    public var spotPriceAfter: Double { stableReserveAfter / collateralReserveAfter }

    /// Average price the trader got, stable per collateral, fee included.
    public var executionPrice: Double {
        switch direction {
        case .sellCollateral: return amountOut / amountIn
        case .buyCollateral: return amountIn / amountOut
        }
    }

    /// Shortfall of the output against trading the whole input at the pre-trade spot price, as a fraction
    /// (fee included): 1 − execution/spot when selling collateral, 1 − spot/execution when buying. This is
    /// the Uniswap v2 SDK's definition (`computePriceImpact` in `@uniswap/sdk`: (quotedOut − out)/quotedOut with
    /// quotedOut = input at mid price), so a tiny trade shows the fee, not zero.
    public var priceImpact: Double {
        switch direction {
        case .sellCollateral: return 1 - executionPrice / spotPriceBefore
        case .buyCollateral: return 1 - spotPriceBefore / executionPrice
        }
    }

    /// Relative move of the pool's spot price caused by the swap (negative when selling collateral).
    public var spotPriceChange: Double { spotPriceAfter / spotPriceBefore - 1 }
}
