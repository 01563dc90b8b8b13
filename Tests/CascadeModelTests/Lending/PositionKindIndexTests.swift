import TestSupport
import XCTest
@testable import CascadeModel

/// A toy position kind with both directions of trigger, to check that the liquidation index works through
/// ``PositionKind`` and not only for lending books: longs lose health as their asset falls, shorts as it rises.
///
///     long:  h = c·P·m / D          (a lending position on one asset: trigger P/h crossed falling)
///     short: h = D / (c·P·m)        (liquidatable as P rises: trigger P·h crossed rising)
///
/// For a short at health h ≥ 1, h(P') = h·P/P' ≥ 1 while P' ≤ P·h; at h < 1 it heals only once P' ≤ P·h.
struct ToyBook: PositionKind {
    var isShort: [Bool] = []
    var asset: [Int] = []
    var amount: [Double] = []
    var debt: [Double] = []
    let dimensionCount: Int

    var count: Int { isShort.count }

    func health(_ p: Int, _ margin: Double, prices: OraclePrices) -> Double {
        let value = amount[p] * prices.collateral[asset[p]] * margin
        if isShort[p] { return value > 0 ? debt[p] / value : .infinity }
        return debt[p] > 0 ? value / debt[p] : .infinity
    }

    func triggerPrice(_ a: Int, prices: OraclePrices) -> Double { prices.collateral[a] }

    func forEachTrigger(_ p: Int, health h: Double, prices: OraclePrices, liquidation: Bool,
                        _ body: (Int, Double, TriggerDirection) -> Void) {
        let price = prices.collateral[asset[p]]
        if isShort[p] {
            body(asset[p], price * h, liquidation ? .rising : .falling)
        } else if liquidation || h > 0 {
            body(asset[p], price / h, liquidation ? .falling : .rising)
        }
    }

    func sizeKey(_ p: Int) -> Double { debt[p] }

    func shortfallTerms(_ p: Int, assetTerms: inout [Double]) -> (constant: Double, debtTerm: Double) {
        for a in 0..<dimensionCount { assetTerms[a] = a == asset[p] ? amount[p] : 0 }
        return (0, debt[p])
    }
}

final class PositionKindIndexTests: XCTestCase {
    func testAnIndexOverLongsAndShortsFlagsExactlyWhatAFullScanFinds() {
        let margin = 0.9
        var states = 0, shortsFlagged = 0, shortsHealed = 0
        for seed in 0..<40 {
            var rng = SplitMix64(seed: 1000 + UInt64(seed))
            let assets = 1 + seed % 2
            var book = ToyBook(dimensionCount: assets)
            var prices = OraclePrices(collateral: (0..<assets).map { _ in rng.uniform(10, 1000) })
            for _ in 0..<300 {
                let a = rng.int(assets)
                let short = rng.int(2) == 0
                let c = rng.uniform(0.1, 50)
                let h = rng.uniform(0.9, 1.5)
                let value = c * prices.collateral[a] * margin
                book.isShort.append(short)
                book.asset.append(a)
                book.amount.append(c)
                book.debt.append(short ? value * h : value / h)
            }
            var index = LiquidationIndex(kind: book, parameters: margin, prices: prices, tracksFlagged: true)
            func scan() -> Set<Int> { Set((0..<book.count).filter { book.health($0, margin, prices: prices) < 1 }) }
            XCTAssertEqual(Set(index.flaggedPositions), scan(), "seed \(seed) initial")
            for step in 0..<80 {
                let before = Set(index.flaggedPositions)
                for a in 0..<assets { prices.collateral[a] *= rng.int(8) == 0 ? rng.uniform(0.7, 1.4) : rng.uniform(0.96, 1.04) }
                if rng.int(3) == 0 {
                    // Change one position and re-key it, as a protocol would.
                    let p = rng.int(book.count)
                    book.amount[p] *= rng.uniform(0.8, 1.25)
                    index.update(p, kind: book, parameters: margin, prices: prices)
                }
                var newly: [Int] = []
                index.refresh(kind: book, parameters: margin, prices: prices, newlyLiquidatable: &newly)
                let expected = scan()
                XCTAssertEqual(Set(index.flaggedPositions), expected, "seed \(seed) step \(step)")
                XCTAssertEqual(newly, newly.sorted(), "newly liquidatable positions come sorted")
                XCTAssertTrue(Set(newly).isSubset(of: expected), "seed \(seed) step \(step)")
                index._checkInvariants()
                shortsFlagged += Set(newly).subtracting(before).filter { book.isShort[$0] }.count
                shortsHealed += before.subtracting(expected).filter { book.isShort[$0] }.count
                states += 1
            }
        }
        XCTAssertEqual(states, 40 * 80)
        // Both directions were exercised: shorts became liquidatable on rises and healed on falls.
        XCTAssertGreaterThan(shortsFlagged, 500)
        XCTAssertGreaterThan(shortsHealed, 500)
    }
}
