import Foundation

/// The scenario as the program understood it: every key it read, in reading order, defaults filled in,
/// durations in seconds. `cascade validate` prints it and every run writes it as `scenario.toml`, so any run
/// can be re-created exactly from its output folder.
public final class NormalizedTable {
    enum Value {
        case scalar(ConfigNode)
        case inline(NormalizedTable)
        case table(NormalizedTable)
        case tables([NormalizedTable])
    }

    private(set) var entries: [(key: String, value: Value)] = []

    init() {}

    func set(_ key: String, _ value: Value) {
        if let i = entries.firstIndex(where: { $0.key == key }) {
            entries[i].value = value
        } else {
            entries.append((key, value))
        }
    }

    /// TOML text: plain keys first, then sub-tables as `[a.b]` and arrays of tables as `[[a.b]]`.
    public func toml(comment: String? = nil) -> String {
        var out = ""
        if let comment { out += comment.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }.joined(separator: "\n") + "\n" }
        write(into: &out, path: "")
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    private func write(into out: inout String, path: String) {
        for (key, value) in entries {
            switch value {
            case .scalar(let node): out += "\(TOMLFormat.key(key)) = \(TOMLFormat.value(node))\n"
            case .inline(let table): out += "\(TOMLFormat.key(key)) = \(table.inlineText)\n"
            case .table, .tables: break
            }
        }
        for (key, value) in entries {
            let child = path.isEmpty ? TOMLFormat.key(key) : "\(path).\(TOMLFormat.key(key))"
            switch value {
            case .table(let table):
                out += "\n[\(child)]\n"
                table.write(into: &out, path: child)
            case .tables(let tables):
                for table in tables {
                    out += "\n[[\(child)]]\n"
                    table.write(into: &out, path: child)
                }
            case .scalar, .inline: break
            }
        }
    }

    /// The value the program read at a key path (`oracles[0].heartbeat_seconds`, `protocol.liquidation`) as a
    /// CSV cell: a scalar as ``CSV/cell(_:)`` writes it (durations in seconds), a table as inline TOML; nil
    /// when the path was not read.
    public func cell(atPath path: String) -> String? {
        guard let components = Override.components(of: path) else { return nil }
        var table = self
        for (n, c) in components.enumerated() {
            guard let value = table.entries.first(where: { $0.key == c.key })?.value else { return nil }
            let last = n == components.count - 1
            switch (value, c.index) {
            case (.scalar(let node), nil): return last ? CSV.cell(node) : nil
            case (.inline(let t), nil), (.table(let t), nil):
                if last { return t.inlineText }
                table = t
            case (.tables(let ts), let i?):
                guard i < ts.count else { return nil }
                if last { return ts[i].inlineText }
                table = ts[i]
            case (.tables(let ts), nil):
                return last ? "[\(ts.map(\.inlineText).joined(separator: ", "))]" : nil
            default: return nil
            }
        }
        return nil
    }

    var inlineText: String {
        let parts = entries.map { entry -> String in
            switch entry.value {
            case .scalar(let node): return "\(TOMLFormat.key(entry.key)) = \(TOMLFormat.value(node))"
            case .inline(let t), .table(let t): return "\(TOMLFormat.key(entry.key)) = \(t.inlineText)"
            case .tables(let ts): return "\(TOMLFormat.key(entry.key)) = [\(ts.map(\.inlineText).joined(separator: ", "))]"
            }
        }
        return "{ " + parts.joined(separator: ", ") + " }"
    }
}

/// TOML spelling of keys and scalar values.
enum TOMLFormat {
    static func key(_ key: String) -> String {
        let bare = !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        return bare ? key : string(key)
    }

    static func string(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 { out += String(format: "\\u%04X", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }

    /// Doubles print with Swift's shortest round-tripping form, so the normalized file re-reads to the same
    /// bits; TOML accepts `inf`, `-inf` and `nan`.
    static func double(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        var s = "\(x)"
        if !s.contains(".") && !s.contains("e") && !s.contains("E") { s += ".0" }
        if s.contains("e") && !s.contains(".") {
            // TOML needs digits on both sides of a '.', but "1e-05" is valid as written.
        }
        return s
    }

    static func value(_ node: ConfigNode) -> String {
        switch node {
        case .int(let v): return "\(v)"
        case .double(let v): return double(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let s): return string(s)
        case .datetime(let s): return s
        case .array(let a): return "[" + a.map(value).joined(separator: ", ") + "]"
        case .table(let t): return "{ " + t.keys.map { "\(key($0)) = \(value(t[$0]!))" }.joined(separator: ", ") + " }"
        }
    }
}
