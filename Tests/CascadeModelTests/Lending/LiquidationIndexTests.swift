import TestSupport
import XCTest
@testable import CascadeModel

final class LiquidationIndexTests: XCTestCase {
    static let assets = [
        Fixture.eth, Fixture.btc,
        CollateralAsset(name: "LST", loanToValue: 0.9, liquidationThreshold: 0.93, liquidationBonus: 0.1),
    ]

    /// A random book of mixed single- and multi-collateral positions with HF in [0.85, 1.6).
    static func randomProtocol(_ rng: inout SplitMix64, assetCount: Int, positions: Int,
                               indexing: LendingProtocol.Indexing = .byLiquidationPrice) -> (LendingProtocol, OraclePrices) {
        let assets = Array(Self.assets.prefix(assetCount))
        var prices = OraclePrices(collateral: (0..<assetCount).map { _ in rng.uniform(0.5, 3000) })
        var p = LendingProtocol(assets: assets, prices: prices, indexing: indexing)
        for _ in 0..<positions {
            var amounts = Array(repeating: 0.0, count: assetCount)
            if rng.int(2) == 0 {
                amounts[rng.int(assetCount)] = rng.uniform(0.1, 100)
            } else {
                for a in 0..<assetCount where rng.int(3) > 0 { amounts[a] = rng.uniform(0.1, 100) }
            }
            var weighted = 0.0
            for a in 0..<assetCount { weighted += amounts[a] * prices.collateral[a] * assets[a].liquidationThreshold }
            let hf = rng.uniform(0.85, 1.6)
            let debt = rng.int(20) == 0 ? 0 : weighted / hf
            p.openPosition(collateral: amounts, debt: debt, prices: prices)
        }
        prices.debt = 1
        return (p, prices)
    }

    func testIndexFindsExactlyWhatAFullScanFinds() {
        checkIndexAgainstScans(seeds: 0..<60, indexing: .byLiquidationPrice)
    }

    /// Single-collateral books under the trigger index too (the price index is their default).
    func testTriggerIndexOnSingleCollateralBooks() {
        checkIndexAgainstScans(seeds: (0..<20).map { 3 * $0 }, indexing: .byTriggers)
    }

    private func checkIndexAgainstScans<S: Sequence<Int>>(seeds: S, indexing: LendingProtocol.Indexing) {
        var states = 0
        var insolventStates = 0
        for seed in seeds {
            var rng = SplitMix64(seed: UInt64(seed))
            let assetCount = 1 + seed % 3
            var (p, prices) = Self.randomProtocol(&rng, assetCount: assetCount, positions: 200, indexing: indexing)
            var market = prices
            p.trackInsolvency(prices: market)
            var newly: [Int] = []
            p.refreshLiquidatable(prices: prices, into: &newly)
            XCTAssertEqual(Set(p.flaggedPositions), Set(p.scanLiquidatable(prices: prices)), "seed \(seed) initial")
            for step in 0..<60 {
                // Move prices: mostly small, sometimes a crash or a depeg.
                for a in 0..<assetCount {
                    let shock = rng.int(10) == 0 ? rng.uniform(0.6, 1.3) : rng.uniform(0.97, 1.03)
                    prices.collateral[a] *= shock
                }
                if rng.int(15) == 0 { prices.debt = rng.uniform(0.9, 1.1) }
                // Change a few positions through the protocol.
                for _ in 0..<5 {
                    let i = rng.int(p.book.count)
                    guard p.book.status[i] == .open else { continue }
                    let a = rng.int(assetCount)
                    switch rng.int(5) {
                    case 0: p.deposit(i, asset: a, amount: rng.uniform(0, 5), prices: prices)
                    case 1: p.withdraw(i, asset: a, amount: p.book.collateral(i, a) * rng.uniform(0, 0.3), prices: prices)
                    case 2: p.borrow(i, amount: p.book.debt[i] * rng.uniform(0, 0.2), prices: prices)
                    case 3: p.repay(i, amount: p.book.debt[i] * rng.uniform(0, 0.5), prices: prices)
                    default:
                        if p.isLiquidatable(i, prices: prices) {
                            p.liquidateFixedSpread(i, spec: FixedSpreadSpec(), prices: prices)
                        }
                    }
                }
                let before = Set(p.flaggedPositions)
                newly.removeAll()
                p.refreshLiquidatable(prices: prices, into: &newly)
                let scan = Set(p.scanLiquidatable(prices: prices))
                XCTAssertEqual(Set(p.flaggedPositions), scan, "seed \(seed) step \(step)")
                XCTAssertEqual(p.flaggedCount, scan.count)
                XCTAssertEqual(p.priceIndex != nil, indexing == .byLiquidationPrice && assetCount == 1)
                XCTAssertEqual(newly, newly.sorted())
                XCTAssertTrue(Set(newly).isDisjoint(with: before))
                XCTAssertTrue(Set(newly).isSubset(of: scan))
                XCTAssertEqual(Set(newly), scan.subtracting(before), "seed \(seed) step \(step)")
                p.index._checkInvariants()
                p.priceIndex?._checkInvariants(book: p.book)
                // The size walk visits every flagged position once, largest size key first.
                var walk = FlaggedSizeWalk()
                p.startWalk(&walk)
                var visited: [Int] = []
                while let key = p.peekWalk(&walk), let q = p.nextInWalk(&walk) {
                    XCTAssertEqual(key, p.book.sizeKey(q))
                    visited.append(q)
                }
                XCTAssertEqual(Set(visited), scan)
                XCTAssertEqual(visited.count, scan.count)
                XCTAssertEqual(visited.map { p.book.sizeKey($0) }, visited.map { p.book.sizeKey($0) }.sorted(by: >))
                if p.usesPriceIndex { checkRepayBoundWalk(p, prices: prices, flagged: scan, &rng, context: "seed \(seed) step \(step)") }
                // Market prices a little off the oracle's; the shortfall of the flagged positions that are
                // insolvent at them, from running sums, against a walk over every flagged position.
                for a in 0..<assetCount { market.collateral[a] = prices.collateral[a] * rng.uniform(0.8, 1.05) }
                market.debt = prices.debt
                p.refreshInsolvent(prices: market)
                var walked = 0.0
                for q in p.flaggedPositions {
                    var value = 0.0
                    for a in 0..<assetCount { value += p.book.collateral(q, a) * market.collateral[a] }
                    walked += max(0, p.book.debt[q] * market.debt - value)
                }
                XCTAssertEqual(p.liquidatableShortfall(prices: market), walked, accuracy: 1e-9 * max(1, walked), "seed \(seed) step \(step)")
                let insolvent = (0..<p.book.count).filter { p.book.status[$0] == .open && p.book.healthFactor($0, thresholds: Array(repeating: 1, count: assetCount), prices: market) < 1 }
                XCTAssertEqual((0..<p.book.count).filter { p.isInsolvent($0) }, insolvent)
                if let index = p.insolvencyIndex { XCTAssertEqual(Set(index.flaggedPositions), Set(insolvent)) }
                if walked > 0 { insolventStates += 1 }
                states += 1
            }
            XCTAssertNil(p.conservationError())
            XCTAssertNil(p.book.auditError())
        }
        XCTAssertEqual(states, 60 * Array(seeds).count)
        XCTAssertGreaterThan(insolventStates, states / 4, "the states should often hold insolvent flagged positions")
    }

