import CascadeModel
import Stochastic

/// `[network]`: blocks and the EIP-1559 fee market → ``NetworkConfig``; `[network.demand]` → ``BackgroundDemand``;
/// `gas_asset` → ``ModelSpec/gasAsset``.
enum NetworkSection {
    enum BlockProduction: String, CaseIterable { case fixed, poisson }
    enum DemandKind: String, CaseIterable { case none, stochastic, replay }

    struct Spec {
        var network: NetworkConfig
        var demand: BackgroundDemand
        var gasAsset: String?
    }

    static func decode(_ r: ConfigReader, directory: String) -> Spec {
        let d = NetworkConfig()
        let production: BlockProduction = r.choice("block_production", default: .fixed)
        let network = NetworkConfig(
            blockTimeSeconds: r.seconds("block_time_seconds", default: d.blockTimeSeconds),
            blockProduction: production == .fixed ? .fixed : .poisson,
            gasLimit: r.integer("gas_limit", default: d.gasLimit),
            elasticityMultiplier: r.integer("elasticity_multiplier", default: d.elasticityMultiplier),
            baseFeeChangeDenominator: r.double("base_fee_change_denominator", default: d.baseFeeChangeDenominator),
            initialBaseFeeGwei: r.double("initial_base_fee_gwei", default: d.initialBaseFeeGwei),
            nonceOrder: r.bool("nonce_order", default: d.nonceOrder))
        r.reportComponent(network.validate())
        let gasAsset = r.optionalString("gas_asset")
        let demand = self.demand(r.sectionOrDefaults("demand"), directory: directory)
        r.finish()
        return Spec(network: network, demand: demand, gasAsset: gasAsset)
    }

    /// `[network.demand]`: other users' gas demand; absent = none.
    private static func demand(_ r: ConfigReader, directory: String) -> BackgroundDemand {
        let kind: DemandKind = r.choice("type", default: Optional(DemandKind.none))
        let demand: BackgroundDemand
        switch kind {
        case .none: demand = .none
        case .stochastic:
            let d = StochasticDemand()
            let spec = StochasticDemand(
                baseGasPerBlock: r.double("base_gas_per_block", default: d.baseGasPerBlock),
                stressSensitivity: r.double("stress_sensitivity", default: d.stressSensitivity),
                noiseSigma: r.double("noise_sigma", default: d.noiseSigma),
                priorityFeeGwei: r.distribution("priority_fee_gwei", default: d.priorityFeeGwei),
                maxFeeGwei: r.distribution("max_fee_gwei", default: d.maxFeeGwei),
                chunks: r.integer("chunks", default: d.chunks),
                stressWindowSeconds: r.seconds("stress_window_seconds", default: d.stressWindowSeconds))
            r.reportComponent(spec.validate())
            demand = .stochastic(spec)
        case .replay:
            // ReplayedDemand has no validate(): its two numbers are range-checked here.
            let path = r.filePath("file", relativeTo: directory)
            let start = r.contains("start_unix_time") ? r.double("start_unix_time") : nil
            let gasPerBlock = r.double("gas_per_block", default: 30_000_000, check: { $0 >= 0 ? nil : "a number ≥ 0" })
            let chunks = r.int("chunks", default: 20, in: 1...Int.max)
            demand = {
                guard r.contains("file") else { return .none }
                do {
                    let series = try GasPriceSeries.load(path: path)
                    return .replay(ReplayedDemand(series: series, startUnixTime: start, gasPerBlock: gasPerBlock, chunks: chunks))
                } catch {
                    r.problem("file", "\(error)")
                    return .none
                }
            }()
        }
        r.finish()
        return demand
    }
}
