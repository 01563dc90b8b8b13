import Stochastic
import TestSupport
import XCTest
@testable import CascadeModel

/// MakerDAO values vault debt at par, not at DAI's market price (makerdao/dss @ fa4f6630: `spot.sol` `poke`,
/// line 98, spot = val / par / mat; `clip.sol` `kick`, line 252, top = feed price (val / par) · buf; par = 1 RAY).
final class DebtValuationTests: XCTestCase {
    /// ETH constant at 2000; DAI steps from 1.00 to 1.10 at 1 h. Vaults start at HF 1.02–1.08.
    static func spec(_ valuation: ProtocolSpec.DebtValuation) -> ModelSpec {
        var spec = SmokeScenario.spec(mechanism: .dutchAuction(DutchAuctionSpec()), positions: 60, crash: 0)
        spec.paths = PricePathSetSpec(
            assets: [AssetPathSpec(name: "ETH", model: .constant(ConstantPriceSpec(price: 2000)))],
            debtAsset: AssetPathSpec(name: "DAI", model: .constant(ConstantPriceSpec(price: 1)),
                                     moves: [.step(change: 0.10, atSeconds: 3600)]))
        spec.protocolSpec.debtAssetName = "DAI"
        spec.protocolSpec.debtValuation = valuation
        spec.positions = .population(PopulationSpec(count: 60, size: .constant(value: 10_000),
                                                    initialHealthFactor: .flat(min: 1.02, max: 1.08), assetWeights: [1]))
        spec.horizonSeconds = 1.5 * 3600
        return spec
    }

    func testAtParADaiPremiumMakesNoVaultUnsafe() throws {
        XCTAssertEqual(ProtocolSpec.defaultDebtValuation(for: .dutchAuction), .par)
        XCTAssertEqual(ProtocolSpec.defaultDebtValuation(for: .englishAuction), .par)
        XCTAssertEqual(ProtocolSpec.defaultDebtValuation(for: .fixedSpread), .market)
        let par = try Simulation(spec: Self.spec(.par), rootSeed: 1, replication: 0).run().metrics
        XCTAssertEqual(par.liquidations, 0, "HF = val·LT/(debt·par) does not move with DAI's price")
        // Valued at the market, DAI at 1.10 divides every HF by 1.1: all 60 vaults (HF ≤ 1.08) become unsafe.
        let market = try Simulation(spec: Self.spec(.market), rootSeed: 1, replication: 0).run().metrics
        XCTAssertEqual(market.liquidations, 60)
    }

    func testAuctionsStartAtValOverParAndKeepersPayTheMarketPrice() throws {
        // ETH falls 40% at 1 h, DAI is at 1.10 throughout: a bark's top is 1200·buf DAI per ETH (val/par), not
        // 1200/1.1·buf, and liquidated debt is reported in USD at DAI's market price.
        var spec = Self.spec(.par)
        spec.paths = PricePathSetSpec(
            assets: [AssetPathSpec(name: "ETH", model: .constant(ConstantPriceSpec(price: 2000)),
                                   moves: [.step(change: -0.4, atSeconds: 3600)])],
            debtAsset: AssetPathSpec(name: "DAI", model: .constant(ConstantPriceSpec(price: 1.1))))
        let sim = try Simulation(spec: spec, rootSeed: 1, replication: 0, recording: RecordingOptions(liquidations: true))
        let r = try sim.run()
        let barks = r.liquidations.filter { $0.step == .dutchBark }
        XCTAssertFalse(barks.isEmpty)
        for b in barks { XCTAssertEqual(b.price, 1200, accuracy: 1e-9, "the oracle price the protocol reads, at par") }
        // Each position owes 10,000 DAI / HF-scaled collateral; liquidated_debt counts DAI at 1.1 USD.
        let debtDAI = barks.reduce(0) { $0 + $1.debtRepaid }
        XCTAssertEqual(r.metrics.liquidatedDebt, debtDAI * 1.1, accuracy: 1e-6 * debtDAI)
    }
}
