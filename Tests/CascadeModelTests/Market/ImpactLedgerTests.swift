import TestSupport
import XCTest
@testable import CascadeModel

final class ImpactLedgerTests: XCTestCase {
    func testSaleOfV10MovesTenPercentAndComposesInLogSpace() {
        var ref = ReferencePrice(exogenousPrice: 2_000, spec: PriceImpactSpec(volumeFor10PctMoveUSD: 5e6))
        ref.applySale(usd: 5e6, generation: 0)
        assertClose(ref.price(), 1_800, relativeTolerance: 1e-14)
        // Two half-size sales equal one full-size sale.
        var split = ReferencePrice(exogenousPrice: 2_000, spec: PriceImpactSpec(volumeFor10PctMoveUSD: 5e6))
        split.applySale(usd: 2.5e6, generation: 0)
        split.applySale(usd: 2.5e6, generation: 0)
        assertClose(split.price(), 1_800, relativeTolerance: 1e-14)
    }

    func testDecompositionSumsAndCounterfactuals() {
        var ref = ReferencePrice(exogenousPrice: 1_500, spec: PriceImpactSpec(volumeFor10PctMoveUSD: 1e6))
        ref.applySale(usd: 3e5, generation: 0)
        ref.applySale(usd: 1e5, generation: 2)
        ref.applySale(usd: 2e5, generation: 1)
        ref.applySale(usd: 4e5, generation: 0)
        ref.setExogenousPrice(1_400)
        let l = ref.impactByGeneration
        XCTAssertEqual(l.count, 3)
        assertClose(l[0], log(0.9) * 0.7, relativeTolerance: 1e-14)
        assertClose(l[1], log(0.9) * 0.2, relativeTolerance: 1e-14)
        assertClose(l[2], log(0.9) * 0.1, relativeTolerance: 1e-14)
        assertClose(ref.price(), 1_400 * exp(l[0] + l[1] + l[2]), relativeTolerance: 1e-14)
        assertClose(ref.price(), 1_400 * 0.9, relativeTolerance: 1e-14)
        XCTAssertEqual(ref.counterfactualPrice(belowGeneration: 0), exp(ref.exogenousLogPrice))
        assertClose(ref.counterfactualPrice(belowGeneration: 0), 1_400, relativeTolerance: 1e-15)
        assertClose(ref.counterfactualPrice(belowGeneration: 1), 1_400 * exp(l[0]), relativeTolerance: 1e-14)
        assertClose(ref.counterfactualPrice(belowGeneration: 2), 1_400 * exp(l[0] + l[1]), relativeTolerance: 1e-14)
        XCTAssertEqual(ref.counterfactualPrice(belowGeneration: 3), ref.price())
        XCTAssertEqual(ref.counterfactualPrice(belowGeneration: 99), ref.price())
    }

    func testDecayHalvesAtTheHalfLifeInProportion() {
        var ref = ReferencePrice(exogenousPrice: 100, spec: PriceImpactSpec(volumeFor10PctMoveUSD: 1e6, impactHalfLifeSeconds: 600))
        ref.applySale(usd: 1e6, generation: 0)
        ref.applySale(usd: 3e6, generation: 1)
        let before = ref.impactByGeneration
        ref.decay(dt: 600)
        assertClose(ref.impactByGeneration[0], before[0] / 2, relativeTolerance: 1e-15)
        assertClose(ref.impactByGeneration[1], before[1] / 2, relativeTolerance: 1e-15)
        ref.decay(dt: 200)
        ref.decay(dt: 400)
        assertClose(ref.impactByGeneration[1], before[1] / 4, relativeTolerance: 1e-14)
        assertClose(ref.counterfactualPrice(belowGeneration: 0), 100, relativeTolerance: 1e-15)
    }

    func testZeroOrInfiniteHalfLifeIsPermanent() {
        for h in [0, Double.infinity] {
            var ref = ReferencePrice(exogenousPrice: 100, spec: PriceImpactSpec(volumeFor10PctMoveUSD: 1e6, impactHalfLifeSeconds: h))
            ref.applySale(usd: 1e6, generation: 0)
            ref.decay(dt: 1e9)
            assertClose(ref.price(), 90, relativeTolerance: 1e-14)
        }
    }

