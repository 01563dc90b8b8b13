import TestSupport
import XCTest
import Stochastic
@testable import CascadeModel

final class PopulationTests: XCTestCase {
    let assets = [Fixture.eth, Fixture.btc]
    let prices = OraclePrices(collateral: [2000, 40000])

    func testGeneratedPositionsHaveTheDrawnSizeAndHealth() throws {
        // Constant draws make the arithmetic checkable: debt 10,000 USD, HF 1.5; a basket 50/50 by value has
        // Σw·LT = 0.5·0.8 + 0.5·0.75 = 0.775, so V = 1.5·10000/0.775 = 19354.84 USD, half in each asset.
        let spec = PopulationSpec(count: 3, size: .constant(value: 10_000), initialHealthFactor: .constant(value: 1.5),
                                  assetWeights: [1, 1], mix: .basket)
        let book = try spec.generate(assets: assets, prices: prices, stream: RandomStream(seed: 1))
        XCTAssertEqual(book.count, 3)
        let v = 1.5 * 10_000 / 0.775
        assertClose(book.collateral(0, 0), v / 2 / 2000)
        assertClose(book.collateral(0, 1), v / 2 / 40000)
        assertClose(book.healthFactor(0, thresholds: [0.8, 0.75], prices: prices), 1.5)
    }

    func testRandomPopulationMatchesItsDistributions() throws {
        // Log-normal debt sizes and gamma health factors, single-asset mix 3:1. Every position's HF equals
        // the drawn HF, so the sample mean of HF must be near the gamma mean 1.6 (shape 16, scale 0.1,
        // sd 0.4): with n = 4000 the standard error is 0.4/√4000 = 0.0063; allow 4 standard errors.
        // The ETH share has sd √(0.75·0.25/4000) = 0.0068 around 0.75.
        let spec = PopulationSpec(count: 4000, size: .lognormal(zeta: 9, sigma: 1), initialHealthFactor: .gamma(shape: 16, scale: 0.1),
                                  assetWeights: [3, 1], mix: .single)
        let book = try spec.generate(assets: assets, prices: prices, stream: RandomStream(seed: 42))
        var hfSum = 0.0, eth = 0
        for p in 0..<book.count {
            hfSum += book.healthFactor(p, thresholds: [0.8, 0.75], prices: prices)
            let a0 = book.collateral(p, 0) > 0, a1 = book.collateral(p, 1) > 0
            XCTAssertTrue(a0 != a1, "single mix: exactly one asset")
            if a0 { eth += 1 }
        }
        XCTAssertEqual(hfSum / 4000, 1.6, accuracy: 4 * 0.4 / sqrt(4000))
        XCTAssertEqual(Double(eth) / 4000, 0.75, accuracy: 4 * sqrt(0.75 * 0.25 / 4000))
        // Same seed, same book.
        let again = try spec.generate(assets: assets, prices: prices, stream: RandomStream(seed: 42))
        XCTAssertEqual(again.debt, book.debt)
    }

    func testCollateralSizeMeasure() throws {
        // Collateral 10,000 USD in ETH, HF 2: debt = 10000·0.8/2 = 4000.
        let spec = PopulationSpec(count: 1, size: .constant(value: 10_000), sizeMeasure: .collateral,
                                  initialHealthFactor: .constant(value: 2), assetWeights: [1, 0])
        let book = try spec.generate(assets: assets, prices: prices, stream: RandomStream(seed: 1))
        assertClose(book.debt[0], 4000)
        assertClose(book.collateral(0, 0), 5)
    }

    func testInvalidSpecsAreReported() throws {
        let spec = PopulationSpec(count: -1, size: .lognormal(zeta: 0, sigma: -1), initialHealthFactor: .constant(value: 1),
                                  assetWeights: [0, 0])
        XCTAssertEqual(spec.validate(assetCount: 2).map(\.key), ["count", "size.sigma", "asset_weights"])
        let never = PopulationSpec(count: 1, size: .constant(value: -5), initialHealthFactor: .constant(value: 1), assetWeights: [1, 1])
        XCTAssertThrowsError(try never.generate(assets: assets, prices: prices, stream: RandomStream(seed: 1))) {
            XCTAssertEqual(($0 as? PopulationSpec.GenerationError)?.key, "size")
        }
    }

    func testSnapshotParses() throws {
        let csv = """
        # exported 2020-03-12
        id,ETH,BTC,debt
        a,10,0,8000
        b, 1.5 ,0.25,100

        c,0,0,0
        """
        let book = try PositionSnapshot.parse(csv, file: "positions.csv", assets: assets)
        XCTAssertEqual(book.count, 3)
        XCTAssertEqual(book.collateral(1, 0), 1.5)
        XCTAssertEqual(book.collateral(1, 1), 0.25)
        XCTAssertEqual(book.debt[0], 8000)
        let p = LendingProtocol(assets: assets, book: book, prices: prices)
        XCTAssertEqual(p.ledger.debtBorrowed, 8100)
        XCTAssertNil(p.conservationError())
    }

    func testSnapshotErrorsNameFileLineAndColumn() {
        func error(_ text: String) -> PositionSnapshotError? {
            do { _ = try PositionSnapshot.parse(text, file: "snap.csv", assets: assets); return nil } catch {
                return error as? PositionSnapshotError
            }
        }
        XCTAssertEqual(error("ETH,BTC,debt\n1,2,3\n1,x,3")?.description,
                       "snap.csv:3: column BTC: found \"x\", expected a finite number ≥ 0")
        XCTAssertEqual(error("ETH,BTC,debt\n1,2,-3")?.column, "debt")
        XCTAssertEqual(error("ETH,debt\n1,2")?.description,
                       "snap.csv:1: column BTC: found header ETH,debt, expected a column named BTC")
        XCTAssertEqual(error("ETH,BTC,debt\n1,2")?.description, "snap.csv:2: found 2 fields, expected 3 as in the header")
        XCTAssertEqual(error("")?.message, "found no header, expected a header line")
    }
}
