import TestSupport
import XCTest
import Stochastic
@testable import CascadeModel

final class PoolInvariantTests: XCTestCase {
    /// Thousands of random exact-in and exact-out swaps at fixed seeds: k never falls, reserves stay
    /// positive, the attribution ledger tracks the spot price, refused swaps leave the pool alone.
    func testKNeverDecreasesOverRandomSwaps() throws {
        for seed in UInt64(0)..<4 {
            let stream = try RandomStream(seed: seed)
            var pool = try ConstantProductPool(collateralReserve: 1_000, stableReserve: 2_000_000,
                                               fee: [0.0, 0.0005, 0.003, 0.01][Int(seed)])
            var refused = 0
            for _ in 0..<5_000 {
                let direction: SwapDirection = stream.bernoulli(0.5) ? .sellCollateral : .buyCollateral
                let (rIn, rOut) = pool.reserves(for: direction)
                let kBefore = pool.invariant
                let before = pool
                do {
                    if stream.bernoulli(0.5) {
                        try pool.swapExactIn(rIn * exp(4 * stream.standardNormal() - 4), direction,
                                             generation: stream.bernoulli(0.3) ? stream.uniformInt(below: 5) : nil)
                    } else {
                        try pool.swapExactOut(rOut * 1.2 * stream.uniform(), direction)  // sometimes drains
                    }
                } catch {
                    XCTAssert(error is MarketError)
                    XCTAssertEqual(pool, before)
                    refused += 1
                }
                XCTAssertGreaterThanOrEqual(pool.invariant, kBefore * (1 - ConstantProductPool.invariantRelativeTolerance))
                XCTAssert(pool.collateralReserve > 0 && pool.stableReserve > 0)
                XCTAssert(pool.collateralReserve.isFinite && pool.stableReserve.isFinite)
                assertClose(pool.attribution.price(), pool.spotPrice, relativeTolerance: 1e-9)
            }
            XCTAssertGreaterThan(refused, 0, "the drain cases were exercised")
        }
    }

    func testWithFeeKGrowsStrictly() throws {
        var pool = try ConstantProductPool(collateralReserve: 10, stableReserve: 10)
        let k = pool.invariant
        try pool.swapExactIn(1, .sellCollateral)
        XCTAssertGreaterThan(pool.invariant, k)
    }
}
