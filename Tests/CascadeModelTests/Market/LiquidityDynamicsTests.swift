import TestSupport
import XCTest
@testable import CascadeModel

final class LiquidityDynamicsTests: XCTestCase {
    let spec = LiquiditySpec(volatilityWindowSeconds: 600, volatilityThreshold: 1.0,
                             withdrawalFraction: 0.4, recoveryHalfLifeSeconds: 3_600)

    func testRealizedVolatilityAnnualizesSquaredReturns() {
        var v = RealizedVolatility(windowSeconds: 100)
        v.record(price: 100, at: 0)
        v.record(price: 100 * exp(0.01), at: 50)
        v.record(price: 100, at: 100)
        assertClose(v.annualized, (2 * 0.0001 / 100 * RealizedVolatility.secondsPerYear).squareRoot(), relativeTolerance: 1e-12)
        v.record(price: 100, at: 160)  // the return ending at 50 leaves the window (60, 160]
        assertClose(v.annualized, (0.0001 / 100 * RealizedVolatility.secondsPerYear).squareRoot(), relativeTolerance: 1e-12)
        v.record(price: 100, at: 1_000)
        XCTAssertEqual(v.annualized, 0)
    }

    func testWithdrawsOnStressAndRecoversWithHalfLifeAtConstantPrice() throws {
        var pool = try ConstantProductPool(collateralReserve: 1_000, stableReserve: 2_000_000)
        let price = pool.spotPrice
        let target = pool.liquidity
        var lps = LiquidityDynamics(spec: spec, targetLiquidity: target)
        XCTAssertEqual(lps.observe(price: 2_000, at: 0, pool: &pool), .none)
        // A 5% jump in 10 s is far above 100%/yr annualized over a 600 s window.
        XCTAssertEqual(lps.observe(price: 1_900, at: 10, pool: &pool), .withdrawal(factor: 0.6))
        assertClose(pool.liquidity, 0.6 * target, relativeTolerance: 1e-15)
        assertClose(pool.spotPrice, price, relativeTolerance: 1e-15)
        // Still stressed: no second withdrawal, no recovery.
        XCTAssertEqual(lps.observe(price: 1_800, at: 20, pool: &pool), .none)
        assertClose(pool.liquidity, 0.6 * target, relativeTolerance: 1e-15)
        // Once the jumps age out of the window the market is calm again (stressed interval: no recovery).
        XCTAssertEqual(lps.observe(price: 1_800, at: 620, pool: &pool), .none)
        XCTAssertFalse(lps.isStressed)
        // One half-life later the gap to the target has halved; the price has not moved.
        guard case .recovery = lps.observe(price: 1_800, at: 620 + 3_600, pool: &pool) else { return XCTFail() }
        assertClose(target - pool.liquidity, 0.5 * 0.4 * target, relativeTolerance: 1e-12)
        assertClose(pool.spotPrice, price, relativeTolerance: 1e-15)
        // And in two steps of half a half-life each, by the same total.
        lps.observe(price: 1_800, at: 620 + 5_400, pool: &pool)
        lps.observe(price: 1_800, at: 620 + 7_200, pool: &pool)
        assertClose(target - pool.liquidity, 0.25 * 0.4 * target, relativeTolerance: 1e-12)
    }

    func testSpecValidation() {
        XCTAssertEqual(spec.validate(), [])
        XCTAssertEqual(LiquiditySpec(recoveryHalfLifeSeconds: .infinity).validate(), [])
        let bad = LiquiditySpec(volatilityWindowSeconds: 0, volatilityThreshold: -1, withdrawalFraction: 1,
                                recoveryHalfLifeSeconds: 0).validate()
        XCTAssertEqual(bad.map(\.key), ["volatility_window_seconds", "volatility_threshold", "withdrawal_fraction",
                                        "recovery_half_life_seconds"])
    }
}
