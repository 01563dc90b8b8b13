import TestSupport
import XCTest
@testable import CascadeModel

final class VenueTests: XCTestCase {
    func makeVenue() throws -> Venue {
        Venue(pools: [
            try ConstantProductPool(name: "deep_30bp", collateralReserve: 5_000, stableReserve: 10_000_000, fee: 0.003),
            try ConstantProductPool(name: "shallow_5bp", collateralReserve: 500, stableReserve: 1_000_000, fee: 0.0005),
            try ConstantProductPool(name: "mid_100bp", collateralReserve: 2_000, stableReserve: 4_000_000, fee: 0.01),
        ])
    }

    func testBestSinglePoolQuote() throws {
        let venue = try makeVenue()
        // Small order: the cheapest fee wins; large order: depth wins.
        XCTAssertEqual(venue.bestQuoteExactIn(0.1, .sellCollateral)?.poolIndex, 1)
        XCTAssertEqual(venue.bestQuoteExactIn(200, .sellCollateral)?.poolIndex, 0)
        for amount in [0.1, 10, 200] {
            let best = try XCTUnwrap(venue.bestQuoteExactIn(amount, .sellCollateral))
            for p in venue.pools {
                XCTAssertLessThanOrEqual(try p.quoteExactIn(amount, .sellCollateral).amountOut, best.quote.amountOut)
            }
        }
        XCTAssertNil(venue.bestQuoteExactIn(-1, .sellCollateral))
    }

    func testGreedySplitBeatsAnySinglePoolAndEqualizesMarginalPrices() throws {
        var venue = try makeVenue()
        let amount = 600.0
        let bestSingle = try XCTUnwrap(venue.bestQuoteExactIn(amount, .sellCollateral)).quote.amountOut
        let fill = try venue.swapExactInGreedy(amount, .sellCollateral, chunks: 2_000, generation: 3)
        assertClose(fill.amountIn, amount, relativeTolerance: 1e-12)
        XCTAssertGreaterThan(fill.amountOut, bestSingle)
        // Every pool that took flow ends with nearly the same marginal price after fee, γ·P: a 0.3-unit slice
        // moves the 500-unit pool's price by ≈ 2·0.3/500 = 1.2e-3, the resolution of the greedy split.
        let used = Set(fill.fills.map(\.poolIndex))
        XCTAssertEqual(used.count, 3)
        let marginal = venue.pools.map { (1 - $0.fee) * $0.spotPrice }
        for m in marginal { assertClose(m, marginal[0], relativeTolerance: 2e-3) }
        // The sales are attributed to generation 3 in every pool.
        for p in venue.pools { XCTAssertLessThan(p.attribution.impactByGeneration[3], 0) }
    }

    func testGreedyRefusalLeavesVenueUnchanged() throws {
        var venue = try makeVenue()
        let before = venue
        XCTAssertThrowsError(try venue.swapExactInGreedy(.nan, .buyCollateral))
        XCTAssertThrowsError(try venue.swapExactInBestPool(0, .buyCollateral))
        XCTAssertEqual(venue, before)
    }

    func testPoolSpecValidationAndConstruction() throws {
        let spec = PoolSpec(name: "uni", size: .depthUSD(4e6), fee: 0.003)
        XCTAssertEqual(spec.validate(), [])
        let pool = try spec.makePool(initialReferencePrice: 2_000)
        XCTAssertEqual(pool.stableReserve, 4e6)
        XCTAssertEqual(pool.collateralReserve, 2_000)
        XCTAssertEqual(pool.spotPrice, 2_000)
        let explicit = try PoolSpec(name: "x", size: .reserves(collateral: 3, stable: 6)).makePool(initialReferencePrice: 1)
        XCTAssertEqual(explicit.spotPrice, 2)
        XCTAssertEqual(PoolSpec(name: "b", size: .depthUSD(-1), fee: 1).validate().map(\.key), ["depth_usd", "fee"])
        XCTAssertEqual(PoolSpec(name: "b", size: .reserves(collateral: .nan, stable: 0)).validate().map(\.key),
                       ["collateral_reserve", "stable_reserve"])
    }
}
