import TestSupport
import XCTest
@testable import CascadeModel

/// Thousands of random liquidation sequences across all four mechanisms; after every operation every unit
/// of debt and collateral must be accounted for (the protocol also asserts this itself in debug builds).
final class ConservationTests: XCTestCase {
    func check(_ p: LendingProtocol, _ context: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
        if let e = p.conservationError() { XCTFail("\(context()): \(e)", file: file, line: line) }
    }

    func randomSetup(_ rng: inout SplitMix64) -> (LendingProtocol, OraclePrices) {
        let (base, prices) = LiquidationIndexTests.randomProtocol(&rng, assetCount: 1 + rng.int(2), positions: 12)
        // Same positions, with an insurance fund that has a balance.
        let p = LendingProtocol(assets: base.assets, book: base.book, prices: prices,
                                insurance: InsuranceFundSpec(initialBalance: rng.uniform(0, 5000), penaltyShare: rng.uniform(0, 1)))
        return (p, prices)
    }

    func shock(_ prices: inout OraclePrices, _ rng: inout SplitMix64) {
        for a in 0..<prices.collateral.count { prices.collateral[a] *= rng.uniform(0.75, 1.1) }
        if rng.int(10) == 0 { prices.debt = rng.uniform(0.95, 1.05) }
    }

    func testFixedSpread() {
        var liquidations = 0, writeOffs = 0, deficits = 0
        for seed in 0..<400 {
            var rng = SplitMix64(seed: UInt64(1000 + seed))
            var (p, prices) = randomSetup(&rng)
            let spec = FixedSpreadSpec(protocolFeeShare: rng.uniform(0, 0.5), fullCloseBelowUSD: rng.int(2) == 0 ? 0 : 1000,
                                       minLeftoverUSD: rng.int(2) == 0 ? 0 : 500, burnBadDebt: rng.int(4) != 0)
            for step in 0..<25 {
                shock(&prices, &rng)
                for i in p.scanLiquidatable(prices: prices) {
                    let asset = rng.int(3) == 0 ? rng.int(p.assets.count) : nil
                    if let r = p.liquidateFixedSpread(i, asset: asset, requestedDebt: rng.int(2) == 0 ? .infinity : rng.uniform(0, 5000),
                                                      spec: spec, prices: prices) {
                        liquidations += 1
                        if r.badDebtWrittenOff > 0 { writeOffs += 1 }
                        if !spec.burnBadDebt, p.book.status[i] == .deficit { deficits += 1 }
                    }
                    check(p, "fixed spread seed \(seed) step \(step)")
                }
            }
            XCTAssertNil(p.book.auditError())
        }
        XCTAssertGreaterThan(liquidations, 2000)
        XCTAssertGreaterThan(writeOffs, 50)
        XCTAssertGreaterThan(deficits, 10, "without the write-off, emptied positions keep their debt")
    }

    func testDutchAuction() {
        var takes = 0, finished = 0, shortfalls = 0, resets = 0
        for seed in 0..<300 {
            var rng = SplitMix64(seed: UInt64(2000 + seed))
            var (p, prices) = randomSetup(&rng)
            let curves: [AuctionPriceCurve] = [.linear(tauSeconds: 3600), .stairstepExponential(cut: 0.99, stepSeconds: 90),
                                               .exponential(cut: AuctionPriceCurve.exponentialCut(halfLifeSeconds: 900))]
            var house = DutchAuctionHouse(spec: DutchAuctionSpec(chop: rng.uniform(1, 1.2), buf: rng.uniform(1, 1.3),
                                                                 curve: curves[rng.int(3)], tailSeconds: 3000, cusp: 0.3,
                                                                 tip: rng.uniform(0, 20), chip: 0.001, dust: rng.uniform(0, 300)))
            var time = 0.0
            for step in 0..<30 {
                time += rng.uniform(0, 600)
                shock(&prices, &rng)
                for i in p.scanLiquidatable(prices: prices) { _ = try? house.bark(i, time: time, prices: prices, protocol: &p) }
                for id in house.active {
                    if house.status(id, time: time).needsReset {
                        if (try? house.redo(id, time: time, prices: prices, protocol: &p)) != nil { resets += 1 }
                    } else if rng.int(2) == 0 {
                        if let t = try? house.take(id, amount: house.auctions[id].lot * rng.uniform(0, 1.5), maxPrice: .infinity,
                                                   time: time, protocol: &p) {
                            takes += 1
                            if t.finished { finished += 1 }
                            if t.shortfall > 0 { shortfalls += 1 }
                        }
                    }
                    check(p, "dutch seed \(seed) step \(step)")
                }
            }
            let held = house.collateralHeld(assetCount: p.assets.count)
            for a in 0..<p.assets.count {
                // The ledger's running sum carries rounding residue of order ulp(deposits) when auctions end.
                XCTAssertEqual(held[a], p.ledger.collateralInAuction[a], accuracy: 1e-12 * max(1, p.ledger.collateralDeposited[a]))
            }
            XCTAssertEqual(house.principalHeld, p.ledger.debtInAuction, accuracy: 1e-9 * max(1, p.ledger.debtBorrowed))
        }
        XCTAssertGreaterThan(takes, 1000)
        XCTAssertGreaterThan(finished, 300)
        XCTAssertGreaterThan(shortfalls, 20)
        XCTAssertGreaterThan(resets, 50)
    }

