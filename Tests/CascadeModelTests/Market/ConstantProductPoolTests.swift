import TestSupport
import XCTest
@testable import CascadeModel

/// The exact cases of Uniswap v2's own tests, in token units (the tests use 18-decimal integers).
///
/// Solidity floors `getAmountOut` to a whole wei (10⁻¹⁸ token); the Double quotient differs from the
/// floored value by under 1 wei plus Double rounding (≈ 1e-16 relative), so the tolerance is 1e-14:
/// two orders above the rounding noise, far below any formula mistake (a wrong fee changes the 4th digit).
final class ConstantProductPoolTests: XCTestCase {
    static let wei = 1e-18
    static let tolerance = 1e-14

    /// v2-core `test/UniswapV2Pair.spec.ts`, `swapTestCases`: [swapAmount, token0Amount, token1Amount,
    /// expectedOutputAmount]; token0 is paid in, token1 comes out.
    static let swapTestCases: [(Double, Double, Double, String)] = [
        (1, 5, 10, "1662497915624478906"),
        (1, 10, 5, "453305446940074565"),
        (2, 5, 10, "2851015155847869602"),
        (2, 10, 5, "831248957812239453"),
        (1, 10, 10, "906610893880149131"),
        (1, 100, 100, "987158034397061298"),
        (1, 1000, 1000, "996006981039903216"),
    ]

    /// v2-core `optimisticTestCases`: [outputAmount, token0Amount, token1Amount, inputAmount]; a flash swap
    /// that takes token0 out and repays token0 in.
    static let optimisticTestCases: [(String, Double, Double, String)] = [
        ("997000000000000000", 5, 10, "1000000000000000000"),
        ("997000000000000000", 10, 5, "1000000000000000000"),
        ("997000000000000000", 5, 5, "1000000000000000000"),
        ("1000000000000000000", 5, 5, "1003009027081243732"),
    ]

    static func tokens(_ wei: String) -> Double { Double(wei)! * Self.wei }

    func testGetAmountOutMatchesUniswapSwapTestCases() throws {
        for (swapAmount, r0, r1, expected) in Self.swapTestCases {
            let out = ConstantProductPool.amountOut(amountIn: swapAmount, reserveIn: r0, reserveOut: r1)
            assertClose(out, Self.tokens(expected), relativeTolerance: Self.tolerance, "case \(swapAmount),\(r0),\(r1)")
            // Same through the pool, token0 = collateral.
            let pool = try ConstantProductPool(collateralReserve: r0, stableReserve: r1)
            let q = try pool.quoteExactIn(swapAmount, .sellCollateral)
            XCTAssertEqual(q.amountOut, out)
            // And token0 = stable: buying collateral with the stablecoin.
            let mirrored = try ConstantProductPool(collateralReserve: r1, stableReserve: r0)
            XCTAssertEqual(try mirrored.quoteExactIn(swapAmount, .buyCollateral).amountOut, out)
        }
    }

    /// Each case passes Uniswap's K check at the expected output and fails it one part in 10⁹ above.
    func testUniswapKCheckAcceptsExpectedOutputAndRejectsMore() {
        for (swapAmount, r0, r1, expected) in Self.swapTestCases {
            let out = Self.tokens(expected)
            func margin(_ o: Double) -> Double {
                ConstantProductPool.uniswapKMargin(reserve0: r0, reserve1: r1, balance0: r0 + swapAmount,
                                                   balance1: r1 - o, amount0In: swapAmount, amount1In: 0)
            }
            XCTAssertGreaterThanOrEqual(margin(out), -1e-15)
            XCTAssertLessThan(margin(out), 1e-14)
            XCTAssertLessThan(margin(out * (1 + 1e-9)), 0)
        }
        for (outputWei, r0, r1, inputWei) in Self.optimisticTestCases {
            let out = Self.tokens(outputWei), input = Self.tokens(inputWei)
            func margin(_ o: Double) -> Double {
                ConstantProductPool.uniswapKMargin(reserve0: r0, reserve1: r1, balance0: r0 - o + input,
                                                   balance1: r1, amount0In: input, amount1In: 0)
            }
            XCTAssertGreaterThanOrEqual(margin(out), -1e-15)
            XCTAssertLessThan(margin(out), 1e-14)
            XCTAssertLessThan(margin(out * (1 + 1e-9)), 0)
        }
    }

    /// The last optimistic case: given amountOut, amountIn = ceiling(amountOut / 0.997). With the K check at
    /// equality the minimum flash repayment is out·1000/997.
    func testOptimisticRepaymentIsOutOver997() {
        assertClose(1 * 1000 / 997, Self.tokens("1003009027081243732"), relativeTolerance: Self.tolerance)
    }

    /// v2-periphery `test/UniswapV2Router02.spec.ts` (`getAmountOut`/`getAmountIn`, 18-decimal-free
    /// integers): getAmountOut(2, 100, 100) = 1 and getAmountIn(1, 100, 100) = 2 after Solidity's rounding.
    func testRouterCasesAfterIntegerRounding() {
        XCTAssertEqual(ConstantProductPool.amountOut(amountIn: 2, reserveIn: 100, reserveOut: 100).rounded(.down), 1)
        XCTAssertEqual(ConstantProductPool.amountIn(amountOut: 1, reserveIn: 100, reserveOut: 100).rounded(.down) + 1, 2)
    }

