import Foundation

/// `cascade merge`: combines the `runs.csv` of shard folders into the files an unsharded sweep writes.
///
/// Every shard's runs.csv is in run_id order (the executor writes a prefix of its runs in order), so the merge
/// is a k-way merge that streams: memory does not grow with the number of runs.
public enum ShardMerge {
    /// Checks that every run of `layout` is present exactly once across `folders` and that every shard ran
    /// the same scenario (identical `scenario.toml`), then writes `runs.csv` (run_id order), the detail file
    /// when the layout has one (run_id order too) and `summary.csv` into `outFolder`. Nothing is left in
    /// `outFolder` when a check fails.
    public static func merge(folders: [String], layout: SweepLayout, scenarioText: String, outFolder: String) throws {
        let outReal = realPath(outFolder)
        if let shard = folders.first(where: { realPath($0) == outReal && outReal != nil }) {
            throw OutputError(path: outFolder, reason: "is one of the shard folders (\(shard)); merge into a folder of its own")
        }
        let outRuns = (outFolder as NSString).appendingPathComponent("runs.csv")
        if RunsFile.holdsResults(path: outRuns),
           (try? String(contentsOfFile: (outFolder as NSString).appendingPathComponent("scenario.toml"), encoding: .utf8)) != scenarioText {
            throw OutputError(path: outFolder, reason: "holds another sweep's results (its scenario.toml differs from the shards'); merge into an empty folder")
        }
        let existed = FileManager.default.fileExists(atPath: outFolder)
        do { try mergeChecked(folders: folders, layout: layout, scenarioText: scenarioText, outFolder: outFolder) } catch {
            // Nothing is left behind: a folder this merge created goes again (the files are temporary until the end).
            if !existed { try? FileManager.default.removeItem(atPath: outFolder) }
            throw error
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    private static func mergeChecked(folders: [String], layout: SweepLayout, scenarioText: String, outFolder: String) throws {
        var cursors: [Cursor] = []
        for folder in folders {
            let scenarioPath = (folder as NSString).appendingPathComponent("scenario.toml")
            guard let text = try? String(contentsOfFile: scenarioPath, encoding: .utf8) else {
                throw OutputError(path: scenarioPath, reason: "missing; expected the scenario.toml every shard writes")
            }
            guard text == scenarioText else {
                throw OutputError(path: scenarioPath, reason: "differs from the first shard's scenario.toml, expected shards of one sweep")
            }
            let runsPath = (folder as NSString).appendingPathComponent("runs.csv")
            guard try RunsFile.recover(path: runsPath, header: layout.header) != nil, let reader = LineReader(path: runsPath) else {
                throw OutputError(path: runsPath, reason: "missing; expected the runs.csv of a shard")
            }
            _ = reader.next()  // the header, checked by recover
            var cursor = Cursor(path: runsPath, reader: reader)
            try cursor.advance(runCount: layout.runCount)
            cursors.append(cursor)
        }

        try prepareOutputDirectory(outFolder)
        let runsPath = (outFolder as NSString).appendingPathComponent("runs.csv")
        let file = try MergedFile(path: runsPath)

        var buffer = CSV.line(layout.header)
        var expected = 0
        var missing: [Int] = []
        var missingCount = 0
        func noteMissing(upTo id: Int) {
            while expected < id {
                missingCount += 1
                if missing.count < 10 { missing.append(expected) }
                expected += 1
            }
        }
        while let best = smallest(cursors), let id = cursors[best].id {
            if id < expected || cursors.indices.contains(where: { $0 != best && cursors[$0].id == id }) {
                throw OutputError(path: cursors[best].path, reason: "run \(id) appears in more than one shard")
            }
            noteMissing(upTo: id)
            buffer += cursors[best].line! + "\n"
            expected = id + 1
            if buffer.utf8.count > 1 << 20 {
                try file.write(buffer)
                buffer = ""
            }
            try cursors[best].advance(runCount: layout.runCount)
        }
        noteMissing(upTo: layout.runCount)
        if missingCount > 0 {
            let shown = missing.map(String.init).joined(separator: ", ")
            throw OutputError(path: outFolder, reason: "\(missingCount) of \(layout.runCount) runs are missing (run_id \(shown)\(missingCount > 10 ? ", …" : "")); run or resume the shards that hold them")
        }
        try file.finish(writing: buffer)
        for k in layout.details.indices { try mergeDetails(k, folders: folders, layout: layout, outFolder: outFolder) }
        try AtomicFile.write(scenarioText, to: (outFolder as NSString).appendingPathComponent("scenario.toml"))
        try SweepSummary.write(layout: layout, runsPath: runsPath, summaryPath: (outFolder as NSString).appendingPathComponent("summary.csv"))
    }

    /// Merges the shards' detail files by run_id (a run's rows are contiguous and in one shard) into a
    /// temporary file renamed into place.
    private static func mergeDetails(_ k: Int, folders: [String], layout: SweepLayout, outFolder: String) throws {
        let detail = layout.details[k]
        let detailHeader = layout.detailHeader(k)
        var cursors: [Cursor] = []
        for folder in folders {
            let path = (folder as NSString).appendingPathComponent(detail.fileName)
            guard let reader = LineReader(path: path) else {
                throw OutputError(path: path, reason: "missing; expected the \(detail.fileName) of a shard")
            }
            guard let header = reader.next(), CSV.parse(Substring(header)) == detailHeader else {
                throw OutputError(path: path, reason: "has other columns than \(detailHeader.prefix(6).joined(separator: ","))…, expected the \(detail.fileName) of this sweep")
            }
            var cursor = Cursor(path: path, reader: reader, allowsRepeats: true)
            try cursor.advance(runCount: layout.runCount)
            cursors.append(cursor)
        }
        let file = try MergedFile(path: (outFolder as NSString).appendingPathComponent(detail.fileName))
        var buffer = CSV.line(detailHeader)
        while let best = smallest(cursors) {
            buffer += cursors[best].line! + "\n"
            if buffer.utf8.count > 1 << 20 {
                try file.write(buffer)
                buffer = ""
            }
            try cursors[best].advance(runCount: layout.runCount)
        }
        try file.finish(writing: buffer)
    }

    /// The cursor holding the smallest run_id, or nil when every shard is exhausted.
    private static func smallest(_ cursors: [Cursor]) -> Int? {
        var best: Int?
        for i in cursors.indices where cursors[i].id != nil {
            if best == nil || cursors[i].id! < cursors[best!].id! { best = i }
        }
        return best
    }

    /// The next row of one shard's runs.csv (or detail file, where a run has several rows).
    private struct Cursor {
        let path: String
        let reader: LineReader
        /// Whether consecutive rows may share a run_id (a detail file).
        var allowsRepeats = false
        var line: String?
        var id: Int?

        init(path: String, reader: LineReader, allowsRepeats: Bool = false) {
            self.path = path
            self.reader = reader
            self.allowsRepeats = allowsRepeats
        }

        mutating func advance(runCount: Int) throws {
            let previous = id
            repeat { line = reader.next() } while line?.isEmpty == true
            guard let line else { id = nil; return }
            guard let value = Int(line.prefix { $0 != "," }), value >= 0, value < runCount else {
                throw OutputError(path: path, reason: "has run_id \(line.prefix { $0 != "," }), expected 0..<\(runCount)")
            }
            if let previous, allowsRepeats ? value < previous : value <= previous {
                throw OutputError(path: path, reason: "run \(value) follows run \(previous), expected run_id order (a file written by cascade sweep)")
            }
            id = value
        }
    }
}

/// A merged output file, written under a temporary name and renamed into place by ``finish(writing:)``; removed
/// if never finished, so a failed merge leaves nothing behind.
private final class MergedFile {
    let path: String
    let temporary: String
    private let fd: Int32
    private var closed = false

    init(path: String) throws {
        self.path = path
        temporary = path + ".tmp-\(getpid())"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw OutputError(path: temporary, reason: "cannot create: \(errnoText())") }
    }

    deinit {
        if !closed {
            if fd >= 0 { close(fd) }
            unlink(temporary)
        }
    }

    func write(_ text: String) throws { try FileDescriptorWriter.writeAll(fd: fd, text, path: temporary) }

    /// Writes the last of the text, syncs, closes and renames the file into place.
    func finish(writing text: String) throws {
        try write(text)
        guard fsync(fd) == 0 else { throw OutputError(path: temporary, reason: "fsync failed: \(errnoText())") }
        close(fd)
        closed = true
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw OutputError(path: path, reason: "cannot rename the merged file into place: \(errnoText())")
        }
    }
}
