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
    /// `priceColumn`, and places each price at the time it was observed (``HistoryReading``).
    ///
    /// Times are unix seconds (`1583971200`, fractions allowed; unix milliseconds with `time_unit = "ms"`) or
    /// ISO-8601 in UTC or with an offset (`2020-03-12T00:00:00Z`, `2020-03-12 00:00:00`,
    /// `2020-03-12T01:00:00+01:00`, `2020-03-12`); a time without offset is UTC. Rows may come in any order and
    /// are sorted on load; blank lines are skipped; fields may be wrapped in double quotes (no embedded commas).
    /// - Throws: ``PriceHistoryError`` for a missing, unreadable, empty or binary (NUL bytes, invalid UTF-8)
    ///   file, a header without one of the columns, a row with the wrong number of fields, an unparsable
    ///   time, a number of the wrong time unit, a price that is not a positive finite number, a timestamp
    ///   that occurs twice, or bars whose length cannot be told.
    public static func load(path: String, _ reading: HistoryReading) throws -> PriceHistory {
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
        return try parse(data: data, file: path, reading)
    }

    /// ``load(path:_:)`` with point timestamps in unix seconds: each value is the price at its own time.
    public static func load(path: String, timeColumn: String, priceColumn: String) throws -> PriceHistory {
        try load(path: path, HistoryReading(timeColumn: timeColumn, priceColumn: priceColumn))
    }

    /// Parses `data` as the contents of the CSV file `file` (named in messages only), as ``load(path:_:)``
    /// does after reading it; the entry point of the fuzzer in `fuzz/`.
    public static func parse(data: Data, file path: String, timeColumn: String, priceColumn: String) throws -> PriceHistory {
        try parse(data: data, file: path, HistoryReading(timeColumn: timeColumn, priceColumn: priceColumn))
    }

    /// Parses `data` as the contents of the CSV file `file` under `reading`.
    public static func parse(data: Data, file path: String, _ reading: HistoryReading) throws -> PriceHistory {
        let timeColumn = reading.timeColumn, priceColumn = reading.priceColumn
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
        let role = try reading.barRole(file: path, headerLine: headerLine)
        // A bar's other edge: the first bar's open before its close, or the last bar's close after its open.
        let edgeIndex = role.map { r in header.firstIndex { $0.lowercased() == (r == .close ? "open" : "close") } } ?? nil

        var times: [Double] = [], prices: [Double] = [], lineNumbers: [Int] = [], timeCells: [String] = []
        var edgeCells: [String] = []
        for lineIndex in (headerIndex + 1)..<lines.count where !isBlank(lines[lineIndex]) {
            let lineNumber = lineIndex + 1
            let cells = fields(lines[lineIndex])
            if cells.count != header.count {
                throw fail(lineNumber, nil, "found \(cells.count) fields, expected \(header.count) as in the header")
            }
            let timeCell = cells[timeIndex], priceCell = cells[priceIndex]
            guard let t = try parseTime(timeCell, unit: reading.timeUnit, fail: { fail(lineNumber, timeColumn, $0) }) else {
                throw fail(lineNumber, timeColumn,
                           "found \"\(timeCell)\", expected unix \(reading.timeUnit.noun) or an ISO-8601 time such as 2020-03-12T00:00:00Z")
            }
            guard let p = Double(priceCell), p.isFinite, p > 0 else {
                throw fail(lineNumber, priceColumn, "found \"\(priceCell)\", expected a positive number")
            }
            times.append(t)
            prices.append(p)
            lineNumbers.append(lineNumber)
            timeCells.append(timeCell)
            if let edgeIndex { edgeCells.append(cells[edgeIndex]) }
        }
        if times.isEmpty { throw fail(headerLine, nil, "found a header but no rows, expected at least one row of prices") }

        let order = times.indices.sorted { (times[$0], lineNumbers[$0]) < (times[$1], lineNumbers[$1]) }
        for (a, b) in zip(order, order.dropFirst()) where times[a] == times[b] {
            throw fail(lineNumbers[b], timeColumn,
                       "found \"\(timeCells[b])\" again (first on line \(lineNumbers[a])), expected each timestamp once")
        }
        var sortedTimes = order.map { times[$0] }
        var sortedPrices = order.map { prices[$0] }
        if let role {
            guard sortedTimes.count >= 2 else {
                throw fail(headerLine, timeColumn, "found one bar, expected at least two so that the bar length can be read from the file (timestamps = \"\(reading.timestamps.rawValue)\")")
            }
            var bar = Double.infinity
            for (a, b) in zip(sortedTimes, sortedTimes.dropFirst()) { bar = min(bar, b - a) }
            // Where the value sits relative to the stamp: a close is at the bar's end, an open at its start.
            let shift = (reading.timestamps == .barOpen ? 0 : -bar) + (role == .close ? bar : 0)
            for i in sortedTimes.indices { sortedTimes[i] += shift }
            if let edgeIndex {
                let first = role == .close
                let k = first ? order[0] : order[order.count - 1]
                guard let edge = Double(edgeCells[k]), edge.isFinite, edge > 0 else {
                    throw fail(lineNumbers[k], header[edgeIndex], "found \"\(edgeCells[k])\", expected a positive number")
                }
                if first {
                    sortedTimes.insert(sortedTimes[0] - bar, at: 0)
                    sortedPrices.insert(edge, at: 0)
                } else {
                    sortedTimes.append(sortedTimes[sortedTimes.count - 1] + bar)
                    sortedPrices.append(edge)
                }
            }
        }
        return PriceHistory(sortedUnixSeconds: sortedTimes, prices: sortedPrices, source: path)
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

    /// Unix seconds from a cell holding a number in `unit` or an ISO-8601 time; `nil` if neither. Throws (via
    /// `fail`) for a number that only makes sense in the other unit: as seconds, 10¹¹ is the year 5138, so a
    /// larger number is milliseconds; as milliseconds, a smaller one is before March 1973.
    static func parseTime(_ cell: String, unit: HistoryTimeUnit, fail: (String) -> PriceHistoryError) throws -> Double? {
        let bytes = Array(cell.utf8)
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-") { return parseISO8601(bytes) }
        guard let v = Double(cell), v.isFinite else { return nil }
        switch unit {
        case .seconds:
            if abs(v) >= 1e11 {
                throw fail("found \"\(cell)\", which as unix seconds is after the year 5000 and looks like milliseconds; expected unix seconds, or time_unit = \"ms\" for milliseconds")
            }
            return v
        case .milliseconds:
            if abs(v) < 1e11 {
                throw fail("found \"\(cell)\", which as unix milliseconds is before March 1973 and looks like seconds; expected unix milliseconds, or time_unit = \"s\" for seconds")
            }
            return v / 1000
        }
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

    /// `2020-03-12T00:00:00Z` for a unix time (whole seconds; fractions are dropped), for messages.
    public static func iso8601(_ unixSeconds: Double) -> String {
        let total = Int(unixSeconds.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secs = total - days * 86_400
        let (y, m, d) = civilFromDays(days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (Hinnant, `civil_from_days`).
    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
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