    func testSwapToken0AndToken1UpdateReservesLikeThePair() throws {
        // v2-core `swap:token0`: reserves (5, 10), 1 token0 in, 1.662497915624478906 token1 out.
        var pool = try ConstantProductPool(collateralReserve: 5, stableReserve: 10)
        let q = try pool.swapExactIn(1, .sellCollateral)
        XCTAssertEqual(pool.collateralReserve, 6)
        assertClose(pool.stableReserve, 10 - Self.tokens("1662497915624478906"), relativeTolerance: Self.tolerance)
        XCTAssertEqual(pool.stableReserve, 10 - q.amountOut)
        // `swap:token1`: reserves (5, 10), 1 token1 in, 0.453305446940074565 token0 out.
        var pool1 = try ConstantProductPool(collateralReserve: 5, stableReserve: 10)
        try pool1.swapExactIn(1, .buyCollateral)
        XCTAssertEqual(pool1.stableReserve, 11)
        assertClose(pool1.collateralReserve, 5 - Self.tokens("453305446940074565"), relativeTolerance: Self.tolerance)
    }

    func testExactOutInvertsExactInBothDirections() throws {
        let pool = try ConstantProductPool(collateralReserve: 1_000, stableReserve: 2_000_000, fee: 0.003)
        let other = try ConstantProductPool(collateralReserve: 1_000, stableReserve: 2_000_000, fee: 0.0005)
        for p in [pool, other] {
            for direction in SwapDirection.allCases {
                for amountIn in [1e-6, 0.5, 37.0, 1_000.0, 5e6] {
                    let forward = try p.quoteExactIn(amountIn, direction)
                    let back = try p.quoteExactOut(forward.amountOut, direction)
                    assertClose(back.amountIn, amountIn, relativeTolerance: 1e-12, "\(direction) \(amountIn) fee \(p.fee)")
                }
            }
        }
    }

    func testGeneralFeeFormAgreesWith997Form() {
        // 1 − 0.003 is not exactly 0.997 in binary; the two forms agree to rounding.
        let g = ConstantProductPool.amountOut(amountIn: 3, reserveIn: 7, reserveOut: 11, fee: 0.003)
        let general = 3 * (1 - 0.003) * 11 / (7 + 3 * (1 - 0.003))
        assertClose(g, general, relativeTolerance: 1e-15)
    }

    func testSpotPriceAndPriceImpact() throws {
        let pool = try ConstantProductPool(collateralReserve: 100, stableReserve: 200_000)
        XCTAssertEqual(pool.spotPrice, 2_000)
        // A tiny trade's impact is the fee.
        assertClose(try pool.priceImpact(amountIn: 1e-9, .sellCollateral), 0.003, relativeTolerance: 1e-6)
        assertClose(try pool.priceImpact(amountIn: 1e-6, .buyCollateral), 0.003, relativeTolerance: 1e-6)
        // Selling 10% of the collateral reserve: out = 10·0.997·200000/(100 + 9.97).
        let q = try pool.quoteExactIn(10, .sellCollateral)
        let out = 10 * 0.997 * 200_000 / (100 + 9.97)
        assertClose(q.amountOut, out, relativeTolerance: 1e-14)
        assertClose(q.priceImpact, 1 - out / 10 / 2_000, relativeTolerance: 1e-14)
        assertClose(q.spotPriceAfter, (200_000 - out) / 110, relativeTolerance: 1e-14)
        // Quoting does not trade.
        XCTAssertEqual(pool.collateralReserve, 100)
    }

    func testRefusesBadAmountsWithoutChangingThePool() throws {
        var pool = try ConstantProductPool(collateralReserve: 10, stableReserve: 10)
        let before = pool
        for bad in [-1.0, 0, .nan, .infinity, -.infinity] {
            XCTAssertThrowsError(try pool.swapExactIn(bad, .sellCollateral))
            XCTAssertThrowsError(try pool.swapExactOut(bad, .buyCollateral))
        }
        XCTAssertThrowsError(try pool.swapExactOut(10, .sellCollateral)) { error in
            XCTAssertEqual(error as? MarketError, .wouldDrainReserve(requested: 10, reserve: 10))
        }
        XCTAssertThrowsError(try pool.swapExactOut(11, .buyCollateral))
        // An input so large the output rounds the other reserve to zero.
        XCTAssertThrowsError(try pool.swapExactIn(1e300, .sellCollateral)) { error in
            guard case .reserveOutOfRange = error as? MarketError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try pool.swapExactIn(.greatestFiniteMagnitude, .buyCollateral))
        XCTAssertEqual(pool, before)
        XCTAssertThrowsError(try ConstantProductPool(collateralReserve: 0, stableReserve: 1))
        XCTAssertThrowsError(try ConstantProductPool(collateralReserve: 1, stableReserve: .infinity))
        XCTAssertThrowsError(try ConstantProductPool(collateralReserve: 1, stableReserve: 1, fee: 1))
    }

    func testScaleLiquidityKeepsPrice() throws {
        var pool = try ConstantProductPool(collateralReserve: 3, stableReserve: 7_000)
        let p = pool.spotPrice
        pool.scaleLiquidity(by: 0.37)
        assertClose(pool.spotPrice, p, relativeTolerance: 1e-15)
        pool.setLiquidity(10)
        assertClose(pool.liquidity, 10, relativeTolerance: 1e-15)
        assertClose(pool.spotPrice, p, relativeTolerance: 1e-15)
    }
}
