import Foundation

/// A constant-product (Uniswap v2) pool of collateral against a stablecoin, computed in Double.
///
/// Reserves are in units of each asset; `spotPrice` is stablecoin per collateral. Swaps follow
/// `UniswapV2Library.getAmountOut` / `getAmountIn` (Uniswap/v2-periphery
/// `contracts/libraries/UniswapV2Library.sol`) exactly except for integer rounding: Solidity floors
/// `getAmountOut` and adds one wei to `getAmountIn`; here both are the exact real quotients rounded once
/// to Double.
///
/// Every swap keeps the reserves finite and positive and never lowers x·y; debug builds check this after
/// each mutation (`ConstantProductPool+Invariants.swift`). Impossible trades throw ``MarketError``.
///
/// The pool also carries ``attribution``: its log spot price split into an unattributed level plus the
/// displacement still present from sales by each liquidation generation (see ``ImpactLedger``).
public struct ConstantProductPool: Sendable, Equatable {
    /// The fee Uniswap v2 charges on the input, 0.30%.
    public static let uniswapV2Fee = 0.003

    /// A label for reports ("uniswap_v2_eth_usdc").
    public let name: String
    /// Collateral units held by the pool (x).
    public private(set) var collateralReserve: Double
    /// Stablecoin units held by the pool (y).
    public private(set) var stableReserve: Double
    /// Fraction of each input kept by the pool, in [0, 1).
    public let fee: Double
    /// The pool's log spot price split by liquidation generation. Updated by every swap.
    public internal(set) var attribution: ImpactLedger

    /// Creates a pool.
    /// - Throws: ``MarketError/invalidPool(_:)`` unless both reserves are finite and > 0 and
    ///   0 ≤ fee < 1.
    public init(name: String = "pool", collateralReserve: Double, stableReserve: Double,
                fee: Double = ConstantProductPool.uniswapV2Fee) throws {
        guard collateralReserve.isFinite, collateralReserve > 0 else {
            throw MarketError.invalidPool("collateral reserve \(collateralReserve), expected a finite number > 0")
        }
        guard stableReserve.isFinite, stableReserve > 0 else {
            throw MarketError.invalidPool("stable reserve \(stableReserve), expected a finite number > 0")
        }
        guard fee.isFinite, fee >= 0, fee < 1 else {
            throw MarketError.invalidPool("fee \(fee), expected a number in [0, 1)")
        }
        self.name = name
        self.collateralReserve = collateralReserve
        self.stableReserve = stableReserve
        self.fee = fee
        self.attribution = ImpactLedger(baseLogPrice: log(stableReserve / collateralReserve))
        _checkInvariants()
    }

    /// Stablecoin per collateral at the margin, before fees: y / x.
    public var spotPrice: Double { stableReserve / collateralReserve }

    /// The constant product k = x·y.
    public var invariant: Double { collateralReserve * stableReserve }

    /// Liquidity L = √(x·y): a depth measure that does not move with price (x = L/√P, y = L·√P).
    public var liquidity: Double { invariant.squareRoot() }

    /// (reserve in, reserve out) for a direction.
    @inlinable
    public func reserves(for direction: SwapDirection) -> (input: Double, output: Double) {
        switch direction {
        case .sellCollateral: return (collateralReserve, stableReserve)
        case .buyCollateral: return (stableReserve, collateralReserve)
        }
    }
}

// MARK: - Uniswap v2 library formulas

extension ConstantProductPool {
    /// The fee written as numerator/denominator of the part of the input that trades: (997, 1000) for the
    /// 0.30% fee, so the arithmetic is Uniswap's own; (1 − fee, 1) otherwise.
    @usableFromInline
    static func feeFraction(_ fee: Double) -> (numerator: Double, denominator: Double) {
        fee == uniswapV2Fee ? (997, 1000) : (1 - fee, 1)
    }

    /// Output for an exact input: amountIn·γ·R_out / (R_in + amountIn·γ), γ = 1 − fee.
    ///
    /// `UniswapV2Library.getAmountOut` (v2-periphery `contracts/libraries/UniswapV2Library.sol`):
    /// amountInWithFee = amountIn·997; amountOut = amountInWithFee·reserveOut / (reserveIn·1000 +
    /// amountInWithFee). Solidity floors the quotient; this returns it unrounded.
    @inlinable
    public static func amountOut(amountIn: Double, reserveIn: Double, reserveOut: Double,
                                 fee: Double = uniswapV2Fee) -> Double {
        let (g, d) = feeFraction(fee)
        let amountInWithFee = amountIn * g
        return amountInWithFee * reserveOut / (reserveIn * d + amountInWithFee)
    }

    /// Input needed for an exact output: R_in·amountOut / ((R_out − amountOut)·γ).
    ///
    /// `UniswapV2Library.getAmountIn`: reserveIn·amountOut·1000 / ((reserveOut − amountOut)·997) + 1.
    /// The "+ 1" rounds Solidity's floored quotient up by one wei; in Double there is nothing to round.
    @inlinable
    public static func amountIn(amountOut: Double, reserveIn: Double, reserveOut: Double,
                                fee: Double = uniswapV2Fee) -> Double {
        let (g, d) = feeFraction(fee)
        return reserveIn * amountOut * d / ((reserveOut - amountOut) * g)
    }
}

// MARK: - Quotes (no state change)

