import Foundation

/// A replayable series of real gas prices: one row per bucket of time with the gas-price quantiles paid.
///
/// File format (the stablesims Black Thursday export, see data/SOURCES.md):
/// `unix_time_s,tx_count,avg_gas_price_wei,p30_gas_price_wei,p60_gas_price_wei,p90_gas_price_wei,max_gas_price_wei`,
/// `unix_time_s` the bucket's start (UTC seconds), prices in wei.
public struct GasPriceSeries: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        public let unixTime: Double
        public let txCount: Double
        public let averageGwei: Double
        public let p30Gwei: Double
        public let p60Gwei: Double
        public let p90Gwei: Double
        public let maxGwei: Double

        /// The gas price at quantile `u ∈ [0, 1]`: linear between the known quantiles (0.3, 0.6, 0.9, 1.0), and
        /// flat at p30 below 0.3 (the file says nothing about the cheapest 30%).
        public func quantileGwei(_ u: Double) -> Double {
            let knots: [(Double, Double)] = [(0.3, p30Gwei), (0.6, p60Gwei), (0.9, p90Gwei), (1.0, maxGwei)]
            if u <= knots[0].0 { return knots[0].1 }
            for k in 1..<knots.count where u <= knots[k].0 {
                let (u0, q0) = knots[k - 1], (u1, q1) = knots[k]
                return q0 + (q1 - q0) * (u - u0) / (u1 - u0)
            }
            return maxGwei
        }
    }

    public static let header = ["unix_time_s", "tx_count", "avg_gas_price_wei", "p30_gas_price_wei",
                                "p60_gas_price_wei", "p90_gas_price_wei", "max_gas_price_wei"]

    /// Rows in increasing time.
    public let rows: [Row]
    /// Mean of `tx_count` over the rows.
    public let meanTxCount: Double

    public init(rows: [Row]) {
        precondition(!rows.isEmpty, "A gas price series needs at least one row")
        self.rows = rows
        meanTxCount = rows.reduce(0) { $0 + $1.txCount } / Double(rows.count)
    }

    /// The row in force at `unixTime`: the last one starting at or before it (the first row before the series).
    public func row(atUnixTime unixTime: Double) -> Row {
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rows[mid].unixTime <= unixTime { lo = mid + 1 } else { hi = mid }
        }
        return rows[max(lo - 1, 0)]
    }

    /// Reads a series file.
    /// - Throws: ``GasPriceSeriesError`` naming the file, the 1-based line and column, and what was wrong.
    public static func load(path: String) throws -> GasPriceSeries {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GasPriceSeriesError(file: path, line: 0, column: 0, message: "cannot read file: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    /// Parses series text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws -> GasPriceSeries {
        func fail(_ line: Int, _ column: Int, _ message: String) -> GasPriceSeriesError {
            GasPriceSeriesError(file: file, line: line, column: column, message: message)
        }
        // `isNewline` splits LF and CRLF alike ("\r\n" is one Character in Swift).
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { throw fail(1, 1, "empty file, expected the header \(header.joined(separator: ","))") }
        let names = first.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for (c, expected) in header.enumerated() {
            let found = c < names.count ? names[c] : "nothing"
            if found != expected { throw fail(1, c + 1, "header column \(c + 1) is \"\(found)\", expected \"\(expected)\"") }
        }
        if names.count > header.count { throw fail(1, header.count + 1, "header has \(names.count) columns, expected \(header.count)") }

        var rows: [Row] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let lineNo = index + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { throw fail(lineNo, 1, "empty line inside the data") }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw fail(lineNo, min(fields.count, header.count) + 1, "found \(fields.count) fields, expected \(header.count)")
            }
            var v: [Double] = []
            for (c, field) in fields.enumerated() {
                let s = field.trimmingCharacters(in: .whitespaces)
                guard let x = Double(s), x.isFinite else {
                    throw fail(lineNo, c + 1, "\(header[c]) is \"\(s)\", expected a finite number")
                }
                guard x >= 0 else { throw fail(lineNo, c + 1, "\(header[c]) is \(s), expected a number ≥ 0") }
                v.append(x)
            }
            if let last = rows.last, v[0] <= last.unixTime {
                throw fail(lineNo, 1, "unix_time_s \(fields[0]) does not increase (previous row \(last.unixTime))")
            }
            for c in 3..<6 where v[c] > v[c + 1] {
                throw fail(lineNo, c + 2, "\(header[c + 1]) \(fields[c + 1]) is below \(header[c]) \(fields[c]); quantiles must not decrease")
            }
            let weiPerGwei = 1e9
            rows.append(Row(unixTime: v[0], txCount: v[1], averageGwei: v[2] / weiPerGwei, p30Gwei: v[3] / weiPerGwei,
                            p60Gwei: v[4] / weiPerGwei, p90Gwei: v[5] / weiPerGwei, maxGwei: v[6] / weiPerGwei))
        }
        guard !rows.isEmpty else { throw fail(2, 1, "no data rows after the header") }
        return GasPriceSeries(rows: rows)
    }
}

/// A malformed gas price file: where and what.
public struct GasPriceSeriesError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based; 0 when the file could not be read at all.
    public let line: Int
    /// 1-based field (CSV column) number; 0 when the file could not be read at all.
    public let column: Int
    public let message: String

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
