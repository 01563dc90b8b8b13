import TestSupport
import XCTest
@testable import CascadeModel

final class BackstopPoolTests: XCTestCase {
    func testPartialAbsorptionLeavesTheRestOpen() throws {
        // Pool 5000, discount 10%. Position 10 ETH / 8000 at ETH 900 (HF 0.9): x = 5000, pool takes value
        // 5500 = 6.1111 ETH; left 3.8889 ETH against 3000: HF = 3.8889·900·0.8/3000 = 0.93333.
        var p = Fixture.single(collateral: 10, debt: 8000, price: 1000)
        var pool = BackstopPool(spec: BackstopPoolSpec(initialBalance: 5000, discount: 0.1))
        var results: [LiquidationResult] = []
        let prices = OraclePrices(collateral: [900])
        let a = try XCTUnwrap(pool.absorb(0, time: 0, prices: prices, protocol: &p, results: &results))
        assertClose(a.debtAbsorbed, 5000)
        assertClose(a.debtRemaining, 3000)
        XCTAssertEqual(results.count, 1)
        assertClose(results[0].collateralSeized, 5500.0 / 900)
        assertClose(results[0].bonusCollateral, 500.0 / 900)
        assertClose(a.healthFactorAfter, (10 - 5500.0 / 900) * 900 * 0.8 / 3000)
        XCTAssertEqual(pool.balance, 0)
        XCTAssertTrue(p.isLiquidatable(0, prices: prices), "remainder left for the fallback")
        XCTAssertNil(pool.absorb(0, time: 0, prices: prices, protocol: &p, results: &results), "empty pool")
        assertClose(p.ledger.collateralToPool[0], 5500.0 / 900)
        XCTAssertNil(p.conservationError())
    }

    func testRefillHalfLife() {
        // Empty pool, target 5000, half-life 3600 s: 2500 after 1 h, 3750 after 2 h.
        var pool = BackstopPool(spec: BackstopPoolSpec(initialBalance: 0, targetBalance: 5000, refillHalfLifeSeconds: 3600))
        pool.refill(to: 3600)
        assertClose(pool.balance, 2500)
        pool.refill(to: 7200)
        assertClose(pool.balance, 3750)
        assertClose(pool.refilled, 3750)
    }

    func testCollateralCappedAbsorptionWritesOffTheRest() throws {
        // 1 ETH at 900 vs 1000 debt: collateral value 900 < 1000·1.1 → take it all for x = 900/1.1 = 818.18;
        // 181.82 is written off.
        var p = Fixture.single(collateral: 1, debt: 1000, price: 1000)
        var pool = BackstopPool(spec: BackstopPoolSpec(initialBalance: 1e6, discount: 0.1))
        var results: [LiquidationResult] = []
        let a = try XCTUnwrap(pool.absorb(0, time: 0, prices: OraclePrices(collateral: [900]), protocol: &p, results: &results))
        assertClose(a.debtAbsorbed, 900 / 1.1)
        assertClose(a.badDebtWrittenOff, 1000 - 900 / 1.1)
        XCTAssertEqual(a.debtRemaining, 0)
        assertClose(pool.balance, 1e6 - 900 / 1.1)
        XCTAssertNil(p.conservationError())
    }

    func testMultiCollateralTakesEachAssetInProportion() throws {
        let pr = OraclePrices(collateral: [800, 16000])
        var p = LendingProtocol(assets: [Fixture.eth, Fixture.btc], prices: OraclePrices(collateral: [1000, 20000]))
        p.openPosition(collateral: [5, 0.5], debt: 10000, prices: OraclePrices(collateral: [1000, 20000]))
        var pool = BackstopPool(spec: BackstopPoolSpec(initialBalance: 1e6, discount: 0.05))
        var results: [LiquidationResult] = []
        // Value 12000; wanted 10000·1.05 = 10500 → share 0.875 of each holding; debt split 1/3 : 2/3.
        let a = try XCTUnwrap(pool.absorb(0, time: 0, prices: pr, protocol: &p, results: &results))
        assertClose(a.debtAbsorbed, 10000)
        XCTAssertEqual(results.map(\.asset), [0, 1])
        assertClose(results[0].collateralSeized, 5 * 0.875)
        assertClose(results[1].collateralSeized, 0.5 * 0.875)
        assertClose(results[0].debtRepaid, 10000.0 / 3)
        assertClose(results[0].debtRepaid + results[1].debtRepaid, 10000)
        XCTAssertNil(p.conservationError())
    }

    func testValidation() {
        // target_balance defaults to initial_balance, so it is reported too.
        let bad = BackstopPoolSpec(initialBalance: -1, refillHalfLifeSeconds: 0, discount: 1,
                                   fallback: .fixedSpread(FixedSpreadSpec(closeFactor: 2)))
        XCTAssertEqual(bad.validate().map(\.key), ["initial_balance", "target_balance", "refill_half_life_seconds", "discount", "fallback.close_factor"])  // full_close_factor 1.0 is not also blamed for close_factor 2
    }
}
