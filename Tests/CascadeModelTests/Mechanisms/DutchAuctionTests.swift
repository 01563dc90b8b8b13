import TestSupport
import XCTest
@testable import CascadeModel

final class DutchAuctionTests: XCTestCase {
    /// 10 ETH against 8000 debt; at ETH 900, HF = 10·900·0.8/8000 = 0.9.
    let prices = OraclePrices(collateral: [900])
    let spec = DutchAuctionSpec(chop: 1.13, buf: 1.2, curve: .linear(tauSeconds: 3600), tailSeconds: 3600, cusp: 0.2,
                                tip: 10, chip: 0.001, dust: 100)

    func setUpAuction(insurance: Double = 100) throws -> (DutchAuctionHouse, LendingProtocol) {
        var p = Fixture.single(collateral: 10, debt: 8000, price: 1000, insurance: InsuranceFundSpec(initialBalance: insurance))
        var house = DutchAuctionHouse(spec: spec)
        let ids = try house.bark(0, time: 0, prices: prices, protocol: &p)
        XCTAssertEqual(ids, 0..<1)
        return (house, p)
    }

    func testBarkMovesTheWholePositionAndPaysTheKeeper() throws {
        let (house, p) = try setUpAuction()
        // tab = 8000·1.13 = 9040, top = 900·1.2 = 1080; incentive 10 + 0.001·9040 = 19.04 from the fund.
        let a = house.auctions[0]
        assertClose(a.tab, 9040)
        assertClose(a.top, 1080)
        XCTAssertEqual(a.lot, 10)
        XCTAssertEqual(p.book.debt[0], 0)
        XCTAssertEqual(p.book.status[0], .closed)
        assertClose(p.insurance.balance, 100 - 19.04)
        assertClose(p.ledger.keeperIncentives, 19.04)
        XCTAssertEqual(p.ledger.collateralInAuction[0], 10)
        XCTAssertEqual(p.ledger.debtInAuction, 8000)
        XCTAssertNil(p.conservationError())
        var q = Fixture.single(collateral: 10, debt: 8000, price: 1000)
        var h = DutchAuctionHouse(spec: spec)
        XCTAssertThrowsError(try h.bark(0, time: 0, prices: OraclePrices(collateral: [1000]), protocol: &q)) {
            XCTAssertEqual($0 as? DutchAuctionError, .notLiquidatable)
        }
    }

    func testPartialTakesThenLotExhausted() throws {
        var (house, p) = try setUpAuction()
        // t = 720: price = 1080·(3600 − 720)/3600 = 864. Take 5: owe = 4320, tab 9040 → 4720 (> dust 100).
        let t1 = try house.take(0, amount: 5, maxPrice: 1000, time: 720, protocol: &p)
        assertClose(t1.price, 864)
        assertClose(t1.paid, 4320)
        assertClose(t1.principalRepaid, 4320)
        XCTAssertFalse(t1.finished)
        assertClose(house.auctions[0].tab, 4720)
        // t = 1080: price = 1080·2520/3600 = 756. Take the remaining 5: owe = 3780; principal left 3680 is
        // repaid, 100 is penalty; the lot is gone so the auction ends with 940 of penalty forgone, no shortfall.
        let t2 = try house.take(0, amount: 50, maxPrice: 1000, time: 1080, protocol: &p)
        assertClose(t2.collateralBought, 5)
        assertClose(t2.paid, 3780)
        assertClose(t2.principalRepaid, 3680)
        assertClose(t2.penaltyCollected, 100)
        XCTAssertEqual(t2.shortfall, 0)
        XCTAssertTrue(t2.finished)
        XCTAssertTrue(house.active.isEmpty)
        assertClose(p.ledger.debtRepaidByLiquidation, 8000)
        XCTAssertEqual(p.ledger.collateralToKeepers[0], 10)
        XCTAssertNil(p.conservationError())
    }

    func testTabCoveredReturnsLeftoverToOwner() throws {
        var (house, p) = try setUpAuction()
        // t = 0, price 1080: slice 10 would owe 10800 > tab 9040 → owe = 9040, slice = 9040/1080 = 8.370370…;
        // 1.629629… ETH goes back to the owner; principal 8000, penalty 1040 (all to the fund).
        let t = try house.take(0, amount: 100, maxPrice: 1080, time: 0, protocol: &p)
        assertClose(t.paid, 9040)
        assertClose(t.collateralBought, 9040.0 / 1080)
        assertClose(t.collateralReturned, 10 - 9040.0 / 1080)
        assertClose(t.penaltyCollected, 1040)
        XCTAssertTrue(t.finished)
        assertClose(p.ledger.collateralReturnedToOwners[0], 10 - 9040.0 / 1080)
        assertClose(p.insurance.balance, 100 - 19.04 + 1040)
        XCTAssertNil(p.conservationError())
    }

