/// The fixed shape of a sweep's results: which runs exist and which columns `runs.csv` has.
///
/// `run_id = point × replications + replication`. Replication r of every point uses the same random
/// substreams (common random numbers): the streams depend only on (root seed, r, stream name), never on the
/// point, so two points that differ in a liquidation parameter see identical price paths.
public struct SweepLayout: Sendable {
    public let scenarioName: String
    public let rootSeed: UInt64
    public let points: [DesignPoint]
    public let replications: Int
    /// Swept keys, one column each, in the order the sweep lists them.
    public let parameterKeys: [String]
    public let metricNames: [String]
    /// The study's per-run detail tables (liquidators.csv: one row per liquidator class per run; assets.csv:
    /// one per collateral asset).
    public let details: [DetailTable]

    /// Swept keys some point gives as a duration text ("10m"): their column holds seconds and a `<key>_text`
    /// column beside it the duration spelled out.
    public let durationKeys: Set<String>
    /// Each point's effective value of every swept key (``parameterKeys`` order) as the run read it, defaults
    /// and durations (seconds) resolved, so a case that does not set a key still shows its value. Nil when
    /// the layout was rebuilt from a folder's scenario.toml (merge only copies rows; summaries read the
    /// cells from runs.csv).
    let effectiveCells: [[String]]?

    public init(scenarioName: String, rootSeed: UInt64, points: [DesignPoint], replications: Int, metricNames: [String],
                details: [DetailTable] = [], effectiveCells: [[String]]? = nil) {
        self.scenarioName = scenarioName
        self.rootSeed = rootSeed
        self.points = points
        self.replications = replications
        let keys = Self.parameterKeys(of: points)
        var durations = Set<String>()
        for point in points {
            for (key, value) in point.assignments {
                if case .string(let text) = value, DurationText.seconds(text) != nil { durations.insert(key) }
            }
        }
        self.parameterKeys = keys
        self.durationKeys = durations
        self.metricNames = metricNames
        self.details = details
        precondition(effectiveCells.map { $0.count == points.count && $0.allSatisfy { $0.count == keys.count } } ?? true,
                     "effectiveCells must hold one cell per swept key for every point")
        self.effectiveCells = effectiveCells
    }

    /// Every key some point assigns, in the order they first appear.
    public static func parameterKeys(of points: [DesignPoint]) -> [String] {
        var keys: [String] = []
        for point in points { for (key, _) in point.assignments where !keys.contains(key) { keys.append(key) } }
        return keys
    }

    /// The swept-key columns: each key, and `<key>_text` after a duration key.
    public var parameterColumns: [String] {
        parameterKeys.flatMap { durationKeys.contains($0) ? [$0, "\($0)_text"] : [$0] }
    }

    /// A point's cells under ``parameterColumns``.
    public func parameterCells(point index: Int) -> [String] {
        var out: [String] = []
        for (k, key) in parameterKeys.enumerated() {
            let assigned = points[index].assignments.first { $0.key == key }?.value
            var cell = effectiveCells?[index][k] ?? assigned.map(CSV.cell) ?? ""
            if durationKeys.contains(key) {
                if case .string(let text)? = assigned, let seconds = DurationText.seconds(text), effectiveCells == nil {
                    cell = CSV.number(seconds)
                }
                out.append(cell)
                out.append(Double(cell).map(DurationText.text) ?? cell)
            } else {
                out.append(cell)
            }
        }
        return out
    }

    /// The identity columns of a detail row: which run it belongs to.
    public static let detailIdentityColumns = ["run_id", "point", "case", "replication"]

    /// Detail table `k`'s columns.
    public func detailHeader(_ k: Int) -> [String] { Self.detailIdentityColumns + details[k].columns }

    /// Detail table `k`'s lines of one finished run (none for a failed run).
    public func detailLines(_ k: Int, for job: SweepJob, outcome: RunOutcome) -> String {
        guard case .ok(_, let tables) = outcome, k < tables.count else { return "" }
        let identity = [String(job.runID), String(job.point), points[job.point].caseName, String(job.replication)]
        return tables[k].map { CSV.line(identity + $0) }.joined()
    }

    public var runCount: Int { points.count * replications }

    public static let identityColumns = ["run_id", "scenario", "point", "case"]

    public var header: [String] {
        Self.identityColumns + parameterColumns + ["replication", "seed", "status"] + metricNames + ["message"]
    }

    public func job(runID: Int) -> SweepJob {
        SweepJob(runID: runID, point: runID / replications, replication: runID % replications)
    }

    /// The `runs.csv` line of one finished run.
    public func line(for job: SweepJob, outcome: RunOutcome) -> String {
        let point = points[job.point]
        var fields = [String(job.runID), scenarioName, String(job.point), point.caseName]
        fields += parameterCells(point: job.point)
        fields += [String(job.replication), String(rootSeed)]
        switch outcome {
        case .ok(let values, _):
            precondition(values.count == metricNames.count, "Run returned \(values.count) metrics, expected \(metricNames.count)")
            fields.append("ok")
            fields += values.map(CSV.number)
            fields.append("")
        case .failed(let message):
            fields.append("failed")
            fields += Array(repeating: "", count: metricNames.count)
            // One physical line per run, whatever the message says (resume and the summary read by lines).
            fields.append(message.split(whereSeparator: \.isNewline).joined(separator: " "))
        }
        return CSV.line(fields)
    }
}

/// One run of a sweep.
public struct SweepJob: Sendable, Equatable {
    public let runID: Int
    public let point: Int
    public let replication: Int
}

/// What a run produced: its metrics in ``SweepLayout/metricNames`` order and its rows of each detail table
/// (one list per ``SweepLayout/details`` entry, cells in ``DetailTable/columns`` order), or why it failed (a broken invariant, a non-finite price, …). Failed runs
/// are recorded with `status = failed`, never as normal rows, and have no detail rows.
public enum RunOutcome: Sendable {
    case ok([Double], details: [[[String]]] = [])
    case failed(String)
}

/// A study's table of several rows per run, written beside runs.csv in run_id order (e.g. liquidators.csv).
public struct DetailTable: Sendable, Equatable {
    public let fileName: String
    /// Columns after the identity columns (``SweepLayout/detailIdentityColumns``).
    public let columns: [String]

    public init(fileName: String, columns: [String]) {
        self.fileName = fileName
        self.columns = columns
    }
}

/// `--shard i/n`: this process runs the run_ids with `run_id mod n = i`.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let whole = Shard(index: 0, count: 1)

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/n` with 0 ≤ i < n.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw ShardError(message: "--shard \(text): expected i/n with whole numbers, e.g. 0/4")
        }
        guard n >= 1, i >= 0, i < n else {
            throw ShardError(message: "--shard \(text): expected 0 ≤ i < n (shards count from 0), found i = \(i), n = \(n)")
        }
        self.init(index: i, count: n)
    }

    public func contains(runID: Int) -> Bool { runID % count == index }
    public var description: String { "\(index)/\(count)" }
}

public struct ShardError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
