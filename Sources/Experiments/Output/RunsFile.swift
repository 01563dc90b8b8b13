import Foundation

/// `runs.csv` of a sweep: one row per finished run, appended whole with a single `write(2)` each, so a kill
/// can at worst leave a torn last line, which ``RunsFile/recover(path:header:)`` detects and drops.
public final class RunsFile {
    public let path: String
    private let fd: Int32
    /// Rows written by this process.
    public private(set) var written = 0

    /// Opens `path` for appending, writing `header` first when the file is new or empty.
    public init(path: String, header: [String]) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, reason: "cannot open for appending: \(errnoText())") }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_size == 0 {
            try FileDescriptorWriter.writeAll(fd: fd, CSV.line(header), path: path)
        }
    }

    deinit { close(fd) }

    /// Appends finished rows (already terminated lines) in one write. When the write fails part way (a full
    /// disk, a file-size limit) the partial rows are cut off again, so the file stays whole rows only.
    public func append(_ lines: String) throws {
        var info = stat()
        let sizeBefore = fstat(fd, &info) == 0 ? info.st_size : -1
        do {
            try FileDescriptorWriter.writeAll(fd: fd, lines, path: path)
        } catch {
            if sizeBefore >= 0 { _ = ftruncate(fd, sizeBefore) }
            throw error
        }
        written += lines.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
    }

    /// Flushes the file to disk so everything reported as finished survives a crash.
    public func sync() throws {
        guard fsync(fd) == 0 else { throw OutputError(path: path, reason: "fsync failed: \(errnoText())") }
    }

    /// Whether `path` (following symlinks) holds any bytes, i.e. results a new sweep must not overwrite.
    /// An empty file or a device such as /dev/null or /dev/full holds none.
    public static func holdsResults(path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_size > 0
    }

    /// Cuts an existing detail file (rows of several per run, in run_id order, written before their runs.csv
    /// rows) back to the rows of the runs in `finished`: the first row of any other run, and everything after
    /// it, was written for a run that runs.csv does not hold. Checks the header; nothing to do when absent.
    public static func recoverDetails(path: String, header: [String], keeping finished: Set<Int>) throws {
        guard let data = try readForResume(path: path, expected: "a detail file written by cascade") else { return }
        var offset = 0
        var keep = 0
        var lineNumber = 0
        while offset < data.count {
            guard let end = data[offset...].firstIndex(of: UInt8(ascii: "\n")) else { break }  // a torn last line
            lineNumber += 1
            let text = String(decoding: data[offset..<end], as: UTF8.self)
            if lineNumber == 1 {
                let found = CSV.parse(Substring(text))
                guard found == header else {
                    throw OutputError(path: path, reason: "has columns \(found.prefix(6).joined(separator: ","))…, expected \(header.prefix(6).joined(separator: ","))…; use another --out folder or remove the file")
                }
            } else {
                guard let id = Int(text.prefix { $0 != "," }), finished.contains(id) else { break }
            }
            offset = end + 1
            keep = offset
        }
        if keep < data.count {
            guard truncate(path, off_t(keep)) == 0 else {
                throw OutputError(path: path, reason: "cannot cut it back to the finished runs: \(errnoText())")
            }
        }
    }

    /// The bytes of a file to resume, or nil when it does not exist. Refuses what is not a regular file (a
    /// device, a FIFO, a folder: reading it could block or never end); `expected` names what it should be.
    private static func readForResume(path: String, expected: String) throws -> Data? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw OutputError(path: path, reason: "is not a regular file, expected \(expected)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OutputError(path: path, reason: "cannot read it to resume")
        }
        return data
    }

    /// What an existing `runs.csv` already holds, for `--resume`.
    public struct Existing {
        public var finishedRunIDs: Set<Int>
        public var droppedTornLine: Bool
    }

    /// Reads an existing file: checks its header, truncates a torn last line (no trailing newline), and
    /// returns the `run_id`s it holds. Returns `nil` when the file does not exist.
    public static func recover(path: String, header: [String]) throws -> Existing? {
        guard let data = try readForResume(path: path, expected: "a runs.csv written by cascade") else { return nil }
        if data.isEmpty { return Existing(finishedRunIDs: [], droppedTornLine: false) }
        var validLength = data.count
        var torn = false
        if data.last != UInt8(ascii: "\n") {
            validLength = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
            torn = true
        }
        guard let text = String(data: data.prefix(validLength), encoding: .utf8) else {
            throw OutputError(path: path, reason: "is not UTF-8 text, expected a runs.csv written by cascade")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        if lines.isEmpty {
            if torn { truncate(path, 0) }
            return Existing(finishedRunIDs: [], droppedTornLine: torn)
        }
        let found = CSV.parse(lines.removeFirst())
        guard found == header else {
            throw OutputError(path: path, reason: "has columns \(found.prefix(8).joined(separator: ","))…, expected those of this sweep (\(header.prefix(8).joined(separator: ","))…); use another --out folder or remove the file")
        }
        var ids = Set<Int>()
        for (i, line) in lines.enumerated() {
            guard let id = Int(line.prefix { $0 != "," }), ids.insert(id).inserted else {
                throw OutputError(path: path, reason: "line \(i + 2) has a missing or repeated run_id, expected each run once")
            }
        }
        if torn {
            guard truncate(path, off_t(validLength)) == 0 else {
                throw OutputError(path: path, reason: "cannot drop its torn last line: \(errnoText())")
            }
        }
        return Existing(finishedRunIDs: ids, droppedTornLine: torn)
    }
}
