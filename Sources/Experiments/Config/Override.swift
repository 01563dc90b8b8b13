import TOMLKit

/// A `--set key.path=value` override, applied to the parsed file before it is read, so that it is checked
/// exactly like a value written in the file. The value is read as a TOML value (`0.5`, `"1h"`, `true`,
/// `[1, 2]`); text that is not valid TOML is taken as a string, so `--set oracles[0].type=osm` works unquoted.
public struct Override: Equatable, Sendable {
    /// Dotted path; array-of-tables entries are indexed: `liquidators[2].capital_usd`.
    public let keyPath: String
    public let value: ConfigNode

    public init(keyPath: String, value: ConfigNode) {
        self.keyPath = keyPath
        self.value = value
    }

    /// Parses `key.path=value`.
    public init(parsing text: String) throws {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw OverrideError(text: text, reason: "expected key.path=value")
        }
        let key = String(text[..<eq]).trimmed(" ")
        let raw = String(text[text.index(after: eq)...]).trimmed(" ")
        guard Override.components(of: key) != nil else {
            throw OverrideError(text: text, reason: "\"\(key)\" is not a key path such as oracles[0].heartbeat_seconds or liquidators[0].capital_usd")
        }
        if raw.isEmpty { throw OverrideError(text: text, reason: "the value is empty") }
        // One value on one line: a line break could smuggle in table headers (and toml++ aborts on some).
        if raw.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            throw OverrideError(text: text, reason: "the value spans several lines, expected one value on one line")
        }
        let source = "v = \(raw)"
        let parsed = TOMLGuard.firstProblem(in: source) != nil ? nil
            : (try? TOMLTable(string: source)).flatMap { $0["v"] }.map { ConfigNode($0) }
        self.init(keyPath: key, value: parsed ?? .string(raw))
    }

    /// One step of a key path: a table key, optionally indexing an array of tables.
    struct Component: Equatable { let key: String; let index: Int? }

    static func components(of path: String) -> [Component]? {
        var out: [Component] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var key = Substring(part)
            var index: Int?
            if let open = key.firstIndex(of: "["), key.hasSuffix("]") {
                guard let i = Int(key[key.index(after: open)..<key.index(before: key.endIndex)]), i >= 0 else { return nil }
                index = i
                key = key[..<open]
            }
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
            out.append(Component(key: String(key), index: index))
        }
        return out.isEmpty ? nil : out
    }

    /// Applies the override to `table`, creating missing tables on the way.
    func apply(to table: inout ConfigTable) throws {
        guard let path = Override.components(of: keyPath) else { throw OverrideError(text: keyPath, reason: "bad key path") }
        try Override.set(value, at: path[...], in: &table, fullPath: keyPath)
    }

    private static func set(_ value: ConfigNode, at path: ArraySlice<Component>, in table: inout ConfigTable, fullPath: String) throws {
        let head = path.first!
        let rest = path.dropFirst()
        if rest.isEmpty && head.index == nil {
            table[head.key] = value
            return
        }
        if let index = head.index {
            guard case .array(var items)? = table[head.key], index < items.count, case .table(var inner) = items[index] else {
                throw OverrideError(text: fullPath, reason: "there is no [[\(head.key)]] entry number \(index) (entries count from 0)")
            }
            if rest.isEmpty { throw OverrideError(text: fullPath, reason: "a whole [[\(head.key)]] entry cannot be replaced") }
            try set(value, at: rest, in: &inner, fullPath: fullPath)
            items[index] = .table(inner)
            table[head.key] = .array(items)
            return
        }
        var inner: ConfigTable
        switch table[head.key] {
        case nil: inner = ConfigTable()
        case .table(let t)?: inner = t
        case let other?: throw OverrideError(text: fullPath, reason: "\(head.key) is \(other.foundDescription), not a table")
        }
        try set(value, at: rest, in: &inner, fullPath: fullPath)
        table[head.key] = .table(inner)
    }
}

/// A `--set` argument that cannot be applied.
public struct OverrideError: Error, CustomStringConvertible, Sendable {
    public let text: String
    public let reason: String
    public var description: String { "--set \(text): \(reason)" }
}
