import CascadeModel
import Foundation
import Stochastic

/// A whole scenario file, decoded and checked: one value per component section.
///
/// Every section belongs to the component it configures; see Scenarios/README.md for the schema.
public struct Scenario: Sendable {
    /// The file it came from (empty for scenarios built in code).
    public var path: String
    public var simulation: SimulationSettings
    /// One run's model: every section from `[price]` to `[metrics]`, with the files they name loaded.
    public var model: ModelSpec
    /// The parameter study, when the file defines one.
    public var sweep: SweepSpec?
    /// `[metrics] counterfactual_without_impact`: run every replication a second time with the sales' market
    /// impact removed, for the amplification columns (``CascadeStudy``).
    public var counterfactualWithoutImpact = false

    /// Reads every section of a scenario file through `root`. Files named in the scenario are resolved against
    /// the folder of `path`.
    static func decode(_ root: ConfigReader, path: String) -> Scenario {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let simulation = SimulationSettings.decode(root.section("simulation", required: true)!, defaultName: name)
        let (model, counterfactual) = decodeModel(root, simulation: simulation, directory: scenarioDirectory(of: path))
        let sweep = root.section("sweep").map(SweepSpec.decode)
        return Scenario(path: path, simulation: simulation, model: model, sweep: sweep, counterfactualWithoutImpact: counterfactual)
    }

    /// The model sections, in dependency order (asset names first), then the checks across sections, whose
    /// keys are full key paths.
    static func decodeModel(_ root: ConfigReader, simulation: SimulationSettings, directory: String) -> (ModelSpec, Bool) {
        let paths = root.section("price", required: true).map {
            PriceSection.decode($0, tickSeconds: simulation.tickSeconds, horizonSeconds: simulation.horizonSeconds, directory: directory)
        } ?? PricePathSetSpec(assets: [])
        let assetNames = paths.assets.map(\.name)
        let protocolSpec = root.section("protocol", required: true).map {
            ProtocolSection.decode($0, debtAsset: paths.debtAsset.name)
        } ?? ProtocolSpec(debtAssetName: paths.debtAsset.name, collateral: [], liquidation: .fixedSpread(FixedSpreadSpec()))
        let collateralNames = protocolSpec.collateral.map(\.name)
        let market = root.section("market", required: true).map { MarketSection.decode($0, assets: assetNames) }
            ?? MarketSection.Spec(pools: [], arbitrage: ModelSpec.ArbitrageSettings(), impact: nil, liquidity: nil)
        let positions = root.section("positions", required: true).map {
            PositionsSection.decode($0, collateral: protocolSpec.collateral, directory: directory)
        } ?? .snapshot(PositionBook(assetCount: protocolSpec.collateral.count), source: "")
        let oracles = root.sections("oracles").map { OracleSection.decode($0, assets: collateralNames) }
        let network = NetworkSection.decode(root.sectionOrDefaults("network"), directory: directory)
        let liquidators = root.sectionsOrOneDefault("liquidators").map(LiquidatorsSection.decode)
        let borrowers = BorrowersSection.decode(root.sectionOrDefaults("borrowers"))
        let (sampleInterval, counterfactual) = MetricsSection.decode(root.sectionOrDefaults("metrics"))
        let model = ModelSpec(
            horizonSeconds: simulation.horizonSeconds, tickSeconds: simulation.tickSeconds, paths: paths,
            pools: market.pools, arbitrage: market.arbitrage, impact: market.impact, liquidity: market.liquidity,
            protocolSpec: protocolSpec, positions: positions, oracles: oracles, network: network.network,
            demand: network.demand, gasAsset: network.gasAsset, liquidators: liquidators, borrowers: borrowers,
            sampleIntervalSeconds: sampleInterval)
        // A name checked against an empty list only repeats that the list's section is missing or broken,
        // which is reported already ("expected the name of a [[price.assets]] entry ()" helps nobody).
        root.reportComponent(model.crossProblems().filter { p in
            if assetNames.isEmpty && p.key.hasPrefix("protocol.collateral[") { return false }
            if collateralNames.isEmpty && (p.key.hasPrefix("market.pools[") || p.key.hasPrefix("oracles[") || p.key == "network.gas_asset") {
                return false
            }
            return true
        })
        return (model, counterfactual)
    }

    /// Loads, overrides and checks the scenario at `path`.
    /// - Throws: ``ScenarioError`` listing every problem, or ``OverrideError``.
    public static func load(path: String, overrides: [Override] = []) throws -> ScenarioLoader.Loaded<Scenario> {
        try ScenarioLoader.load(path: path, overrides: overrides) { decode($0, path: path) }
    }

    /// Checks `data` as the contents of the scenario file `path` (files it names are resolved against
    /// `path`'s folder); the entry point of the fuzzer in `fuzz/`.
    public static func load(path: String, data: Data, overrides: [Override] = []) throws -> ScenarioLoader.Loaded<Scenario> {
        try ScenarioLoader.load(source: try ScenarioSource(path: path, data: data), overrides: overrides) { decode($0, path: path) }
    }
}
