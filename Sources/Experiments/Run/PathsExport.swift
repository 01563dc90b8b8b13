import CascadeModel
import Foundation
import Stochastic

/// `cascade paths`: the scenario's price paths on their own.
public enum PathsExport {
    /// Writes `paths.csv` (replication, time_s, asset, price, regime) into `folder`; returns its path.
    public static func write(scenario: Scenario, replications: Int, folder: String) throws -> String {
        let plan = try PricePathPlan(spec: scenario.model.paths, tickSeconds: scenario.model.tickSeconds)
        var out = CSV.line(["replication", "time_s", "asset", "price", "regime"])
        for r in 0..<replications {
            let streams = StreamFactory(rootSeed: scenario.simulation.seed, replication: r, generator: scenario.simulation.generator)
            for s in try samplePaths(plan: plan, streams: streams, horizonSeconds: scenario.model.horizonSeconds) {
                out += CSV.line([String(s.replication), CSV.number(s.timeSeconds), s.asset, CSV.number(s.price), s.regime ?? ""])
            }
        }
        try prepareOutputDirectory(folder)
        let path = (folder as NSString).appendingPathComponent("paths.csv")
        try AtomicFile.write(out, to: path)
        return path
    }
}