    func testUnattributedMoveUndoesGenerationsProRata() {
        var ledger = ImpactLedger(baseLogPrice: log(100))
        ledger.addImpact(-0.06, generation: 0)
        ledger.addImpact(-0.02, generation: 1)
        ledger.absorbUnattributedMove(0.04)  // undoes half of the −0.08
        assertClose(ledger.impactByGeneration[0], -0.03, relativeTolerance: 1e-14)
        assertClose(ledger.impactByGeneration[1], -0.01, relativeTolerance: 1e-14)
        assertClose(ledger.baseLogPrice, log(100), relativeTolerance: 1e-15)
        ledger.absorbUnattributedMove(0.10)  // undoes the rest; 0.06 moves the base
        XCTAssertEqual(Array(ledger.impactByGeneration), [0, 0])
        assertClose(ledger.baseLogPrice, log(100) + 0.06, relativeTolerance: 1e-14)
        ledger.addImpact(-0.05, generation: 0)
        ledger.absorbUnattributedMove(-0.01)  // same direction as the impact: base only
        assertClose(ledger.impactByGeneration[0], -0.05, relativeTolerance: 1e-14)
        assertClose(ledger.logPrice, log(100) + 0.06 - 0.05 - 0.01, relativeTolerance: 1e-14)
    }

    /// A pool's attribution follows its swaps: generation sales add to ℓ_g, arbitrage scales them.
    func testPoolAttributionThroughSalesAndArbitrage() throws {
        var pool = try ConstantProductPool(collateralReserve: 1_000, stableReserve: 2_000_000)
        let anchor = pool.spotPrice
        try pool.swapExactIn(30, .sellCollateral, generation: 0)
        let afterGen0 = pool.spotPrice
        try pool.swapExactIn(20, .sellCollateral, generation: 1)
        let l = pool.attribution.impactByGeneration
        assertClose(l[0], log(afterGen0 / anchor), relativeTolerance: 1e-13)
        assertClose(l[1], log(pool.spotPrice / afterGen0), relativeTolerance: 1e-13)
        assertClose(pool.attribution.counterfactualPrice(belowGeneration: 0), anchor, relativeTolerance: 1e-13)
        assertClose(pool.attribution.counterfactualPrice(belowGeneration: 1), afterGen0, relativeTolerance: 1e-13)
        // Arbitrage back toward the unchanged reference removes attributed impact pro rata.
        let trade = try XCTUnwrap(Arbitrage.optimalTrade(pool: pool, referencePrice: anchor))
        try pool.swapExactIn(trade.swap.amountIn, trade.swap.direction)
        let m = pool.attribution.impactByGeneration
        XCTAssertLessThan(abs(m[0]), abs(l[0]))
        assertClose(m[0] / m[1], l[0] / l[1], relativeTolerance: 1e-12)
        assertClose(pool.attribution.price(), pool.spotPrice, relativeTolerance: 1e-13)
        // Liquidity changes move neither price nor attribution.
        let ledger = pool.attribution
        pool.scaleLiquidity(by: 0.5)
        XCTAssertEqual(pool.attribution, ledger)
    }

    func testImpactSpecValidation() {
        XCTAssertEqual(PriceImpactSpec(volumeFor10PctMoveUSD: 1e7, impactHalfLifeSeconds: 3_600).validate(), [])
        XCTAssertEqual(PriceImpactSpec(volumeFor10PctMoveUSD: .infinity).validate(), [])
        let bad = PriceImpactSpec(volumeFor10PctMoveUSD: -5, impactHalfLifeSeconds: .nan).validate()
        XCTAssertEqual(bad.map(\.key), ["volume_for_10pct_move_usd", "impact_half_life_seconds"])
        XCTAssert(bad[0].message.hasPrefix("found -5.0"))
    }
}
