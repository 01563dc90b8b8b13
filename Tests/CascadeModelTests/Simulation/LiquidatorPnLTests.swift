import TestSupport
import XCTest
@testable import CascadeModel

/// The liquidators' P&L components add up to their profit, under every mechanism, for bots that sell and for
/// bots that hold (docs/MODEL.md, "Liquidator P&L").
final class LiquidatorPnLTests: XCTestCase {
    func testTheComponentsAddUpToTheProfitUnderEveryMechanism() throws {
        let mechanisms: [MechanismSpec] = [
            .fixedSpread(FixedSpreadSpec(protocolFeeShare: 0.1)),
            .dutchAuction(DutchAuctionSpec(tip: 50, chip: 0.001)),
            .englishAuction(EnglishAuctionSpec(ttlSeconds: 600, tauSeconds: 3600)),
            .backstopPool(BackstopPoolSpec(initialBalance: 1_000_000, fallback: .fixedSpread(FixedSpreadSpec()))),
        ]
        for mechanism in mechanisms {
            var spec = SmokeScenario.spec(mechanism: mechanism)
            let inventory = LiquidatorSpec.Capital.inventory(usd: 5_000_000)
            let auction = mechanism.name == .englishAuction
            spec.liquidators = [
                LiquidatorSpec(name: "seller", count: 2, capital: auction ? inventory : .flashLoan(feeRate: 0.0005)),
                LiquidatorSpec(name: "holder", count: 1, capital: inventory, sellSeizedCollateral: false),
            ]
            let r = try Simulation(spec: spec, rootSeed: 11, replication: 0).run()
            let m = r.metrics
            let name = mechanism.name.rawValue
            XCTAssertGreaterThan(m.liquidations, 0, name)
            // The identity, to rounding: the components are summed in another order than the profit.
            let scale = m.liquidatorPnL.bonusUSD.magnitude + m.liquidatorPnL.slippageUSD + m.liquidatorGasSpent + 1
            XCTAssertEqual(m.liquidatorPnL.profitUSD, m.liquidatorProfit, accuracy: 1e-9 * scale, name)
            assertClose(m.liquidatorPnL.gasSucceededUSD + m.liquidatorPnL.gasFailedUSD, m.liquidatorGasSpent, relativeTolerance: 1e-12, name)
            // Per class: rows in the scenario's order, bots counted, and the class profits add up to the total.
            XCTAssertEqual(r.liquidators.map(\.name), ["seller", "holder"], name)
            XCTAssertEqual(r.liquidators.map(\.bots), [2, 1], name)
            XCTAssertEqual(r.liquidators.reduce(0) { $0 + $1.profitUSD }, m.liquidatorProfit, accuracy: 1e-9 * scale, name)
            for c in r.liquidators {
                XCTAssertEqual(c.pnl.profitUSD, c.profitUSD, accuracy: 1e-9 * scale, "\(name) \(c.name)")
            }
            // A holder sells nothing; a seller holds nothing, so it has no revaluation.
            let holder = r.liquidators[1].pnl, seller = r.liquidators[0].pnl
            XCTAssertEqual(holder.slippageUSD, 0, name)
            XCTAssertEqual(seller.revaluationUSD, 0, name)
            if mechanism.name == .backstopPool { continue }  // the pool absorbs first; the fallback may get little
            XCTAssertGreaterThan(seller.slippageUSD, 0, "\(name): selling into a 20M pool has price impact")
        }
    }

    func testFlashFeesAreTheFeeOnEveryRepayment() throws {
        var spec = SmokeScenario.spec(mechanism: .fixedSpread(FixedSpreadSpec()))
        spec.liquidators = [LiquidatorSpec(name: "bot", count: 3, capital: .flashLoan(feeRate: 0.0009))]
        let m = try Simulation(spec: spec, rootSeed: 5, replication: 0).run().metrics
        XCTAssertGreaterThan(m.liquidations, 10)
        // Every fixed-spread liquidation repays liquidated_debt (USD) with a flash loan at 0.09%.
        assertClose(m.liquidatorPnL.flashFeesUSD, 0.0009 * m.liquidatedDebt, relativeTolerance: 1e-9)
        XCTAssertEqual(m.liquidatorPnL.incentivesUSD, 0)
        XCTAssertEqual(m.liquidatorPnL.revaluationUSD, 0)
    }
}
