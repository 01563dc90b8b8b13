import Foundation

/// `cascade merge`: combines the `runs.csv` of shard folders into the files an unsharded sweep writes.
public enum ShardMerge {
    /// Checks that every run of `layout` is present exactly once across `folders` and that every shard ran
    /// the same scenario (identical `scenario.toml`), then writes `runs.csv` (run_id order) and
    /// `summary.csv` into `outFolder`.
    public static func merge(folders: [String], layout: SweepLayout, scenarioText: String, outFolder: String) throws {
        var rows = [String?](repeating: nil, count: layout.runCount)
        for folder in folders {
            let scenarioPath = (folder as NSString).appendingPathComponent("scenario.toml")
            guard let text = try? String(contentsOfFile: scenarioPath, encoding: .utf8) else {
                throw OutputError(path: scenarioPath, reason: "missing; expected the scenario.toml every shard writes")
            }
            guard text == scenarioText else {
                throw OutputError(path: scenarioPath, reason: "differs from the first shard's scenario.toml, expected shards of one sweep")
            }
            let runsPath = (folder as NSString).appendingPathComponent("runs.csv")
            guard let existing = try RunsFile.recover(path: runsPath, header: layout.header),
                  let data = FileManager.default.contents(atPath: runsPath), let body = String(data: data, encoding: .utf8) else {
                throw OutputError(path: runsPath, reason: "missing; expected the runs.csv of a shard")
            }
            _ = existing
            for line in body.split(separator: "\n").dropFirst() {
                guard let id = Int(line.prefix { $0 != "," }), id >= 0, id < layout.runCount else {
                    throw OutputError(path: runsPath, reason: "has run_id \(line.prefix { $0 != "," }), expected 0..<\(layout.runCount)")
                }
                if rows[id] != nil { throw OutputError(path: runsPath, reason: "run \(id) appears in more than one shard") }
                rows[id] = String(line) + "\n"
            }
        }
        let missing = rows.indices.filter { rows[$0] == nil }
        if !missing.isEmpty {
            let shown = missing.prefix(10).map(String.init).joined(separator: ", ")
            throw OutputError(path: outFolder, reason: "\(missing.count) of \(layout.runCount) runs are missing (run_id \(shown)\(missing.count > 10 ? ", …" : "")); run or resume the shards that hold them")
        }
        try prepareOutputDirectory(outFolder)
        let runsPath = (outFolder as NSString).appendingPathComponent("runs.csv")
        try AtomicFile.write(CSV.line(layout.header) + rows.map { $0! }.joined(), to: runsPath)
        try AtomicFile.write(scenarioText, to: (outFolder as NSString).appendingPathComponent("scenario.toml"))
        try SweepSummary.write(layout: layout, runsPath: runsPath, summaryPath: (outFolder as NSString).appendingPathComponent("summary.csv"))
    }
}