    func testShortfallWhenLotRunsOut() throws {
        var (house, p) = try setUpAuction(insurance: 1000)
        // t = 2700: price = 1080·900/3600 = 270 (price/top = 0.25 ≥ cusp 0.2). All 10 ETH for 2700: principal
        // 5300 unrecovered: the fund (1000 − 19.04) covers 980.96, net bad debt 4319.04.
        let t = try house.take(0, amount: 10, maxPrice: 270, time: 2700, protocol: &p)
        assertClose(t.paid, 2700)
        assertClose(t.shortfall, 5300)
        XCTAssertEqual(p.insurance.balance, 0)
        assertClose(p.insurance.netBadDebt, 5300 - (1000 - 19.04))
        assertClose(p.ledger.debtWrittenOff, 5300)
        XCTAssertNil(p.conservationError())
    }

    /// makerdao/dss @ fa4f6630, src/clip.sol `take` lines 371–376: a partial take may not leave 0 < tab <
    /// chost, with chost = dust · chop (`upchost`, line 462), not dust.
    func testPartialTakesLeaveAtLeastChost() throws {
        let dusty = DutchAuctionSpec(chop: 1.13, buf: 1.2, curve: .linear(tauSeconds: 3600), tailSeconds: 3600, cusp: 0.2, dust: 1000)
        XCTAssertEqual(dusty.chost, 1130, accuracy: 1e-9)
        var p = Fixture.single(collateral: 10, debt: 8000, price: 1000)
        var house = DutchAuctionHouse(spec: dusty)
        try house.bark(0, time: 0, prices: prices, protocol: &p)
        // Take 8 at 1080: owe 8640 would leave 400 < chost 1130 → owe = 9040 − 1130 = 7910, slice = 7.324….
        let t = try house.take(0, amount: 8, maxPrice: 1080, time: 0, protocol: &p)
        assertClose(t.paid, 7910)
        assertClose(t.collateralBought, 7910.0 / 1080)
        assertClose(house.auctions[0].tab, 1130)
        // Now tab = chost: a partial take is refused (Clipper/no-partial-purchase); the whole remainder is fine.
        XCTAssertThrowsError(try house.take(0, amount: 0.5, maxPrice: 1080, time: 0, protocol: &p)) {
            XCTAssertEqual($0 as? DutchAuctionError, .noPartialPurchase)
        }
        let rest = try house.take(0, amount: 10, maxPrice: 1080, time: 0, protocol: &p)
        assertClose(rest.paid, 1130)
        XCTAssertTrue(rest.finished)
        XCTAssertNil(p.conservationError())
    }

    /// clip.sol `redo` lines 300–301: the incentive is paid only when tab ≥ chost and lot · feed ≥ chost.
    func testRedoPaysTheIncentiveOnlyAboveChost() throws {
        // dust 7000 → chost 7910 < tab 9040: paid. dust 8100 → chost 9153 > tab: not paid.
        for (dust, paid) in [(7000.0, true), (8100.0, false)] {
            let s = DutchAuctionSpec(chop: 1.13, buf: 1.2, curve: .linear(tauSeconds: 3600), tailSeconds: 600, cusp: 0.2, tip: 10, dust: dust)
            var p = Fixture.single(collateral: 10, debt: 8000, price: 1000)
            var house = DutchAuctionHouse(spec: s)
            try house.bark(0, time: 0, prices: prices, protocol: &p)
            let before = p.ledger.keeperIncentives
            try house.redo(0, time: 700, prices: prices, protocol: &p)
            XCTAssertEqual(p.ledger.keeperIncentives - before, paid ? 10 : 0, "dust \(dust)")
        }
    }

    /// makerdao/dss @ fa4f6630, src/dog.sol `bark` (lines 170–237): room = min(Hole − Dirt, hole − dirt)
    /// (line 186), dart = min(art, room/chop); a dusty leftover is taken whole, a dusty partial auction refused
    /// (line 205); takes free room (`digs`, line 239).
    func testHoleLimitsBarksToPartialAuctionsAndTakesFreeRoom() throws {
        // Two vaults of 10 ETH / 8000 DAI at 900 (unsafe). hole 5650 = 5000·1.13: the first bark may auction
        // 5000 of 8000 debt (dink = 10·5000/8000 = 6.25 ETH), leaving 3000 DAI and 3.75 ETH in the vault.
        let limited = DutchAuctionSpec(chop: 1.13, buf: 1.2, curve: .linear(tauSeconds: 3600), tailSeconds: 3600, cusp: 0.2,
                                       dust: 100, hole: 5650, globalHole: 1e9)
        var p = Fixture.single(collateral: 10, debt: 8000, price: 1000)
        p.openPosition(collateral: [10], debt: 8000, prices: OraclePrices(collateral: [1000]))
        var house = DutchAuctionHouse(spec: limited)
        let ids = try house.bark(0, time: 0, prices: prices, protocol: &p)
        XCTAssertEqual(ids.count, 1)
        assertClose(house.auctions[0].principal, 5000)
        assertClose(house.auctions[0].tab, 5650)
        assertClose(house.auctions[0].lot, 6.25)
        assertClose(p.book.debt[0], 3000)
        assertClose(p.book.collateral(0, 0), 3.75)
        XCTAssertEqual(p.book.status[0], .open, "the rest stays in the vault")
        XCTAssertTrue(p.isLiquidatable(0, prices: prices), "at the same ratio as before")
        assertClose(house.totalDirt, 5650)
        XCTAssertEqual(house.room(asset: 0), 0, accuracy: 1e-9)
        // No room: both vaults' barks revert (Dog/liquidation-limit-hit).
        XCTAssertThrowsError(try house.bark(1, time: 0, prices: prices, protocol: &p)) {
            XCTAssertEqual($0 as? DutchAuctionError, .liquidationLimitHit)
        }
        // A take of 2 ETH at 1080 raises 2160 and digs it: room 2160 → dart 2160/1.13 = 1911.5 of vault 1's 8000.
        try house.take(0, amount: 2, maxPrice: 1080, time: 0, protocol: &p)
        assertClose(house.totalDirt, 5650 - 2160)
        try house.bark(1, time: 0, prices: prices, protocol: &p)
        assertClose(house.auctions[1].principal, 2160 / 1.13)
        assertClose(house.auctions[1].lot, 10 * (2160 / 1.13) / 8000)
        XCTAssertNil(p.conservationError())
    }

