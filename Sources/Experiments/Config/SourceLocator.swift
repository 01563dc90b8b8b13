/// Maps key paths to the line where they are written, by reading the TOML text line by line.
///
/// TOMLKit gives no source positions for values, so this small scanner follows table headers (`[a.b]`),
/// arrays of tables (`[[a.b]]`, counted per path so the third one is `a.b[2]`), plain and dotted keys
/// (`x.y = 1`), and inline tables (`k = { a = 1 }` puts `k.a` on that line). Multi-line values are located
/// at their key's line. It never fails: an unknown path falls back to its nearest located ancestor.
struct SourceLocator {
    private(set) var lines: [String: Int] = [:]

    init(text: String) {
        var prefix = ""
        var arrayCounts: [String: Int] = [:]
        var depth = 0  // bracket depth of a multi-line array value being skipped
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = Self.stripComment(String(raw)).trimmed(" \t\r")
            if line.isEmpty { continue }
            if depth > 0 {
                depth += Self.bracketBalance(line)
                continue
            }
            if line.hasPrefix("[[") && line.hasSuffix("]]") {
                let written = Self.normalizeKey(String(line.dropFirst(2).dropLast(2)))
                // `[[price.assets.moves]]` after the second `[[price.assets]]` is `price.assets[1].moves[k]`,
                // counted per asset.
                let name = Self.resolve(written, arrayCounts)
                let i = arrayCounts[name, default: 0]
                arrayCounts[name] = i + 1
                if name != written { arrayCounts[written, default: 0] += 1 }
                prefix = "\(name)[\(i)]"
                record(prefix, lineNumber)
                record(name, lineNumber, onlyIfAbsent: true)
            } else if line.hasPrefix("[") && line.hasSuffix("]") {
                prefix = Self.resolve(Self.normalizeKey(String(line.dropFirst().dropLast())), arrayCounts)
                record(prefix, lineNumber)
            } else if let eq = Self.assignmentIndex(line) {
                let key = Self.normalizeKey(String(line[..<eq]))
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                record(path, lineNumber)
                let value = String(line[line.index(after: eq)...]).trimmed(" \t")
                if value.hasPrefix("{") { recordInline(value, under: path, lineNumber) }
                if value.hasPrefix("[") { depth = max(0, Self.bracketBalance(value)) }
            }
        }
    }

    /// The line of `path`, or of its nearest ancestor that is written in the file.
    func line(of path: String) -> Int? {
        var current = path
        while !current.isEmpty {
            if let line = lines[current] { return line }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            current = String(current[..<cut])
        }
        return nil
    }

    private mutating func record(_ path: String, _ line: Int, onlyIfAbsent: Bool = false) {
        if onlyIfAbsent && lines[path] != nil { return }
        lines[path] = line
    }

    private mutating func recordInline(_ value: String, under path: String, _ line: Int) {
        let body = value.dropFirst().prefix { $0 != "}" }
        for piece in body.split(separator: ",") {
            let part = String(piece)
            if let eq = Self.assignmentIndex(part) {
                let key = Self.normalizeKey(String(part[..<eq]))
                record("\(path).\(key)", line)
            }
        }
    }

    /// `[a.b]` inside the second `[[a]]` is `a[1].b`.
    private static func resolve(_ name: String, _ counts: [String: Int]) -> String {
        var best = ""
        for (array, count) in counts where name.hasPrefix(array + ".") && array.count > best.count { best = array; _ = count }
        guard !best.isEmpty, let count = counts[best] else { return name }
        return "\(best)[\(count - 1)]" + name.dropFirst(best.count)
    }

    private static func normalizeKey(_ key: String) -> String {
        key.split(separator: ".").map { String($0).trimmed(" \t\"'") }.joined(separator: ".")
    }

    private static func assignmentIndex(_ line: String) -> String.Index? {
        var inQuote: Character?
        for i in line.indices {
            let c = line[i]
            if let q = inQuote { if c == q { inQuote = nil } } else if c == "\"" || c == "'" { inQuote = c } else if c == "=" { return i }
        }
        return nil
    }

    private static func stripComment(_ line: String) -> String {
        var inQuote: Character?
        for i in line.indices {
            let c = line[i]
            if let q = inQuote { if c == q { inQuote = nil } } else if c == "\"" || c == "'" { inQuote = c } else if c == "#" { return String(line[..<i]) }
        }
        return line
    }

    private static func bracketBalance(_ s: String) -> Int {
        s.reduce(0) { $0 + ($1 == "[" ? 1 : $1 == "]" ? -1 : 0) }
    }
}

extension String {
    func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
