import Foundation

/// Why a price history could not be loaded: the file, the line (1-based, the header is line 1) and column
/// where that applies, and what was found against what was expected.
public struct PriceHistoryError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let column: String?
    public let message: String

    public init(file: String, line: Int?, column: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `Scenarios/data/x.csv:17: column "close": found "abc", expected a positive number`.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let column { s += "column \"\(column)\": " }
        return s + message
    }
}

extension PriceHistory {
    /// Loads a CSV file with a header line, reading the time from `timeColumn` and the price from
    /// `priceColumn`.
    ///
    /// Times are unix seconds (`1583971200`, fractions allowed) or ISO-8601 in UTC or with an offset
    /// (`2020-03-12T00:00:00Z`, `2020-03-12 00:00:00`, `2020-03-12T01:00:00+01:00`, `2020-03-12`); a time
    /// without offset is UTC. Rows may come in any order and are sorted on load; blank lines are skipped;
    /// fields may be wrapped in double quotes (no embedded commas).
    /// - Throws: ``PriceHistoryError`` for a missing, unreadable, empty or binary (NUL bytes, invalid UTF-8)
    ///   file, a header without one of the columns, a row with the wrong number of fields, an unparsable
    ///   time, a price that is not a positive finite number, or a timestamp that occurs twice.
    public static func load(path: String, timeColumn: String, priceColumn: String) throws -> PriceHistory {
        func fail(_ line: Int?, _ column: String?, _ message: String) -> PriceHistoryError {
            PriceHistoryError(file: path, line: line, column: column, message: message)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail(nil, nil, "found no such file, expected a CSV file of prices")
        }
        if isDirectory.boolValue { throw fail(nil, nil, "found a directory, expected a CSV file of prices") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail(nil, nil, "found a file that cannot be read, expected a readable CSV file")
        }
        return try parse(data: data, file: path, timeColumn: timeColumn, priceColumn: priceColumn)
    }

    /// Parses `data` as the contents of the CSV file `file` (named in messages only), as ``load(path:timeColumn:priceColumn:)``
    /// does after reading it; the entry point of the fuzzer in `fuzz/`.
    public static func parse(data: Data, file path: String, timeColumn: String, priceColumn: String) throws -> PriceHistory {
        func fail(_ line: Int?, _ column: String?, _ message: String) -> PriceHistoryError {
            PriceHistoryError(file: path, line: line, column: column, message: message)
        }
        if let nul = data.firstIndex(of: 0) {
            throw fail(nil, nil, "found binary content (a NUL byte at offset \(nul - data.startIndex)), expected a UTF-8 text CSV file")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw fail(nil, nil, "found bytes that are not valid UTF-8, expected a UTF-8 text CSV file")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }

        // "\r\n" is a single Character (one grapheme cluster), so it must be named as a separator of its own.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        let isBlank: (Substring) -> Bool = { $0.allSatisfy { $0 == " " || $0 == "\t" } }
        guard let headerIndex = lines.firstIndex(where: { !isBlank($0) }) else {
            throw fail(nil, nil, "found an empty file, expected a header line and at least one row")
        }
        let header = fields(lines[headerIndex])
        let headerLine = headerIndex + 1
        let columnsList = header.map { "\"\($0)\"" }.joined(separator: ", ")
        guard let timeIndex = header.firstIndex(of: timeColumn) else {
            throw fail(headerLine, nil, "found columns \(columnsList), expected a column named \"\(timeColumn)\"")
        }
        guard let priceIndex = header.firstIndex(of: priceColumn) else {
            throw fail(headerLine, nil, "found columns \(columnsList), expected a column named \"\(priceColumn)\"")
        }

        var times: [Double] = [], prices: [Double] = [], lineNumbers: [Int] = [], timeCells: [String] = []
        for lineIndex in (headerIndex + 1)..<lines.count where !isBlank(lines[lineIndex]) {
            let lineNumber = lineIndex + 1
            let cells = fields(lines[lineIndex])
            if cells.count != header.count {
                throw fail(lineNumber, nil, "found \(cells.count) fields, expected \(header.count) as in the header")
            }
            let timeCell = cells[timeIndex], priceCell = cells[priceIndex]
            guard let t = parseTime(timeCell) else {
                throw fail(lineNumber, timeColumn,
                           "found \"\(timeCell)\", expected unix seconds or an ISO-8601 time such as 2020-03-12T00:00:00Z")
            }
            guard let p = Double(priceCell), p.isFinite, p > 0 else {
                throw fail(lineNumber, priceColumn, "found \"\(priceCell)\", expected a positive number")
            }
            times.append(t)
            prices.append(p)
            lineNumbers.append(lineNumber)
            timeCells.append(timeCell)
        }
        if times.isEmpty { throw fail(headerLine, nil, "found a header but no rows, expected at least one row of prices") }

        let order = times.indices.sorted { (times[$0], lineNumbers[$0]) < (times[$1], lineNumbers[$1]) }
        for (a, b) in zip(order, order.dropFirst()) where times[a] == times[b] {
            throw fail(lineNumbers[b], timeColumn,
                       "found \"\(timeCells[b])\" again (first on line \(lineNumbers[a])), expected each timestamp once")
        }
        return PriceHistory(sortedUnixSeconds: order.map { times[$0] }, prices: order.map { prices[$0] }, source: path)
    }

    /// The comma-separated fields of one line, trimmed of spaces and of one pair of surrounding quotes.
    static func fields(_ line: Substring) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { raw in
            var s = raw.trimmingCharacters(in: .whitespaces)
            if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") { s = String(s.dropFirst().dropLast()) }
            return s
        }
    }

    /// Unix seconds from a cell holding either a number of seconds or an ISO-8601 time; `nil` if neither.
    public static func parseTime(_ cell: String) -> Double? {
        let bytes = Array(cell.utf8)
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-") { return parseISO8601(bytes) }
        guard let v = Double(cell), v.isFinite else { return nil }
        return v
    }

    /// `YYYY-MM-DD[(T| )hh:mm[:ss[.fff]]][Z|±hh:mm|±hhmm]`, UTC when no offset is given.
    static func parseISO8601(_ b: [UInt8]) -> Double? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard b[k] >= 48 && b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            i += n
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month) else { return nil }
        var seconds = 0.0
        if i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ") {
            i += 1
            guard let hh = digits(2), expect(":"), let mm = digits(2), hh < 24, mm < 60 else { return nil }
            seconds = Double(hh * 3600 + mm * 60)
            if i < b.count, b[i] == UInt8(ascii: ":") {
                i += 1
                guard let ss = digits(2), ss < 60 else { return nil }
                seconds += Double(ss)
                if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                    i += 1
                    var scale = 0.1, any = false
                    while i < b.count, b[i] >= 48, b[i] <= 57 {
                        seconds += scale * Double(b[i] - 48)
                        scale /= 10
                        i += 1
                        any = true
                    }
                    if !any { return nil }
                }
            }
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") {
                    i += 1
                } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign = b[i] == UInt8(ascii: "+") ? 1.0 : -1.0
                    i += 1
                    guard let oh = digits(2), oh <= 23 else { return nil }
                    _ = expect(":")
                    guard let om = digits(2), om < 60 else { return nil }
                    seconds -= sign * Double(oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
        }
        guard i == b.count else { return nil }
        return Double(daysFromCivil(year, month, day)) * 86_400 + seconds
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant, "chrono-Compatible Low-Level
    /// Date Algorithms", `days_from_civil`).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