    func testAPartialBarkNeverLeavesADustyVaultOrStartsADustyAuction() throws {
        // Room for 7950 of 8000 with dust 100: the 50 left would be dust, so the whole vault goes (Dirt ends
        // above hole by at most dust·chop, as dog.sol's comment allows).
        let nearlyAll = DutchAuctionSpec(chop: 1.13, buf: 1.2, curve: .linear(tauSeconds: 3600), tailSeconds: 3600, cusp: 0.2,
                                         dust: 100, hole: 7950 * 1.13)
        var p = Fixture.single(collateral: 10, debt: 8000, price: 1000)
        var house = DutchAuctionHouse(spec: nearlyAll)
        try house.bark(0, time: 0, prices: prices, protocol: &p)
        assertClose(house.auctions[0].principal, 8000)
        XCTAssertEqual(p.book.status[0], .closed)
        // Room for 50 of 8000 with dust 100: the auction would be dust, so the bark reverts.
        let tiny = DutchAuctionSpec(chop: 1.13, buf: 1.2, curve: .linear(tauSeconds: 3600), tailSeconds: 3600, cusp: 0.2,
                                    dust: 100, hole: 50 * 1.13)
        var q = Fixture.single(collateral: 10, debt: 8000, price: 1000)
        var small = DutchAuctionHouse(spec: tiny)
        XCTAssertThrowsError(try small.bark(0, time: 0, prices: prices, protocol: &q)) {
            XCTAssertEqual($0 as? DutchAuctionError, .liquidationLimitHit)
        }
        XCTAssertEqual(q.book.debt[0], 8000)
    }

    func testResetAfterTailWithNewTopAndIncentive() throws {
        var (house, p) = try setUpAuction()
        XCTAssertThrowsError(try house.redo(0, time: 100, prices: prices, protocol: &p)) {
            XCTAssertEqual($0 as? DutchAuctionError, .cannotReset)
        }
        XCTAssertThrowsError(try house.take(0, amount: 1, maxPrice: 1e9, time: 3601, protocol: &p)) {
            XCTAssertEqual($0 as? DutchAuctionError, .needsReset)
        }
        XCTAssertThrowsError(try house.take(0, amount: 1, maxPrice: 500, time: 720, protocol: &p)) {
            XCTAssertEqual($0 as? DutchAuctionError, .tooExpensive(price: 864))
        }
        let before = p.insurance.balance
        try house.redo(0, time: 3601, prices: OraclePrices(collateral: [800]), protocol: &p)
        assertClose(house.auctions[0].top, 960)
        XCTAssertEqual(house.auctions[0].startTime, 3601)
        assertClose(p.insurance.balance, max(0, before - 19.04))
        assertClose(p.ledger.keeperIncentives, 2 * 19.04)
        XCTAssertEqual(house.status(0, time: 3601).price, 960)
    }

    func testCuspTriggersReset() throws {
        let (house, _) = try setUpAuction()
        // price/top < 0.2 once (3600 − dur)/3600 < 0.2, i.e. dur > 2880.
        XCTAssertFalse(house.status(0, time: 2880).needsReset)
        XCTAssertTrue(house.status(0, time: 2881).needsReset)
    }

    func testMultiCollateralSplitsDebtByValue() throws {
        let pr = OraclePrices(collateral: [1000, 20000])
        var p = LendingProtocol(assets: [Fixture.eth, Fixture.btc], prices: pr)
        p.openPosition(collateral: [5, 0.5], debt: 10000, prices: pr)
        var house = DutchAuctionHouse(spec: DutchAuctionSpec())
        let low = OraclePrices(collateral: [800, 16000])
        let ids = try house.bark(0, time: 0, prices: low, protocol: &p)
        // Values 4000 and 8000: principal 3333.33 and 6666.67.
        XCTAssertEqual(ids.count, 2)
        assertClose(house.auctions[0].principal, 10000.0 / 3)
        assertClose(house.auctions[1].principal, 20000.0 / 3)
        assertClose(house.principalHeld, 10000)
        XCTAssertEqual(house.collateralHeld(assetCount: 2), [5, 0.5])
        XCTAssertNil(p.conservationError())
    }
}
