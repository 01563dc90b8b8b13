import CascadeModel
import Foundation
import Stochastic

/// `cascade run`: one replication of a scenario, with its detail files.
public enum SingleRun {
    /// What the command prints as a summary.
    public struct Report: Sendable {
        public let scenarioName: String
        public let seed: UInt64
        public let replication: Int
        public let outcome: RunOutcome
        public let result: RunResult?
        public let filesWritten: [String]
    }

    /// Runs replication `replication` of `loaded` and writes runs.csv, timeseries.csv, liquidations.csv, liquidators.csv, assets.csv,
    /// scenario.toml (and events.csv with `trace`) into `outFolder`. Files are first written under a
    /// temporary name and renamed into place, so an interrupted run leaves no half-written file.
    public static func execute(loaded: ScenarioLoader.Loaded<Scenario>, replication: Int, outFolder: String, trace: Bool) throws -> Report {
        let scenario = loaded.value
        let seed = scenario.simulation.seed
        let layout = SweepLayout(scenarioName: scenario.simulation.name, rootSeed: seed,
                                 points: [DesignPoint(index: 0, caseName: "", assignments: [])], replications: replication + 1,
                                 metricNames: CascadeStudy.metricNames)
        let outcome: RunOutcome
        var result: RunResult?
        do {
            let sim = try Simulation(spec: scenario.model, rootSeed: seed, replication: replication, generator: scenario.simulation.generator,
                                     recording: RecordingOptions(timeSeries: true, liquidations: true, trace: trace))
            let r = try sim.run()
            result = r
            outcome = .ok(r.metrics.values + (try CascadeStudy.counterfactualValues(scenario, replication: replication, metrics: r.metrics)))
        } catch {
            outcome = .failed("run failed (scenario \(scenario.path), seed \(seed), replication \(replication)) \(error)")
        }
        try prepareOutputDirectory(outFolder)
        func path(_ name: String) -> String { (outFolder as NSString).appendingPathComponent(name) }
        // A sweep's folder is not a run's: refuse rather than mix one run's files with a sweep's.
        for marker in ["summary.csv", SweepFolder.shardFileName] where FileManager.default.fileExists(atPath: path(marker)) {
            throw OutputError(path: outFolder, reason: "holds a sweep's results (\(marker)); cascade run writes into an empty folder or one of its own runs: choose another --out")
        }
        var written: [String] = []
        func write(_ name: String, _ text: String) throws {
            try AtomicFile.write(text, to: path(name))
            written.append(path(name))
        }
        let job = SweepJob(runID: replication, point: 0, replication: replication)
        try write("runs.csv", CSV.line(layout.header) + layout.line(for: job, outcome: outcome))
        if let r = result {
            try write("timeseries.csv", ResultFiles.timeSeries(r.timeSeries, assets: r.assetNames))
            try write("liquidations.csv", ResultFiles.liquidations(r.liquidations))
            try write("liquidators.csv", ResultFiles.liquidators(r.liquidators))
            try write("assets.csv", ResultFiles.assets(r.assets))
            if trace { try write("events.csv", ResultFiles.events(r.trace)) }
            if !r.loanBands.isEmpty { try write("bands.csv", ResultFiles.loanBands(r.loanBands)) }
        }
        // The run owns these names: any of them this run did not write (events.csv without --trace, the detail
        // files of a failed run) is an earlier run's and goes, so the folder never mixes two runs.
        for name in ownedFiles where !written.contains(path(name)) && name != "scenario.toml" { unlink(path(name)) }
        try write("scenario.toml", loaded.normalized.toml(comment: "Normalized from \(scenario.path) by cascade run (replication \(replication)).\nRe-create this run with: cascade run <this file> --replication \(replication)") + "\n")
        return Report(scenarioName: scenario.simulation.name, seed: seed, replication: replication, outcome: outcome, result: result, filesWritten: written)
    }

    /// Every file `cascade run` may write into its folder.
    public static let ownedFiles = ["runs.csv", "timeseries.csv", "liquidations.csv", "liquidators.csv", "assets.csv", "events.csv",
                                    "bands.csv", "scenario.toml"]

    /// A few lines for a person: bad debt, depth, liquidations and the worst moment.
    public static func summary(_ report: Report) -> String {
        guard let r = report.result else {
            if case .failed(let message) = report.outcome { return "\(report.scenarioName): FAILED: \(message)\n" }
            return ""
        }
        let m = r.metrics
        func usd(_ x: Double) -> String { String(format: "%.2f", x) }
        var out = "\(report.scenarioName) (seed \(report.seed), replication \(report.replication))\n"
        out += "  bad debt        \(usd(m.badDebt)) USD gross, \(usd(m.badDebtNet)) USD after the insurance fund (peak \(usd(m.maxBadDebt)))\n"
        out += "  liquidations    \(m.liquidations) (\(usd(m.liquidatedDebt)) USD of debt), \(m.failedLiquidationTxs) reverted transactions, \(m.toxicLiquidations) toxic\n"
        out += "  cascade depth   \(m.cascadeDepth) (\(String(format: "%.1f", 100 * m.inducedLiquidatedDebt))% of liquidated debt induced by earlier liquidations)\n"
        out += "  market          min reference price \(usd(m.minReferencePrice)), max drawdown \(String(format: "%.1f", 100 * m.maxDrawdown))%, max oracle deviation \(String(format: "%.2f", 100 * m.maxOracleDeviation))%\n"
        if m.auctionZeroBids > 0 { out += "  auctions        \(m.auctionZeroBids) settled at (near) zero bids\n" }
        if case .ok(let values, _) = report.outcome, values.count == CascadeStudy.metricNames.count {
            let cf = Array(values.suffix(CascadeStudy.counterfactualNames.count))
            if !cf[0].isNaN {
                out += "  without impact  \(usd(cf[0])) USD liquidated, bad debt \(usd(cf[1])) USD: amplification \(String(format: "%.3f", cf[2])), \(usd(cf[3])) USD of bad debt from the impact\n"
            }
        }
        out += "  worst moment    t = \(DurationText.text(r.worstMomentSeconds.rounded())) (bad debt \(usd(m.maxBadDebt)) USD)\n"
        return out
    }
}
