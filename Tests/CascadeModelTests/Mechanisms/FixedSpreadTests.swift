import TestSupport
import XCTest
@testable import CascadeModel

final class FixedSpreadTests: XCTestCase {
    func testHealthFactorFollowsGenericLogic() {
        // 10 ETH · 1000 · 0.8 / 8000 = 1.0; with no debt, +∞.
        let p = Fixture.single(collateral: 10, debt: 8000, price: 1000)
        assertClose(p.healthFactor(0, prices: OraclePrices(collateral: [1000])), 1.0)
        XCTAssertFalse(p.isLiquidatable(0, prices: OraclePrices(collateral: [1000])))
        // Debt asset depegs up to 1.25: HF = 8000 / (8000 · 1.25) = 0.8.
        assertClose(p.healthFactor(0, prices: OraclePrices(collateral: [1000], debt: 1.25)), 0.8)
        let empty = Fixture.single(collateral: 1, debt: 0, price: 1000)
        XCTAssertEqual(empty.healthFactor(0, prices: OraclePrices(collateral: [1])), .infinity)
    }

    func testCloseFactorIsHalfAboveThresholdAndFullAtOrBelow() {
        let spec = FixedSpreadSpec()
        XCTAssertEqual(spec.closeFactor(atHealthFactor: 0.99), 0.5)
        XCTAssertEqual(spec.closeFactor(atHealthFactor: 0.950_000_1), 0.5)
        XCTAssertEqual(spec.closeFactor(atHealthFactor: 0.95), 1.0)
        XCTAssertEqual(spec.closeFactor(atHealthFactor: 0.3), 1.0)
        let custom = FixedSpreadSpec(closeFactor: 0.25, fullCloseFactor: 0.8, closeFactorHealthThreshold: 0.9)
        XCTAssertEqual(custom.closeFactor(atHealthFactor: 0.91), 0.25)
        XCTAssertEqual(custom.closeFactor(atHealthFactor: 0.9), 0.8)
    }

    func testHalfCloseWithBonusAndProtocolFee() throws {
        // ETH 960: HF = 10·960·0.8/8000 = 0.96 > 0.95 → close factor 0.5 → x = 4000.
        // seized = 4000/960·1.05 = 4.375 ETH; bonus = 4.375 − 4.375/1.05 = 0.208333…; fee 10% = 0.0208333…
        // after: 5.625 ETH, debt 4000, HF = 5.625·960·0.8/4000 = 1.08.
        var p = Fixture.single(collateral: 10, debt: 8000, price: 1000)
        let prices = OraclePrices(collateral: [960])
        let r = try XCTUnwrap(p.liquidateFixedSpread(0, spec: FixedSpreadSpec(protocolFeeShare: 0.1), prices: prices))
        assertClose(r.debtRepaid, 4000)
        assertClose(r.collateralSeized, 4.375)
        assertClose(r.bonusCollateral, 4.375 - 4.375 / 1.05)
        assertClose(r.protocolFeeCollateral, 0.1 * (4.375 - 4.375 / 1.05))
        assertClose(r.collateralToLiquidator, 4.375 - 0.1 * (4.375 - 4.375 / 1.05))
        assertClose(r.healthFactorBefore, 0.96)
        assertClose(r.healthFactorAfter, 1.08)
        assertClose(p.book.collateral(0, 0), 5.625)
        assertClose(p.book.debt[0], 4000)
        // Fee valued at the oracle goes to the insurance fund (share 1 by default).
        assertClose(p.insurance.balance, 0.1 * (4.375 - 4.375 / 1.05) * 960)
        XCTAssertNil(p.conservationError())
        // Healthy now: a second call does nothing.
        XCTAssertNil(p.liquidateFixedSpread(0, spec: FixedSpreadSpec(), prices: prices))
    }

