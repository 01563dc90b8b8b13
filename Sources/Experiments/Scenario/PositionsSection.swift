import CascadeModel
import Stochastic

/// `[positions]`: a random population (`source = "population"`) or a CSV snapshot (`source = "snapshot"`).
enum PositionsSection {
    enum Source: String, CaseIterable { case population, snapshot }

    /// - Parameter collateral: `[[protocol.collateral]]`, whose order the weights and snapshot columns follow.
    static func decode(_ r: ConfigReader, collateral: [CollateralAsset], directory: String) -> ModelSpec.Positions {
        let source: Source = r.choice("source", default: .population)
        let positions: ModelSpec.Positions
        switch source {
        case .population:
            let spec = PopulationSpec(
                count: r.integer("count"),
                size: r.distribution("size"),
                sizeMeasure: r.choice("size_measure", default: .debt),
                initialHealthFactor: r.distribution("initial_health_factor"),
                assetWeights: r.doubles("asset_weights", default: Array(repeating: 1, count: max(collateral.count, 1))),
                mix: r.choice("mix", default: .single))
            // Without collateral ([protocol] is missing or broken, and says so) the weights cannot be checked.
            if !collateral.isEmpty { r.reportComponent(spec.validate(assetCount: collateral.count)) }
            positions = .population(spec)
        case .snapshot:
            let path = r.filePath("file", relativeTo: directory)
            var book = PositionBook(assetCount: collateral.count)
            if r.contains("file") {
                do { book = try PositionSnapshot.load(path: path, assets: collateral) } catch {
                    r.problem("file", "\(error)")
                }
            }
            positions = .snapshot(book, source: path)
        }
        r.finish()
        return positions
    }
}
