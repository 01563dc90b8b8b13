/// CSV spelling shared by every result file: RFC 4180 quoting, `\n` line ends, and numbers in Swift's
/// shortest round-trip form so the same run gives the same bytes on every machine.
public enum CSV {
    /// A field, quoted only when it holds a comma, quote or line break.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    /// A number: integers without a fraction, others in shortest round-trip form; `nan`/`inf` spelled so.
    public static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A whole line with its terminating `\n`.
    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }

    /// Splits one CSV line (without its line end) into fields, undoing the quoting of ``field(_:)``.
    public static func parse(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if inQuotes {
                if c == "\"" {
                    let next = line.index(after: i)
                    if next < line.endIndex && line[next] == "\"" { current.append("\""); i = next } else { inQuotes = false }
                } else { current.append(c) }
            } else if c == "\"" { inQuotes = true } else if c == "," { fields.append(current); current = "" } else { current.append(c) }
            i = line.index(after: i)
        }
        fields.append(current)
        return fields
    }

    /// A scenario value as a CSV cell.
    static func cell(_ node: ConfigNode) -> String {
        switch node {
        case .double(let d): return number(d)
        case .int(let i): return String(i)
        case .string(let s), .datetime(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return TOMLFormat.value(node)
        }
    }
}