    func testFullCloseAtOrBelowThreshold() throws {
        // ETH 950: HF = 0.95 → close factor 1 → x = 8000, seized = 8000/950·1.05 = 8.842105… ETH.
        var p = Fixture.single(collateral: 10, debt: 8000, price: 1000)
        let r = try XCTUnwrap(p.liquidateFixedSpread(0, spec: FixedSpreadSpec(), prices: OraclePrices(collateral: [950])))
        assertClose(r.debtRepaid, 8000)
        assertClose(r.collateralSeized, 8000.0 / 950 * 1.05)
        XCTAssertEqual(r.healthFactorAfter, .infinity)
        XCTAssertEqual(p.book.debt[0], 0)
    }

    func testCollateralCappedCaseSeizesAllAndWritesOffTheRest() throws {
        // 1 ETH at 900 vs 1000 debt: HF = 0.72. Wanted seizure 1000/900·1.05 = 1.1667 > 1 ETH, so all 1 ETH is
        // seized and the debt covered shrinks to 1·900/1/1.05 = 857.142857…; 142.857… is left with no
        // collateral: written off (v3.3 _burnBadDebt). Insurance fund 100 covers 100, net bad debt 42.857….
        var p = Fixture.single(collateral: 1, debt: 1000, price: 1000, insurance: InsuranceFundSpec(initialBalance: 100))
        let r = try XCTUnwrap(p.liquidateFixedSpread(0, spec: FixedSpreadSpec(burnBadDebt: true), prices: OraclePrices(collateral: [900])))
        XCTAssertEqual(r.collateralSeized, 1)
        assertClose(r.debtRepaid, 900 / 1.05)
        assertClose(r.badDebtWrittenOff, 1000 - 900 / 1.05)
        XCTAssertEqual(p.book.debt[0], 0)
        XCTAssertEqual(p.insurance.balance, 0)
        assertClose(p.insurance.netBadDebt, 1000 - 900 / 1.05 - 100)
        assertClose(p.ledger.debtWrittenOff, 1000 - 900 / 1.05)
        XCTAssertNil(p.conservationError())
        // Without the write-off (Aave before v3.3, Compound v2) the 142.857 stays on an empty account that can
        // no longer be liquidated; the fund is not drawn.
        var q = Fixture.single(collateral: 1, debt: 1000, price: 1000, insurance: InsuranceFundSpec(initialBalance: 100))
        let s = try XCTUnwrap(q.liquidateFixedSpread(0, spec: FixedSpreadSpec(burnBadDebt: false), prices: OraclePrices(collateral: [900])))
        XCTAssertEqual(s.badDebtWrittenOff, 0)
        assertClose(q.book.debt[0], 1000 - 900 / 1.05)
        XCTAssertEqual(q.book.status[0], .deficit)
        assertClose(q.deficitDebt, 1000 - 900 / 1.05)
        XCTAssertFalse(q.isLiquidatable(0, prices: OraclePrices(collateral: [900])))
        XCTAssertEqual(q.insurance.balance, 100)
        XCTAssertEqual(q.ledger.debtWrittenOff, 0)
        XCTAssertNil(q.conservationError())
    }

