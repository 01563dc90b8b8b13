import TestSupport
import XCTest
import Stochastic
@testable import CascadeModel

final class ArbitrageTests: XCTestCase {
    /// v2-periphery `test/ExampleSwapToPrice.spec.ts`: reserves 10 token0 : 1000 token1, then
    /// `computeProfitMaximizingTrade` toward a true price of 1:90 and 1:110. Solidity floors a square root
    /// and a division and subtracts them (≈ 19× cancellation), so the tolerance is 1e-12.
    func testProfitMaximizingTradeMatchesExampleSwapToPrice() throws {
        let pool = try ConstantProductPool(collateralReserve: 10, stableReserve: 1_000)
        let down = try XCTUnwrap(pool.profitMaximizingTrade(referencePrice: 90))
        XCTAssertEqual(down.direction, .sellCollateral)
        assertClose(down.amountIn, 0.526682316179835569, relativeTolerance: 1e-12)
        assertClose(try pool.quoteExactIn(down.amountIn, .sellCollateral).amountOut, 49.890467170695440744,
                    relativeTolerance: 1e-12)
        let up = try XCTUnwrap(pool.profitMaximizingTrade(referencePrice: 110))
        XCTAssertEqual(up.direction, .buyCollateral)
        assertClose(up.amountIn, 47.376582963642643588, relativeTolerance: 1e-12)
        assertClose(try pool.quoteExactIn(up.amountIn, .buyCollateral).amountOut, 0.451039908682851138,
                    relativeTolerance: 1e-12)
    }

    func testTradeToSpotPriceHitsTheTarget() throws {
        for fee in [0.0, 0.003, 0.01] {
            let pool = try ConstantProductPool(collateralReserve: 500, stableReserve: 1_000_000, fee: fee)
            for target in [1_000.0, 1_999.0, 2_000.5, 2_500, 9_000] {
                var p = pool
                let t = try XCTUnwrap(p.tradeToSpotPrice(target))
                try p.swapExactIn(t.amountIn, t.direction)
                assertClose(p.spotPrice, target, relativeTolerance: 1e-12, "fee \(fee) target \(target)")
            }
            XCTAssertNil(pool.tradeToSpotPrice(2_000))
        }
    }

    func testArbitrageLeavesPriceInFeeBandAndIsProfitable() throws {
        let stream = try RandomStream(seed: 4)
        for _ in 0..<2_000 {
            let fee = [0.0005, 0.003, 0.01][stream.uniformInt(below: 3)]
            let x = 10 + 1_000 * stream.uniform()
            let pool = try ConstantProductPool(collateralReserve: x, stableReserve: x * 2_000, fee: fee)
            let reference = 2_000 * exp(0.4 * stream.standardNormal())
            let γ = 1 - fee
            guard let trade = Arbitrage.optimalTrade(pool: pool, referencePrice: reference) else {
                XCTAssert(γ * pool.spotPrice <= reference && reference <= pool.spotPrice / γ)
                continue
            }
            XCTAssertGreaterThan(trade.profitUSD, 0)
            XCTAssertFalse(trade.cappedByCapital)
            var after = pool
            try after.swapExactIn(trade.swap.amountIn, trade.swap.direction)
            let p = after.spotPrice
            XCTAssert(γ * p <= reference * (1 + 1e-12) && reference <= p / γ * (1 + 1e-12),
                      "pool \(p) outside fee band of \(reference), fee \(fee)")
            // Optimal: trading 1% more or less earns no more.
            for scale in [0.99, 1.01] {
                let q = try pool.quoteExactIn(trade.swap.amountIn * scale, trade.swap.direction)
                let profit = q.direction == .sellCollateral ? q.amountOut - reference * q.amountIn
                                                            : reference * q.amountOut - q.amountIn
                XCTAssertLessThanOrEqual(profit, trade.profitUSD * (1 + 1e-12))
            }
        }
    }

    func testCapitalCapLimitsSizeAndStaysProfitable() throws {
        let pool = try ConstantProductPool(collateralReserve: 1_000, stableReserve: 2_000_000)
        // Reference 10% below: sell collateral into the pool, buying it outside for capital.
        let free = try XCTUnwrap(Arbitrage.optimalTrade(pool: pool, referencePrice: 1_800))
        let capped = try XCTUnwrap(Arbitrage.optimalTrade(pool: pool, referencePrice: 1_800, capitalUSD: 9_000))
        XCTAssertTrue(capped.cappedByCapital)
        assertClose(capped.capitalUsedUSD, 9_000, relativeTolerance: 1e-15)
        assertClose(capped.swap.amountIn, 5, relativeTolerance: 1e-15)
        XCTAssertGreaterThan(capped.profitUSD, 0)
        XCTAssertLessThan(capped.profitUSD, free.profitUSD)
        // Reference above: buy collateral with stablecoin capital.
        let cappedUp = try XCTUnwrap(Arbitrage.optimalTrade(pool: pool, referencePrice: 2_300, capitalUSD: 1_000))
        XCTAssertEqual(cappedUp.swap.direction, .buyCollateral)
        XCTAssertEqual(cappedUp.swap.amountIn, 1_000)
        XCTAssertGreaterThan(cappedUp.profitUSD, 0)
        // Capital above the optimum does not bind.
        let loose = try XCTUnwrap(Arbitrage.optimalTrade(pool: pool, referencePrice: 1_800, capitalUSD: 1e12))
        XCTAssertEqual(loose, free)
        // A minimum profit larger than the opportunity skips it.
        XCTAssertNil(Arbitrage.optimalTrade(pool: pool, referencePrice: 1_800, minProfitUSD: free.profitUSD))
    }

    func testInsideFeeBandThereIsNoTrade() throws {
        let pool = try ConstantProductPool(collateralReserve: 1, stableReserve: 1_000)
        XCTAssertNil(Arbitrage.optimalTrade(pool: pool, referencePrice: 1_000))
        XCTAssertNil(Arbitrage.optimalTrade(pool: pool, referencePrice: 997.5))
        XCTAssertNil(Arbitrage.optimalTrade(pool: pool, referencePrice: 1_002.5))
    }

    func testArbitrageurSpecValidation() {
        XCTAssertEqual(ArbitrageurSpec(latency: .exponential(mean: 12), capitalUSD: 1e6).validate(), [])
        XCTAssertEqual(ArbitrageurSpec().validate(), [])  // unlimited capital is allowed
        let bad = ArbitrageurSpec(latency: .exponential(mean: -1), capitalUSD: 0, minProfitUSD: .nan).validate()
        XCTAssertEqual(bad.map(\.key), ["latency.mean", "capital_usd", "min_profit_usd"])
        XCTAssertEqual(ArbitrageurSpec(latency: .constant(value: -3)).validate().map(\.key), ["latency"])
    }

    func testLatencyIsSampledAndClampedAtZero() throws {
        let stream = try RandomStream(seed: 1)
        let spec = ArbitrageurSpec(latency: .gaussian(mean: 0, sigma: 1))
        let draws = (0..<1_000).map { _ in spec.sampleLatencySeconds(stream) }
        XCTAssert(draws.allSatisfy { $0 >= 0 })
        XCTAssert(draws.contains(0))
    }
}
