import TestSupport
import XCTest
@testable import CascadeModel

final class EnglishAuctionTests: XCTestCase {
    let prices = OraclePrices(collateral: [900])
    /// Black Thursday settings: beg 3%, ttl 10 min, tau 6 h.
    let spec = EnglishAuctionSpec(chop: 1.13, beg: 1.03, ttlSeconds: 600, tauSeconds: 21600)

    func kicked(insurance: Double = 0) throws -> (EnglishAuctionHouse, LendingProtocol) {
        var p = Fixture.single(collateral: 10, debt: 8000, price: 1000, insurance: InsuranceFundSpec(initialBalance: insurance))
        var house = EnglishAuctionHouse(spec: spec)
        XCTAssertEqual(try house.kick(0, time: 0, prices: prices, protocol: &p), 0..<1)
        return (house, p)
    }

    /// makerdao/dss @ 1d3ce60a, src/cat.sol `bite` lines 127–128: lot = min(ink, lump), art' = min(art,
    /// lot·art/ink); the rest of the vault stays for another bite.
    func testLumpSplitsALargeVaultIntoSeveralBites() throws {
        // 120 ETH / 96,000 DAI at 900 (HF 0.9 at LT 0.8), lump 50: bites of 50, 50 and 20 ETH with 40,000,
        // 40,000 and 16,000 DAI of debt (tab · 1.13 each).
        var p = Fixture.single(collateral: 120, debt: 96_000, price: 1000)
        var house = EnglishAuctionHouse(spec: EnglishAuctionSpec(chop: 1.13, beg: 1.03, ttlSeconds: 600, tauSeconds: 21600, lump: 50))
        for (lot, art) in [(50.0, 40_000.0), (50, 40_000), (20, 16_000)] {
            XCTAssertTrue(p.isLiquidatable(0, prices: prices), "still unsafe at the same ratio")
            let ids = try house.kick(0, time: 0, prices: prices, protocol: &p)
            XCTAssertEqual(ids.count, 1)
            let a = house.auctions[ids.lowerBound]
            assertClose(a.lot, lot)
            assertClose(a.principal, art)
            assertClose(a.tab, art * 1.13)
            XCTAssertNil(p.conservationError())
        }
        XCTAssertEqual(p.book.status[0], .closed)
        XCTAssertEqual(p.book.debt[0], 0)
        XCTAssertThrowsError(try house.kick(0, time: 0, prices: prices, protocol: &p))
        // A vault within one lump goes in one bite, as without the limit.
        var q = Fixture.single(collateral: 10, debt: 8000, price: 1000)
        var one = EnglishAuctionHouse(spec: EnglishAuctionSpec(lump: 50))
        XCTAssertEqual(try one.kick(0, time: 0, prices: prices, protocol: &q), 0..<1)
        XCTAssertEqual(q.book.status[0], .closed)
    }

    func testLoneZeroBidWinsAndTheWholePrincipalIsShortfall() throws {
        var (house, p) = try kicked(insurance: 500)
        assertClose(house.auctions[0].tab, 9040)
        XCTAssertFalse(house.canDeal(0, time: 30000), "no bid: cannot deal, only tick")
        try house.tend(0, bidder: 7, bid: 0, time: 10)
        XCTAssertFalse(house.canDeal(0, time: 610))
        let deal = try house.deal(0, time: 611, protocol: &p)
        // 10 ETH for 0 DAI: shortfall = principal 8000; fund 500 covers 500, net bad debt 7500.
        XCTAssertEqual(deal.winner, 7)
        XCTAssertEqual(deal.paid, 0)
        XCTAssertEqual(deal.collateralBought, 10)
        XCTAssertEqual(deal.shortfall, 8000)
        XCTAssertEqual(p.insurance.netBadDebt, 7500)
        XCTAssertNil(p.conservationError())
    }

    func testTendThenDentThenDeal() throws {
        var (house, p) = try kicked()
        try house.tend(0, bidder: 1, bid: 100, time: 20)
        // Next bid must reach 1.03·100 = 103.
        XCTAssertEqual(house.validateTend(0, bid: 102, time: 30), .insufficientIncrease(minimum: 103))
        XCTAssertEqual(house.validateTend(0, bid: 100, time: 30), .bidNotHigher)
        try house.tend(0, bidder: 2, bid: 103, time: 30)
        XCTAssertEqual(house.validateTend(0, bid: 9041, time: 40), .higherThanTab)
        XCTAssertEqual(house.validateDent(0, lot: 9, time: 40), .tendNotFinished)
        // The full tab may be bid even below beg·bid.
        try house.tend(0, bidder: 3, bid: 9040, time: 40)
        XCTAssertEqual(house.validateTend(0, bid: 9040, time: 50), .dentPhase)
        // Dent: lot must fall to at most 10/1.03 = 9.7087….
        XCTAssertEqual(house.validateDent(0, lot: 9.8, time: 50), .insufficientDecrease(maximum: 10 / 1.03))
        XCTAssertEqual(house.validateDent(0, lot: 10, time: 50), .lotNotLower)
        try house.dent(0, bidder: 4, lot: 9.5, time: 50, protocol: &p)
        assertClose(p.ledger.collateralReturnedToOwners[0], 0.5)
        // Bid expiry 50 + 600 = 650.
        XCTAssertEqual(house.validateDent(0, lot: 9, time: 650), .bidExpired)
        XCTAssertThrowsError(try house.deal(0, time: 650, protocol: &p))
        let deal = try house.deal(0, time: 651, protocol: &p)
        XCTAssertEqual(deal.winner, 4)
        XCTAssertEqual(deal.paid, 9040)
        XCTAssertEqual(deal.collateralBought, 9.5)
        XCTAssertEqual(deal.principalRepaid, 8000)
        XCTAssertEqual(deal.penaltyCollected, 1040)
        XCTAssertEqual(deal.shortfall, 0)
        XCTAssertNil(p.conservationError())
        XCTAssertEqual(house.validateTend(0, bid: 1, time: 700), .notRunning)
    }

    func testAuctionEndBoundsBiddingAndTickRestarts() throws {
        var (house, _) = try kicked()
        XCTAssertEqual(house.validateTend(0, bid: 10, time: 21600), .auctionEnded)
        XCTAssertThrowsError(try house.tick(0, time: 100))
        try house.tick(0, time: 21601)
        XCTAssertEqual(house.auctions[0].end, 21601 + 21600)
        XCTAssertNil(house.validateTend(0, bid: 10, time: 21700))
        // Bids keep extending by ttl, but never past end.
        try house.tend(0, bidder: 1, bid: 10, time: 43000)
        XCTAssertTrue(house.canDeal(0, time: 43202), "end 43201 passed before the bid expiry 43600")
    }
}
