import TestSupport
import XCTest
@testable import CascadeModel

/// The protocol's loss measures add up under every mechanism (docs/MODEL.md, "Bad debt and the protocol's
/// loss"):
///
///     bad_debt          = realized_bad_debt + unrealized_bad_debt
///     bad_debt          = insurance_covered + bad_debt_net,   0 ≤ bad_debt_net ≤ bad_debt
///     protocol_net_loss = bad_debt + keeper_incentives − penalty_income
///
/// and keeper incentives are a cost of their own, never bad debt.
final class ProtocolAccountingTests: XCTestCase {
    static let mechanisms: [(String, MechanismSpec)] = [
        ("fixed-spread, write-off", .fixedSpread(FixedSpreadSpec(protocolFeeShare: 0.1, burnBadDebt: true))),
        ("fixed-spread, deficit accounts", .fixedSpread(FixedSpreadSpec(protocolFeeShare: 0.1, burnBadDebt: false))),
        ("dutch, tip and chip", .dutchAuction(DutchAuctionSpec(tip: 300, chip: 0.01))),
        ("english", .englishAuction(EnglishAuctionSpec(ttlSeconds: 600, tauSeconds: 3600))),
        ("backstop", .backstopPool(BackstopPoolSpec(initialBalance: 100_000, fallback: .fixedSpread(FixedSpreadSpec())))),
        ("soft liquidation", .softLiquidation(SoftLiquidationSpec())),
    ]

    /// A fast −60% crash into a thin pool: bad debt under every mechanism. The fund starts with 25 USD, less
    /// than any of them loses, so its cover is partial (penalty and fee shares flow in during the run).
    static func crash(_ mechanism: MechanismSpec) -> ModelSpec {
        var spec = SmokeScenario.spec(mechanism: mechanism, positions: 120, crash: -0.6, depthUSD: 1_000_000)
        spec.horizonSeconds = 8 * 3600
        spec.protocolSpec.insurance = InsuranceFundSpec(initialBalance: 25)
        return spec
    }

    func testTheLossMeasuresAddUpUnderEveryMechanism() throws {
        var runs: [String: RunMetrics] = [:]
        for (name, mechanism) in Self.mechanisms {
            let m = try Simulation(spec: Self.crash(mechanism), rootSeed: 3, replication: 0).run().metrics
            runs[name] = m
            XCTAssertGreaterThan(m.badDebt, 0, name)
            let scale = 1e-9 * (m.badDebt + m.keeperIncentives + m.penaltyIncome + 1)
            XCTAssertEqual(m.badDebt, m.realizedBadDebt + m.unrealizedBadDebt, accuracy: scale, name)
            XCTAssertEqual(m.badDebt, m.insuranceCovered + m.badDebtNet, accuracy: scale, name)
            XCTAssertGreaterThanOrEqual(m.badDebtNet, -scale, name)
            XCTAssertLessThanOrEqual(m.badDebtNet, m.badDebt + scale, name)
            XCTAssertGreaterThanOrEqual(m.insuranceCovered, min(25, m.badDebt) - scale, "\(name): the fund's 25 USD go to bad debt first")
            XCTAssertEqual(m.protocolNetLoss, m.badDebt + m.keeperIncentives - m.penaltyIncome, accuracy: scale, name)
        }
        // Tip and chip are paid by the protocol but are not bad debt (they were booked as shortfalls, which put
        // bad_debt_net above bad_debt: 6.95M net against 6.62M gross).
        let dutch = try XCTUnwrap(runs["dutch, tip and chip"])
        XCTAssertGreaterThan(dutch.keeperIncentives, 0)
        XCTAssertGreaterThan(dutch.penaltyIncome, 0)
        // burn_bad_debt moves bad debt from unrealised to realised and nothing else: the same liquidations and
        // the same bad debt; without it no fixed-spread bad debt is realised and the empty accounts stay open.
        let on = try XCTUnwrap(runs["fixed-spread, write-off"]), off = try XCTUnwrap(runs["fixed-spread, deficit accounts"])
        XCTAssertGreaterThan(on.realizedBadDebt, 0)
        XCTAssertEqual(off.realizedBadDebt, 0)
        XCTAssertEqual(on.liquidations, off.liquidations)
        assertClose(on.badDebt, off.badDebt, relativeTolerance: 1e-9)
        XCTAssertGreaterThan(off.insolventPositionsEnd, on.insolventPositionsEnd)
    }
}