    /// aave-dao/aave-v3-origin @ 027aaed7, `LiquidationLogic.sol` `executeLiquidationCall`, the
    /// MUST_NOT_LEAVE_DUST check (lines 237–255): a partial liquidation must leave ≥ MIN_LEFTOVER_BASE of
    /// debt and of collateral, or revert.
    func testDustRuleRevertsAndTheLiquidatorPicksAnAmountThatComplies() throws {
        // ETH 185: HF = 10·185·0.8/1500 = 0.98667 → close factor 0.5 → x = 750 would leave 750 USD < 1000 of
        // debt: the call reverts (no extension beyond the close factor).
        var p = Fixture.single(collateral: 10, debt: 1500, price: 200)
        let spec = FixedSpreadSpec(minLeftoverUSD: 1000)
        let prices = OraclePrices(collateral: [185])
        XCTAssertNil(p.quoteFixedSpread(0, spec: spec, prices: prices))
        XCTAssertNil(p.liquidateFixedSpread(0, requestedDebt: 750, spec: spec, prices: prices))
        XCTAssertEqual(p.book.debt[0], 1500, "a reverted call changes nothing")
        // The largest compliant amount: debt left ≥ 1000 → x ≤ 500; collateral left 10 − 500/185·1.05 =
        // 7.162 ETH = 1325 USD ≥ 1000. So 500 (a hair below).
        let q = try XCTUnwrap(p.quoteFixedSpreadLeavingNoDust(0, spec: spec, prices: prices))
        XCTAssertEqual(q.debtRepaid, 500, accuracy: 1e-6)
        let r = try XCTUnwrap(p.liquidateFixedSpread(0, requestedDebt: q.debtRepaid, spec: spec, prices: prices))
        XCTAssertGreaterThanOrEqual(p.book.debt[0], 1000)
        assertClose(r.collateralSeized, q.debtRepaid / 185 * 1.05)
        // Without the rule: half.
        var u = Fixture.single(collateral: 10, debt: 1500, price: 200)
        assertClose(try XCTUnwrap(u.liquidateFixedSpread(0, spec: FixedSpreadSpec(), prices: prices)).debtRepaid, 750)
        // With v3.3's pair (2000, 1000) the position is small (1500 < 2000), so it may be closed in full, which
        // leaves no dust.
        var v = Fixture.single(collateral: 10, debt: 1500, price: 200)
        let v33 = FixedSpreadSpec(fullCloseBelowUSD: 2000, minLeftoverUSD: 1000)
        assertClose(try XCTUnwrap(v.liquidateFixedSpread(0, spec: v33, prices: prices)).debtRepaid, 1500)
    }

    /// A liquidator sends the repayment its quote gave; re-asked for exactly that, a collateral-capped quote
    /// must take all of the collateral again. Rounding once made it take all but an ulp, which left "dust" and
    /// reverted every such call under the dust rule (half a million dropped bundles in a −35% crash).
    func testReAskingForACappedQuotesRepaymentTakesAllTheCollateral() throws {
        var rng = SplitMix64(seed: 15)
        let spec = FixedSpreadSpec(protocolFeeShare: 0.1, fullCloseBelowUSD: 2000, minLeftoverUSD: 1000)
        var capped = 0
        for _ in 0..<2000 {
            let c = rng.uniform(0.5, 40), debt = rng.uniform(1000, 60_000)
            var p = Fixture.single(collateral: c, debt: debt, price: 3000)
            let prices = OraclePrices(collateral: [debt / c * rng.uniform(0.6, 0.99)])  // HF = LT·ratio < 0.8
            guard let q = p.quoteFixedSpread(0, spec: spec, prices: prices), q.collateralSeized == c else { continue }
            capped += 1
            let again = try XCTUnwrap(p.quoteFixedSpread(0, requestedDebt: q.debtRepaid, spec: spec, prices: prices))
            XCTAssertEqual(again.collateralSeized, c)
            XCTAssertEqual(again.debtRepaid, q.debtRepaid)
            XCTAssertNotNil(p.liquidateFixedSpread(0, requestedDebt: q.debtRepaid, spec: spec, prices: prices))
            XCTAssertTrue(p.book.hasNoCollateral(0))
        }
        XCTAssertGreaterThan(capped, 1000)
    }

