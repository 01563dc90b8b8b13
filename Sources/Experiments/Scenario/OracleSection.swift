import CascadeModel
import Stochastic

/// `[[oracles]]`: one price feed per collateral asset → ``OracleConfig``. Absent: every asset's oracle reads the
/// reference price instantly.
enum OracleSection {
    enum Kind: String, CaseIterable {
        case instant, osm, chainlink, twap
        case ammSpot = "amm-spot"
    }

    enum OutageKind: String, CaseIterable { case none, scripted, random }

    /// `pokes` of an OSM: `"free"` (the OSM observes the market itself and pokes on its grid at no cost) or
    /// `"transactions"` (Medianizer updates and pokes are transactions in the block-space network).
    enum Pokes: String, CaseIterable { case free, transactions }

    /// - Parameter assets: the collateral names; `asset` defaults to the only one.
    static func decode(_ r: ConfigReader, assets: [String]) -> OracleConfig {
        // With no collateral at all (its section is missing, reported already) there is nothing to require.
        let asset = assets.count == 1 ? r.string("asset", default: assets[0]) : r.string("asset", default: assets.isEmpty ? "" : nil)
        let kind: Kind = r.choice("type")
        let spec: OracleSpec
        var round = OracleConfig.RoundTransaction()
        var median = OracleConfig.RoundTransaction()
        func transaction(_ prefix: String, _ d: OracleConfig.RoundTransaction) -> OracleConfig.RoundTransaction {
            OracleConfig.RoundTransaction(
                gasUsed: r.integer("\(prefix)_gas_used", default: d.gasUsed),
                maxPriorityFeeGwei: r.double("\(prefix)_max_priority_fee_gwei", default: d.maxPriorityFeeGwei),
                maxFeeGwei: r.double("\(prefix)_max_fee_gwei", default: d.maxFeeGwei))
        }
        switch kind {
        case .instant: spec = .instant
        case .ammSpot: spec = .ammSpot
        case .osm:
            let pokes: Pokes = r.choice("pokes", default: .free)
            let interval = r.seconds("interval_seconds", default: 3600)
            switch pokes {
            case .free:
                spec = .fixedDelay(intervalSeconds: interval, delaySeconds: r.seconds("delay_seconds", default: 3600))
            case .transactions:
                // The OSM's delay is its hop: what a poke publishes was read at the previous poke.
                if r.contains("delay_seconds") {
                    let delay = r.seconds("delay_seconds")
                    if delay != interval {
                        r.problem("delay_seconds", "found \(delay) s with pokes = \"transactions\", expected no delay_seconds (or interval_seconds, \(interval) s): the OSM publishes at each poke what it read at the one before (osm.sol), so its delay is the hop")
                    }
                }
                let d = OracleSpec.osmPoked()
                guard case .osmPoked(_, let spread, let expiry) = d else { preconditionFailure() }
                spec = .osmPoked(hopSeconds: interval, medianSpread: r.double("median_spread", default: spread),
                                 medianExpirySeconds: r.seconds("median_expiry_seconds", default: expiry))
                round = transaction("round", OracleConfig.osmPokeTransaction)
                median = transaction("median", OracleConfig.medianUpdateTransaction)
            }
        case .chainlink:
            spec = .deviationHeartbeat(deviationThreshold: r.double("deviation_threshold", default: 0.005),
                                       heartbeatSeconds: r.seconds("heartbeat_seconds", default: 3600))
            round = transaction("round", round)
        case .twap:
            spec = .twap(windowSeconds: r.seconds("window_seconds", default: 1800),
                         updateIntervalSeconds: r.seconds("update_interval_seconds", default: 60))
        }
        let latency = r.distribution("latency_seconds", default: .constant(value: 0))
        let outages = self.outages(r.sectionOrDefaults("outages"))
        let config = OracleConfig(asset: asset, spec: spec, latencySeconds: latency, outages: outages, roundTransaction: round,
                                  medianTransaction: median)
        r.reportComponent(config.validate())
        r.finish()
        return config
    }

    /// `[oracles.outages]`: `type = "none"`, `"scripted"` with `windows = [[start, end], ...]` (seconds), or
    /// `"random"` with `rate_per_day` and a `duration_seconds` distribution.
    private static func outages(_ r: ConfigReader) -> OracleConfig.Outages {
        let kind: OutageKind = r.choice("type", default: Optional(OutageKind.none))
        let outages: OracleConfig.Outages
        switch kind {
        case .none: outages = .none
        case .scripted:
            var windows: [OracleConfig.OutageWindow] = []
            for (i, row) in r.matrix("windows").enumerated() {
                if row.count == 2 {
                    windows.append(OracleConfig.OutageWindow(startSeconds: row[0], endSeconds: row[1]))
                } else {
                    r.problem("windows[\(i)]", "found \(row.count) numbers, expected [start, end] in seconds")
                }
            }
            outages = .scripted(windows)
        case .random:
            outages = .random(ratePerDay: r.double("rate_per_day"), durationSeconds: r.distribution("duration_seconds"))
        }
        r.finish()
        return outages
    }
}
