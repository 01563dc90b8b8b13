/// How to read a history file: which columns, what the time column means and in what unit.
///
/// Exchange exports stamp each OHLC bar with its open time (Binance, Coinbase, CryptoDataDownload) or its
/// close time; a bar's close is the price at the bar's end. With bar timestamps each value is placed at the
/// time it was observed: a close at the bar's end, an open at its start, the bar length being the smallest
/// step between two stamps in the file. When the file also has the other edge's column (`open` beside a
/// close, `close` beside an open), the first bar's open (or the last bar's close) is added at its own time,
/// so the history begins (or ends) with a real observation instead of a held one.
public struct HistoryReading: Sendable, Equatable {
    public var timeColumn: String
    public var priceColumn: String
    /// `timestamps`: what the time column means.
    public var timestamps: HistoryTimestamps
    /// `time_unit`: of numeric times (ISO-8601 times carry their own).
    public var timeUnit: HistoryTimeUnit

    public init(timeColumn: String = "unix_time_s", priceColumn: String = "close", timestamps: HistoryTimestamps = .point,
                timeUnit: HistoryTimeUnit = .seconds) {
        self.timeColumn = timeColumn
        self.priceColumn = priceColumn
        self.timestamps = timestamps
        self.timeUnit = timeUnit
    }

    /// Whether `column` names a bar's field (open, high, low, close; any case), for which the meaning of the
    /// timestamps must be stated.
    public static func isBarColumn(_ column: String) -> Bool {
        ["open", "high", "low", "close"].contains(column.lowercased())
    }

    /// Which edge of a bar the price column holds, `nil` for point timestamps. A column named `open` is the
    /// bar's start, any other the bar's end (its close); a high or low has no time within the bar.
    func barRole(file: String, headerLine: Int) throws -> BarEdge? {
        guard timestamps != .point else { return nil }
        switch priceColumn.lowercased() {
        case "open": return .open
        case "high", "low":
            throw PriceHistoryError(file: file, line: headerLine, column: priceColumn,
                                    message: "found a bar's \(priceColumn.lowercased()) with timestamps = \"\(timestamps.rawValue)\", expected the open or close column: a high or low has no time within the bar")
        default: return .close
        }
    }

    enum BarEdge { case open, close }
}

/// What a history file's time column means (`timestamps`).
public enum HistoryTimestamps: String, Sendable, CaseIterable, Equatable {
    /// Each row is a bar stamped with its start time (the layout of the shipped files).
    case barOpen = "bar_open"
    /// Each row is a bar stamped with its end time.
    case barClose = "bar_close"
    /// Each value is the price at its own time (trades, oracle rounds, snapshots).
    case point
}

/// The unit of numeric times in a history file (`time_unit`).
public enum HistoryTimeUnit: String, Sendable, CaseIterable, Equatable {
    case seconds = "s"
    case milliseconds = "ms"

    var noun: String { self == .seconds ? "seconds" : "milliseconds" }
}