    /// The keepers' walk by repay bound visits every flagged position once, and the key it shows before each
    /// step (what bounds the positions not yet visited) never rises and bounds what the next position's
    /// liquidation may repay: the most a fixed-spread quote of it repays, under rules whose full-close band
    /// and close factors are drawn at random.
    private func checkRepayBoundWalk(_ p: LendingProtocol, prices: OraclePrices, flagged: Set<Int>, _ rng: inout SplitMix64,
                                     context: String) {
        let rules = FixedSpreadSpec(closeFactor: rng.uniform(0.2, 1), fullCloseFactor: 1,
                                    closeFactorHealthThreshold: rng.uniform(0.85, 1),
                                    fullCloseBelowUSD: rng.int(3) == 0 ? 0 : rng.uniform(10, 100_000))
        let bound = RepayBound(rules: rules, asset: p.assets[0], prices: prices)
        var walk = FlaggedSizeWalk()
        p.startWalk(&walk, repay: bound)
        var visited: [Int] = []
        var last = Double.infinity
        while let key = p.peekWalk(&walk), let q = p.nextInWalk(&walk) {
            XCTAssertLessThanOrEqual(key, last, context)
            last = key
            let repaid = p.quoteFixedSpread(q, spec: rules, prices: prices)?.debtRepaid ?? 0
            XCTAssertLessThanOrEqual(repaid, key, context)
            XCTAssertLessThanOrEqual(repaid, bound.exact(debt: p.book.debt[q], collateral: p.book.collateral(q, 0)), context)
            visited.append(q)
        }
        XCTAssertEqual(Set(visited), flagged, context)
        XCTAssertEqual(visited.count, flagged.count, context)
    }

    func testSingleCollateralTriggerIsTheLiquidationPrice() {
        // 10 ETH, debt 8000, LT 0.8: liquidation price 8000/(10·0.8) = 1000. At 1000 HF = 1 (not
        // liquidatable); just below, it is.
        var p = Fixture.single(collateral: 10, debt: 8000, price: 2000)
        var newly: [Int] = []
        p.refreshLiquidatable(prices: OraclePrices(collateral: [1000]), into: &newly)
        XCTAssertEqual(newly, [])
        p.refreshLiquidatable(prices: OraclePrices(collateral: [999.999]), into: &newly)
        XCTAssertEqual(newly, [0])
        // Recovery unflags; falling again reports it again.
        p.refreshLiquidatable(prices: OraclePrices(collateral: [1200]), into: &newly)
        XCTAssertFalse(p.isFlagged(0))
        newly.removeAll()
        p.refreshLiquidatable(prices: OraclePrices(collateral: [900]), into: &newly)
        XCTAssertEqual(newly, [0])
    }

    func testStaleEntriesAreCompacted() {
        let prices = OraclePrices(collateral: [2000])
        var p = LendingProtocol(assets: [Fixture.eth], prices: prices, indexing: .byTriggers)
        p.openPosition(collateral: [10], debt: 1000, prices: prices)
        for _ in 0..<10_000 { p.deposit(0, asset: 0, amount: 0.001, prices: prices) }
        XCTAssertLessThan(p.index.entryCount, 100)
    }
}
