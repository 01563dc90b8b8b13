import XCTest
import Stochastic
@testable import CascadeModel

/// A small crash scenario built in code, run under each mechanism.
enum SmokeScenario {
    static func spec(mechanism: MechanismSpec, positions: Int = 500, crash: Double = -0.4,
                     depthUSD: Double = 20_000_000, impact: PriceImpactSpec? = nil, oracle: OracleSpec = .deviationHeartbeat(deviationThreshold: 0.005, heartbeatSeconds: 3600)) -> ModelSpec {
        let eth = AssetPathSpec(name: "ETH", model: .constant(ConstantPriceSpec(price: 2000)),
                                moves: [.linear(change: crash, startSeconds: 3600, durationSeconds: 6 * 3600)])
        let paths = PricePathSetSpec(assets: [eth])
        let collateral = CollateralAsset(name: "ETH", loanToValue: 0.8, liquidationThreshold: 0.825, liquidationBonus: 0.05, debtCeilingUSD: .infinity)
        let population = PopulationSpec(count: positions, size: .lognormal(zeta: log(20_000), sigma: 1),
                                        initialHealthFactor: .flat(min: 1.05, max: 2.5), assetWeights: [1])
        return ModelSpec(
            horizonSeconds: 12 * 3600, tickSeconds: 60, paths: paths,
            pools: [.init(asset: "ETH", pool: PoolSpec(name: "uni", size: .depthUSD(depthUSD)))],
            impact: impact,
            protocolSpec: ProtocolSpec(collateral: [collateral], liquidation: mechanism),
            positions: .population(population),
            oracles: [OracleConfig(asset: "ETH", spec: oracle)],
            // Flip bids lock their DAI, so English-auction keepers hold inventory (a flash loan is refused there).
            liquidators: [LiquidatorSpec(name: "bot", count: 3,
                                         capital: mechanism.name == .englishAuction ? .inventory(usd: 5_000_000) : .flashLoan(feeRate: 0.0005))])
    }
}

final class SimulationSmokeTests: XCTestCase {
    func testEveryMechanismRunsAndLiquidates() throws {
        let mechanisms: [MechanismSpec] = [
            .fixedSpread(FixedSpreadSpec()),
            .dutchAuction(DutchAuctionSpec()),
            .englishAuction(EnglishAuctionSpec(ttlSeconds: 600, tauSeconds: 3600)),
            .backstopPool(BackstopPoolSpec(initialBalance: 5_000_000)),
        ]
        for m in mechanisms {
            XCTAssertEqual(SmokeScenario.spec(mechanism: m).crossProblems(), [], m.name.rawValue)
            let sim = try Simulation(spec: SmokeScenario.spec(mechanism: m), rootSeed: 1, replication: 0,
                                     recording: RecordingOptions(timeSeries: true, liquidations: true))
            let r = try sim.run()
            print(m.name.rawValue, zip(RunMetrics.names, r.metrics.values).map { "\($0)=\($1)" }.joined(separator: " "))
            XCTAssertGreaterThan(r.metrics.liquidations, 0, m.name.rawValue)
            XCTAssertFalse(r.timeSeries.isEmpty)
        }
    }

    /// English auctions need locked capital: a flash-loan keeper class is a scenario error, named by its key.
    func testFlashLoanKeepersAreRefusedUnderEnglishAuctions() {
        var spec = SmokeScenario.spec(mechanism: .englishAuction(EnglishAuctionSpec()))
        spec.liquidators = [LiquidatorSpec(name: "holder", capital: .inventory(usd: 1e6)), LiquidatorSpec(name: "flash")]
        let problems = spec.crossProblems()
        XCTAssertEqual(problems.map(\.key), ["liquidators[1].capital"])
        XCTAssertTrue(problems.first?.message.hasPrefix("found \"flash-loan\" under mechanism \"english-auction\", expected \"inventory\"") ?? false,
                      "\(problems)")
        spec.protocolSpec.liquidation = .dutchAuction(DutchAuctionSpec())
        XCTAssertEqual(spec.crossProblems(), [], "Dutch takes settle within one transaction, so flash loans are fine")
    }
}