    func testDustRuleChecksCollateralLeftBeforeTheFee() throws {
        // 3 ETH at 700 (2100 USD) + debt 2500 at 0.8 LT: HF = 0.672 → full close factor; asking for 1000 seizes
        // 1000/700·1.05 = 1.5 ETH, fee 10% of the bonus = 0.1·(1.5 − 1.5/1.05) = 0.0071429 ETH. v3.3 checks
        // balance − (seized − fee) = 3 − 1.4928571 = 1.5071429 ETH = 1055 USD ≥ 1000: allowed, although the
        // balance after the fee is 1.5 ETH = 1050 USD.
        var p = Fixture.single(collateral: 3, debt: 2500, price: 1000)
        let prices = OraclePrices(collateral: [700])
        let spec = FixedSpreadSpec(protocolFeeShare: 0.1, minLeftoverUSD: 1000)
        XCTAssertNotNil(p.quoteFixedSpread(0, requestedDebt: 1000, spec: spec, prices: prices))
        // Asking for 1050 seizes 1.575 ETH (less fee 0.0075): 3 − 1.5675 = 1.4325 ETH = 1002.75 USD: allowed;
        // 1100 → 1.65 − 0.00786 = 1.64214, left 1.35786 ETH = 950.5 USD: reverts.
        XCTAssertNotNil(p.quoteFixedSpread(0, requestedDebt: 1050, spec: spec, prices: prices))
        XCTAssertNil(p.quoteFixedSpread(0, requestedDebt: 1100, spec: spec, prices: prices))
        // The most that complies: (3 − 1000/700)·700/(1.05 − 0.1·0.05) = 1100/1.045 = 1052.63.
        let q = try XCTUnwrap(p.quoteFixedSpreadLeavingNoDust(0, atMost: 1100, spec: spec, prices: prices))
        XCTAssertEqual(q.debtRepaid, 1100 / 1.045, accuracy: 1e-6)
        _ = try XCTUnwrap(p.liquidateFixedSpread(0, requestedDebt: q.debtRepaid, spec: spec, prices: prices))
    }

    /// The same file, lines 195–198: the 50% cap applies only while the seized reserve's collateral and the debt
    /// are both worth at least MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD.
    func testSmallPositionRuleComparesTheSeizedReserveNotTheWholePosition() throws {
        // 1.5 ETH at 1000 (LT 0.8) + 0.5 BTC at 20,280 (LT 0.75), debt 9172: HF = (1200 + 7605)/9172 = 0.95999,
        // above 0.95, so the close factor is 0.5 for a large reserve.
        var p = LendingProtocol(assets: [Fixture.eth, Fixture.btc], prices: OraclePrices(collateral: [1000, 30000]))
        p.openPosition(collateral: [1.5, 0.5], debt: 9172, prices: OraclePrices(collateral: [1000, 30000]))
        let prices = OraclePrices(collateral: [1000, 20280])
        let hf = p.healthFactor(0, prices: prices)
        XCTAssertGreaterThan(hf, 0.95)
        XCTAssertLessThan(hf, 1)
        let spec = FixedSpreadSpec(fullCloseBelowUSD: 2000)
        // Seizing ETH, a 1500-USD reserve (< 2000): the whole debt may be covered; the position's 11,640 USD
        // of collateral does not matter. ETH runs out first: x = 1.5·1000/1.05 (collateral-capped).
        let eth = try XCTUnwrap(p.quoteFixedSpread(0, asset: 0, spec: spec, prices: prices))
        assertClose(eth.debtRepaid, 1500 / 1.05)
        XCTAssertEqual(eth.collateralSeized, 1.5)
        // Seizing BTC (a 10,140-USD reserve ≥ 2000; debt ≥ 2000) keeps the 50% close factor.
        let btc = try XCTUnwrap(p.quoteFixedSpread(0, asset: 1, spec: spec, prices: prices))
        assertClose(btc.debtRepaid, 9172 / 2)
    }

    func testLiquidatorPicksLargestCollateralByDefault() throws {
        var p = LendingProtocol(assets: [Fixture.eth, Fixture.btc], prices: OraclePrices(collateral: [1000, 20000]))
        let prices0 = OraclePrices(collateral: [1000, 20000])
        // 5 ETH (5000 USD) + 0.5 BTC (10000 USD), debt 10000: HF = (4000 + 7500)/10000 = 1.15.
        p.openPosition(collateral: [5, 0.5], debt: 10000, prices: prices0)
        let prices = OraclePrices(collateral: [800, 16000])  // HF = (3200 + 6000)/10000 = 0.92
        XCTAssertEqual(p.largestCollateral(0, prices: prices), 1)
        let r = try XCTUnwrap(p.liquidateFixedSpread(0, spec: FixedSpreadSpec(), prices: prices))
        // Close factor 1 (HF ≤ 0.95), x = 10000, BTC bonus 10%: 10000/16000·1.1 = 0.6875 > 0.5 BTC → capped:
        // seize 0.5 BTC, x = 0.5·16000/1.1 = 7272.727…
        XCTAssertEqual(r.asset, 1)
        XCTAssertEqual(r.collateralSeized, 0.5)
        assertClose(r.debtRepaid, 8000 / 1.1)
        XCTAssertEqual(r.badDebtWrittenOff, 0, "ETH remains, so the rest of the debt stays open")
        // Left: 5 ETH·800·0.8 = 3200 against 10000 − 7272.73 = 2727.27: HF = 1.1733, healthy again.
        assertClose(r.healthFactorAfter, 3200 / (10000 - 8000 / 1.1))
        XCTAssertNil(p.liquidateFixedSpread(0, asset: 0, spec: FixedSpreadSpec(), prices: prices))
        XCTAssertNil(p.conservationError())
    }

