import Foundation

/// A malformed position snapshot, located by file, line (1-based) and column name.
public struct PositionSnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    /// The column's header name, or `nil` for whole-line problems.
    public let column: String?
    public let message: String

    public var description: String {
        "\(file):\(line)" + (column.map { ": column \($0)" } ?? "") + ": \(message)"
    }
}

/// Reads positions from a CSV snapshot: a header line, then one row per position.
///
/// Columns: one per collateral asset, named exactly as the asset (`ETH`), holding asset units; `debt` in
/// debt-asset units. Other columns (an `id`, an `owner`) are ignored. Blank lines and lines starting with
/// `#` are skipped. Fields are plain numbers (no quoting).
public enum PositionSnapshot {
    /// Parses `text` (the contents of `file`, which is only used in messages) for `assets`.
    public static func parse(_ text: String, file: String, assets: [CollateralAsset]) throws -> PositionBook {
        // Split on the UTF-8 bytes: a newline and a comma are single bytes that never occur inside another
        // character's encoding, and the byte view is much cheaper than walking grapheme clusters.
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).lazy.map(Substring.init).makeIterator()
        var lineNumber = 0
        var header: [String]? = nil
        var columnOf: [Int] = []
        var debtColumn = -1
        var book = PositionBook(assetCount: assets.count)
        var amounts = Array(repeating: 0.0, count: assets.count)
        while let raw = lines.next() {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw[...]
            let trimmed = Self.trimmed(line)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { Self.trimmed(Substring($0)) }
            guard let names = header else {
                header = fields.map(String.init)
                for asset in assets {
                    guard let i = fields.firstIndex(where: { $0 == asset.name }) else {
                        throw PositionSnapshotError(file: file, line: lineNumber, column: asset.name,
                                                    message: "found header \(fields.joined(separator: ",")), expected a column named \(asset.name)")
                    }
                    columnOf.append(i)
                }
                guard let d = fields.firstIndex(of: "debt") else {
                    throw PositionSnapshotError(file: file, line: lineNumber, column: "debt",
                                                message: "found header \(fields.joined(separator: ",")), expected a column named debt")
                }
                debtColumn = d
                continue
            }
            guard fields.count == names.count else {
                throw PositionSnapshotError(file: file, line: lineNumber, column: nil,
                                            message: "found \(fields.count) fields, expected \(names.count) as in the header")
            }
            func number(_ i: Int) throws -> Double {
                guard let x = Double(fields[i]), x.isFinite, x >= 0 else {
                    throw PositionSnapshotError(file: file, line: lineNumber, column: names[i],
                                                message: "found \"\(fields[i])\", expected a finite number ≥ 0")
                }
                return x
            }
            for a in 0..<assets.count { amounts[a] = try number(columnOf[a]) }
            book.append(collateral: amounts, debt: try number(debtColumn))
        }
        if header == nil {
            throw PositionSnapshotError(file: file, line: max(1, lineNumber), column: nil, message: "found no header, expected a header line")
        }
        return book
    }

    /// `s` without leading and trailing blanks: tabs and Unicode space separators (what Foundation's
    /// `CharacterSet.whitespaces` holds), without Foundation's bridging, which was half the cost of reading a
    /// 20,000-row snapshot.
    static func trimmed(_ s: Substring) -> Substring {
        // ASCII first: the common case, without building characters.
        let bytes = s.utf8
        var a = bytes.startIndex, b = bytes.endIndex
        while a < b, bytes[a] == 0x20 || bytes[a] == 0x09 { a = bytes.index(after: a) }
        while b > a, bytes[bytes.index(before: b)] == 0x20 || bytes[bytes.index(before: b)] == 0x09 { b = bytes.index(before: b) }
        if (a == b || bytes[a] < 0x80) && (a == b || bytes[bytes.index(before: b)] < 0x80) { return s[a..<b] }
        var start = s.startIndex, end = s.endIndex
        while start < end, isBlank(s[start]) { start = s.index(after: start) }
        while end > start, isBlank(s[s.index(before: end)]) { end = s.index(before: end) }
        return s[start..<end]
    }

    private static func isBlank(_ c: Character) -> Bool {
        if c == " " || c == "\t" { return true }
        guard c.unicodeScalars.count == 1, let u = c.unicodeScalars.first else { return false }
        return u.properties.generalCategory == .spaceSeparator
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String, assets: [CollateralAsset]) throws -> PositionBook {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PositionSnapshotError(file: path, line: 0, column: nil, message: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(text, file: path, assets: assets)
    }
}
