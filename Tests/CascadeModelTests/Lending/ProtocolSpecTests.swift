import TestSupport
import XCTest
@testable import CascadeModel

final class ProtocolSpecTests: XCTestCase {
    func testKeysArePrefixedBySection() {
        let spec = ProtocolSpec(
            collateral: [Fixture.eth, CollateralAsset(name: "ETH", loanToValue: 0.5, liquidationThreshold: 1.2, liquidationBonus: 0.05)],
            liquidation: .dutchAuction(DutchAuctionSpec(chop: 0.9, cusp: 1.5)),
            insurance: InsuranceFundSpec(penaltyShare: 2))
        XCTAssertEqual(spec.validate().map(\.key), [
            "collateral[1].liquidation_threshold", "collateral[1].name", "liquidation.chop", "liquidation.cusp",
            "insurance.penalty_share",
        ])
        XCTAssertEqual(spec.validate()[2].description, "liquidation.chop: found 0.9, expected a number ≥ 1")
        XCTAssertEqual(MechanismSpec.englishAuction(EnglishAuctionSpec()).name.rawValue, "english-auction")
        XCTAssertTrue(ProtocolSpec(collateral: [Fixture.eth], liquidation: .fixedSpread(FixedSpreadSpec())).validate().isEmpty)
    }

    func testBorrowerActionsKeepTheLedgerAndIndexInStep() {
        var p = Fixture.single(collateral: 10, debt: 5000, price: 1000)
        let prices = OraclePrices(collateral: [1000])
        // LTV 0.75: capacity 7500 − 5000 = 2500.
        assertClose(p.borrowingCapacity(0, prices: prices), 2500)
        p.borrow(0, amount: 2500, prices: prices)
        p.repay(0, amount: 500, prices: prices)
        p.withdraw(0, asset: 0, amount: 1, prices: prices)
        p.deposit(0, asset: 0, amount: 0.5, prices: prices)
        XCTAssertEqual(p.ledger.debtBorrowed, 7500)
        XCTAssertEqual(p.ledger.debtRepaidByOwners, 500)
        XCTAssertEqual(p.book.debt[0], 7000)
        XCTAssertEqual(p.book.collateral(0, 0), 9.5)
        XCTAssertNil(p.conservationError())
        // 9.5·1000·0.8 = 7600 ≥ 7000: healthy; at 900, 6840 < 7000: the index flags it.
        var newly: [Int] = []
        p.refreshLiquidatable(prices: OraclePrices(collateral: [900]), into: &newly)
        XCTAssertEqual(newly, [0])
    }
}