    /// Warmuz et al. (2022): repaying x of D while seizing (1 + i)·x of value at constant prices gives
    /// HF' − HF = x·(HF − LT·(1 + i))/(D − x), so a liquidation lowers HF exactly when HF < LT·(1 + i).
    /// (REFERENCES.md prints the numerator as LT·(1 + i) − HF; that sign contradicts its own sentence and
    /// the algebra: HF' = (C − (1+i)x)·LT/(D − x) with C·LT = HF·D.)
    func testToxicLiquidationIdentity() throws {
        var rng = SplitMix64(seed: 7)
        var lowered = 0, raised = 0
        for _ in 0..<2000 {
            let lt = rng.uniform(0.5, 0.97), bonus = rng.uniform(0, 0.25), hf = rng.uniform(0.5, 0.999)
            let asset = CollateralAsset(name: "X", loanToValue: lt * 0.9, liquidationThreshold: lt, liquidationBonus: bonus)
            let debt = rng.uniform(100, 1e6), price = rng.uniform(0.1, 1e4)
            let c = hf * debt / (price * lt)
            var p = LendingProtocol(assets: [asset], prices: OraclePrices(collateral: [price]))
            p.openPosition(collateral: [c], debt: debt, prices: OraclePrices(collateral: [price]))
            // Keep x below the collateral cap: (1 + i)·x ≤ C = c·price.
            let x = rng.uniform(0, 1) * min(debt * 0.99, c * price / (1 + bonus))
            guard x > 0 else { continue }
            let prices = OraclePrices(collateral: [price])
            let r = try XCTUnwrap(p.liquidateFixedSpread(0, requestedDebt: x, spec: FixedSpreadSpec(closeFactor: 1), prices: prices))
            assertClose(r.debtRepaid, x)
            let predicted = x * (hf - lt * (1 + bonus)) / (debt - x)
            assertClose(r.healthFactorAfter - r.healthFactorBefore, predicted, relativeTolerance: 1e-7)
            XCTAssertEqual(r.healthFactorAfter < r.healthFactorBefore, hf < lt * (1 + bonus))
            if hf < lt * (1 + bonus) { lowered += 1 } else { raised += 1 }
        }
        XCTAssertGreaterThan(lowered, 100)
        XCTAssertGreaterThan(raised, 100)
    }

    func testValidationNamesKeysAndValues() {
        let bad = FixedSpreadSpec(closeFactor: 0, fullCloseFactor: 1.5, protocolFeeShare: -0.1)
        let keys = bad.validate().map(\.key)
        XCTAssertEqual(keys, ["close_factor", "full_close_factor", "protocol_fee_share"])
        XCTAssertEqual(bad.validate()[0].message, "found 0.0, expected a number in (0, 1]")
        let asset = CollateralAsset(name: "ETH", loanToValue: 0.9, liquidationThreshold: 0.8, liquidationBonus: -0.1)
        XCTAssertEqual(asset.validate().map(\.key), ["ltv", "liquidation_bonus"])
        // LT·(1 + i) > 1 is allowed on purpose (toxic-spiral scenarios).
        XCTAssertTrue(CollateralAsset(name: "T", loanToValue: 0.9, liquidationThreshold: 0.97, liquidationBonus: 0.1).validate().isEmpty)
    }
}