    func testEnglishAuction() {
        var deals = 0, dents = 0
        for seed in 0..<300 {
            var rng = SplitMix64(seed: UInt64(3000 + seed))
            var (p, prices) = randomSetup(&rng)
            var house = EnglishAuctionHouse(spec: EnglishAuctionSpec(chop: 1.13, beg: 1.03, ttlSeconds: 600, tauSeconds: 6 * 3600))
            var time = 0.0
            for step in 0..<40 {
                time += rng.uniform(0, 900)
                shock(&prices, &rng)
                for i in p.scanLiquidatable(prices: prices) { _ = try? house.kick(i, time: time, prices: prices, protocol: &p) }
                for id in house.auctions.indices where house.auctions[id].isActive {
                    let s = house.auctions[id]
                    if house.canDeal(id, time: time) {
                        if (try? house.deal(id, time: time, protocol: &p)) != nil { deals += 1 }
                    } else if s.bidExpiry == nil && s.end < time {
                        try? house.tick(id, time: time)
                    } else if s.isDentPhase && s.bidder != nil {
                        if (try? house.dent(id, bidder: rng.int(5), lot: s.lot / rng.uniform(1.0, 1.2), time: time, protocol: &p)) != nil { dents += 1 }
                    } else {
                        let bid = s.bidder == nil && rng.int(3) == 0 ? 0 : min(s.tab, max(s.bid * rng.uniform(1, 1.5), rng.uniform(0, s.tab)))
                        try? house.tend(id, bidder: rng.int(5), bid: bid, time: time)
                    }
                    check(p, "english seed \(seed) step \(step)")
                }
            }
            let held = house.collateralHeld(assetCount: p.assets.count)
            for a in 0..<p.assets.count {
                // The ledger's running sum carries rounding residue of order ulp(deposits) when auctions end.
                XCTAssertEqual(held[a], p.ledger.collateralInAuction[a], accuracy: 1e-12 * max(1, p.ledger.collateralDeposited[a]))
            }
        }
        XCTAssertGreaterThan(deals, 300)
        XCTAssertGreaterThan(dents, 100)
    }

    func testBackstopPool() {
        var results: [LiquidationResult] = []
        var absorptions = 0, partial = 0
        for seed in 0..<400 {
            var rng = SplitMix64(seed: UInt64(4000 + seed))
            var (p, prices) = randomSetup(&rng)
            let fallback = FixedSpreadSpec()
            var pool = BackstopPool(spec: BackstopPoolSpec(initialBalance: rng.uniform(0, 50_000), targetBalance: 50_000,
                                                           refillHalfLifeSeconds: 3600, discount: rng.uniform(0, 0.15)))
            var time = 0.0
            for step in 0..<25 {
                time += rng.uniform(0, 1800)
                shock(&prices, &rng)
                for i in p.scanLiquidatable(prices: prices) {
                    results.removeAll(keepingCapacity: true)
                    if let a = pool.absorb(i, time: time, prices: prices, protocol: &p, results: &results) {
                        absorptions += 1
                        if a.debtRemaining > 0 { partial += 1 }
                    }
                    if p.isLiquidatable(i, prices: prices) && rng.int(2) == 0 {
                        p.liquidateFixedSpread(i, spec: fallback, prices: prices)
                    }
                    check(p, "pool seed \(seed) step \(step)")
                }
            }
            XCTAssertEqual(pool.debtAbsorbed, pool.spec.initialBalance + pool.refilled - pool.balance,
                           accuracy: 1e-9 * max(1, pool.debtAbsorbed))
        }
        XCTAssertGreaterThan(absorptions, 1000)
        XCTAssertGreaterThan(partial, 20)
    }
}