extension ConstantProductPool {
    /// What selling exactly `amountIn` of the input asset would pay, without trading.
    /// - Throws: ``MarketError`` if `amountIn` is not finite and > 0, or the trade would leave a reserve
    ///   that is not finite and > 0 (or a k or spot price outside Double's normal range).
    public func quoteExactIn(_ amountIn: Double, _ direction: SwapDirection) throws -> SwapQuote {
        try Self.requireAmount(amountIn)
        let (rIn, rOut) = reserves(for: direction)
        let out = Self.amountOut(amountIn: amountIn, reserveIn: rIn, reserveOut: rOut, fee: fee)
        // The new output reserve as R_out·R_in / (R_in + γ·in), not R_out − out: when the input dwarfs the
        // reserve, out ≈ R_out and the subtraction would lose all precision (and could make k fall). The two
        // agree to within an ulp of R_out.
        let (g, d) = Self.feeFraction(fee)
        let newOut = rOut * (rIn * d / (rIn * d + amountIn * g))
        let newIn = rIn + amountIn
        return try quote(direction, amountIn: amountIn, amountOut: out, newIn: newIn, newOut: newOut)
    }

    /// What buying exactly `amountOut` of the output asset would cost, without trading.
    /// - Throws: ``MarketError/wouldDrainReserve(requested:reserve:)`` if `amountOut` ≥ the output reserve;
    ///   other ``MarketError``s as ``quoteExactIn(_:_:)``.
    public func quoteExactOut(_ amountOut: Double, _ direction: SwapDirection) throws -> SwapQuote {
        try Self.requireAmount(amountOut)
        let (rIn, rOut) = reserves(for: direction)
        guard amountOut < rOut else { throw MarketError.wouldDrainReserve(requested: amountOut, reserve: rOut) }
        let input = Self.amountIn(amountOut: amountOut, reserveIn: rIn, reserveOut: rOut, fee: fee)
        // rOut − amountOut is exact when amountOut ≥ rOut/2 (Sterbenz), so no cancellation here.
        return try quote(direction, amountIn: input, amountOut: amountOut, newIn: rIn + input, newOut: rOut - amountOut)
    }

    /// Uniswap-SDK price impact (fee included, see ``SwapQuote/priceImpact``) of an exact-in trade.
    public func priceImpact(amountIn: Double, _ direction: SwapDirection) throws -> Double {
        try quoteExactIn(amountIn, direction).priceImpact
    }

    static func requireAmount(_ amount: Double) throws {
        guard amount.isFinite else { throw MarketError.nonFiniteAmount(amount) }
        guard amount > 0 else { throw MarketError.nonPositiveAmount(amount) }
    }

    private func quote(_ direction: SwapDirection, amountIn: Double, amountOut: Double,
                       newIn: Double, newOut: Double) throws -> SwapQuote {
        let (x, y) = direction == .sellCollateral ? (newIn, newOut) : (newOut, newIn)
        // Also refuse reserves whose product or ratio leaves Double's normal range: k and the spot price
        // must stay meaningful, not just the reserves.
        guard x.isFinite, y.isFinite, x > 0, y > 0, (x * y).isNormal, (y / x).isNormal,
              amountIn.isFinite, amountIn > 0, amountOut > 0 else {
            throw MarketError.reserveOutOfRange(collateral: x, stable: y)
        }
        return SwapQuote(direction: direction, amountIn: amountIn, amountOut: amountOut, spotPriceBefore: spotPrice,
                         collateralReserveAfter: x, stableReserveAfter: y)
    }
}

// MARK: - Swaps

extension ConstantProductPool {
    /// Sells exactly `amountIn` of the input asset.
    ///
    /// `generation` is the liquidation generation whose seized collateral this sale disposes of, or `nil`
    /// for any other trade (arbitrage, background flow); it only affects ``attribution``.
    /// - Throws: as ``quoteExactIn(_:_:)``; the pool is unchanged when it throws.
    @discardableResult
    public mutating func swapExactIn(_ amountIn: Double, _ direction: SwapDirection,
                                     generation: Int? = nil) throws -> SwapQuote {
        let q = try quoteExactIn(amountIn, direction)
        apply(q, generation: generation)
        return q
    }

    /// Buys exactly `amountOut` of the output asset.
    /// - Throws: as ``quoteExactOut(_:_:)``; the pool is unchanged when it throws.
    @discardableResult
    public mutating func swapExactOut(_ amountOut: Double, _ direction: SwapDirection,
                                      generation: Int? = nil) throws -> SwapQuote {
        let q = try quoteExactOut(amountOut, direction)
        apply(q, generation: generation)
        return q
    }

    private mutating func apply(_ q: SwapQuote, generation: Int?) {
        #if CASCADE_INVARIANTS
        let before = self
        #endif
        collateralReserve = q.collateralReserveAfter
        stableReserve = q.stableReserveAfter
        let logMove = log(q.spotPriceAfter / q.spotPriceBefore)
        if let g = generation {
            attribution.addImpact(logMove, generation: g)
        } else {
            attribution.absorbUnattributedMove(logMove)
        }
        #if CASCADE_INVARIANTS
        _checkSwapInvariants(before: before, swap: q)
        #endif
    }
}

// MARK: - Liquidity provision (price-neutral)

extension ConstantProductPool {
    /// Multiplies both reserves by `factor`: LPs withdrawing (factor < 1) or adding (factor > 1) liquidity
    /// in proportion, so the spot price, and hence ``attribution``, is unchanged.
    /// - Precondition: `factor` is finite and > 0.
    public mutating func scaleLiquidity(by factor: Double) {
        precondition(factor.isFinite && factor > 0, "Liquidity scale factor \(factor), expected a finite number > 0")
        collateralReserve *= factor
        stableReserve *= factor
        _checkInvariants()
    }

    /// Sets the liquidity √(x·y) to `target` at the current spot price.
    /// - Precondition: `target` is finite and > 0.
    public mutating func setLiquidity(_ target: Double) {
        precondition(target.isFinite && target > 0, "Liquidity \(target), expected a finite number > 0")
        scaleLiquidity(by: target / liquidity)
    }
}
