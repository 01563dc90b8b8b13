import Foundation

/// What a sweep folder records about itself beyond its results, and the changes `--resume` may make to it.
///
/// - `shard.txt` holds the `i/n` the folder was made with (`0/1` unsharded), so resuming it as another shard,
///   which would mix two shards' runs, is refused.
/// - A finished (or interrupted) sweep can be extended with more replications: the normalized scenario may
///   differ from the folder's only in `[sweep] replications`, upwards. Run ids are renumbered
///   (`run_id = point × replications + replication`) from each row's own `point` and `replication` cells,
///   which is idempotent, so a kill part way through can be resumed again. The rows themselves do not change:
///   a run's random streams depend on (root seed, replication, stream), never on its run_id.
public enum SweepFolder {
    public static let shardFileName = "shard.txt"

    /// Refuses a folder made as another shard; records `shard` in a folder that has no record yet.
    public static func checkShard(folder: String, shard: Shard, resume: Bool) throws {
        let path = (folder as NSString).appendingPathComponent(shardFileName)
        if let recorded = try? String(contentsOfFile: path, encoding: .utf8) {
            let text = recorded.trimmingCharacters(in: .whitespacesAndNewlines)
            if resume, text != shard.description {
                throw OutputError(path: path, reason: "records shard \(text), but this sweep is shard \(shard); resume each shard's folder with its own --shard (or use another --out)")
            }
            if text == shard.description { return }
        }
        try AtomicFile.write(shard.description + "\n", to: path)
    }

    /// The replication count of the folder's sweep when `newText` is the same sweep with more replications,
    /// nil when the two scenarios are the same; throws when they differ otherwise.
    public static func replicationsExtended(from oldText: String, to newText: String, scenarioPath: String) throws -> Int? {
        if oldText == newText { return nil }
        let (oldRest, oldCount) = splitReplications(oldText)
        let (newRest, newCount) = splitReplications(newText)
        guard oldRest == newRest, let oldCount, let newCount else {
            throw OutputError(path: scenarioPath, reason: "differs from this scenario; --resume continues only the same sweep, or the same sweep with more [sweep] replications (use another --out)")
        }
        guard newCount > oldCount else {
            throw OutputError(path: scenarioPath, reason: "has \(oldCount) replications and this scenario \(newCount); --resume can add replications, not remove them (use another --out)")
        }
        return oldCount
    }

    /// The text without its `[sweep]` `replications = N` line, and N.
    private static func splitReplications(_ text: String) -> (String, Int?) {
        var section = ""
        var count: Int?
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("[") { section = String(line) }
            if section == "[sweep]", line.hasPrefix("replications = ") {
                count = Int(line.dropFirst("replications = ".count))
                continue
            }
            kept.append(line)
        }
        return (kept.joined(separator: "\n"), count)
    }

    /// Renumbers the rows of `runs.csv` and the detail files in `folder` for `replications` per point and
    /// sorts them by the new run_id. Each file is rewritten atomically; the rows are not changed otherwise.
    /// A shard keeps only the rows whose new run_id is still its own (`run_id mod n = i`): the others are now
    /// another shard's runs, which that shard runs (or keeps, by the same rule), so a merge finds each once.
    public static func renumber(folder: String, layout: SweepLayout, shard: Shard = .whole) throws {
        for (name, header) in resultFiles(layout) {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            if name == "runs.csv" { _ = try RunsFile.recover(path: path, header: header) }  // drops a torn last line
            let point = header.firstIndex(of: "point")!, replication = header.firstIndex(of: "replication")!
            try rewrite(path: path, header: header) { fields in
                guard let p = Int(fields[point]), let r = Int(fields[replication]), p < layout.points.count, r < layout.replications else {
                    return nil
                }
                return p * layout.replications + r
            } keep: { shard.contains(runID: $0) }
        }
    }

    /// Sorts `runs.csv` and the detail files by run_id (stable: a run's detail rows keep their order) when a
    /// resume appended runs out of order (after an extension). Files already in order are left untouched.
    public static func sortIfNeeded(folder: String, layout: SweepLayout) throws {
        for (name, header) in resultFiles(layout) {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let reader = LineReader(path: path) else { continue }
            _ = reader.next()
            var last = -1
            var sorted = true
            while let line = reader.next() {
                let id = Int(line.prefix { $0 != "," }) ?? -1
                if id < last { sorted = false; break }
                last = id
            }
            if !sorted { try rewrite(path: path, header: header, id: { Int($0[0]) }, keep: { _ in true }) }
        }
    }

    /// runs.csv and each detail file, with the columns this layout gives them.
    private static func resultFiles(_ layout: SweepLayout) -> [(name: String, header: [String])] {
        [("runs.csv", layout.header)] + layout.details.indices.map { (layout.details[$0].fileName, layout.detailHeader($0)) }
    }

    /// Rewrites a result file with each row's run_id from `id` (a row it returns nil for is an error),
    /// sorted stably by it, through a temporary file renamed into place.
    private static func rewrite(path: String, header: [String], id: ([String]) -> Int?, keep: (Int) -> Bool) throws {
        guard let reader = LineReader(path: path), let first = reader.next(), CSV.parse(Substring(first)) == header else {
            throw OutputError(path: path, reason: "cannot be read with this sweep's columns to renumber its runs")
        }
        var rows: [(id: Int, order: Int, line: String)] = []
        var n = 0
        while let line = reader.next() {
            if line.isEmpty { continue }
            var fields = CSV.parse(Substring(line))
            // A torn last detail row (a kill mid-write) is dropped here as the executor's resume would.
            if fields.count != header.count { continue }
            guard let newID = id(fields) else {
                throw OutputError(path: path, reason: "has a row outside this sweep's design: \(line.prefix(60))")
            }
            guard keep(newID) else { continue }
            fields[0] = String(newID)
            rows.append((newID, n, CSV.line(fields)))
            n += 1
        }
        rows.sort { ($0.id, $0.order) < ($1.id, $1.order) }
        try AtomicFile.write(first + "\n" + rows.map(\.line).joined(), to: path)
    }
}
