import Foundation
import TOMLKit

/// Reads a scenario file from disk and parses its TOML, with messages for every way that can go wrong
/// before any key is looked at: missing file, a directory, an oversized or binary file, invalid UTF-8 and
/// TOML syntax errors (with line and column).
public struct ScenarioSource {
    /// Scenario files are hand-written text; anything larger is almost certainly the wrong file.
    public static let maximumBytes = 4 << 20

    public let path: String
    public let text: String
    public let table: ConfigTable

    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Self.error(path, "file not found, expected a scenario file (.toml)")
        }
        if isDirectory.boolValue { throw Self.error(path, "is a directory, expected a scenario file (.toml)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Self.error(path, "cannot be read (permission denied?), expected a readable scenario file")
        }
        try self.init(path: path, data: data)
    }

    /// Parses `data` as the contents of `path` (used by tests and the fuzzer without touching the disk).
    public init(path: String, data: Data) throws {
        self.path = path
        if data.count > Self.maximumBytes {
            throw Self.error(path, "is \(data.count) bytes, expected a scenario file of at most \(Self.maximumBytes) bytes")
        }
        if data.contains(0) { throw Self.error(path, "contains NUL bytes (a binary file?), expected TOML text") }
        guard let text = String(data: data, encoding: .utf8) else {
            let offset = Self.firstInvalidUTF8Offset(data)
            throw Self.error(path, "is not valid UTF-8 (first bad byte at offset \(offset)), expected TOML text in UTF-8")
        }
        self.text = text
        if let bad = TOMLGuard.firstProblem(in: text) {
            throw ScenarioError(problems: [ConfigProblem(
                file: path, keyPath: "", line: bad.line, message: "TOML syntax error at column \(bad.column): \(bad.message)")])
        }
        do {
            table = ConfigTable(try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw ScenarioError(problems: [ConfigProblem(
                file: path, keyPath: "", line: error.source.begin.line,
                message: "TOML syntax error at column \(error.source.begin.column): \(error.description)")])
        }
    }

    static func error(_ path: String, _ message: String) -> ScenarioError {
        ScenarioError(problems: [ConfigProblem(file: path, keyPath: "", line: nil, message: message)])
    }

    private static func firstInvalidUTF8Offset(_ data: Data) -> Int {
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            let b = bytes[offset]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if length == 0 || offset + length > bytes.count { return offset }
            if String(bytes: bytes[offset..<offset + length], encoding: .utf8) == nil { return offset }
            offset += length
        }
        return offset
    }
}
