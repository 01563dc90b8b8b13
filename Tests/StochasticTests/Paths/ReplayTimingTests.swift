import Foundation
import Testing
@testable import Stochastic

/// Where a replay puts each value in time (`timestamps`, `time_unit`), on the shipped hourly and 10-minute
/// files: a bar's close belongs at the bar's end, so a file stamped with open times replays its closes one bar
/// after their stamps, and t = 0 shows the first bar's open.
@Suite("Replay time placement")
struct ReplayTimingTests {
    /// (stamp, open, close) of every row, parsed independently of the loader.
    func bars(_ file: String) throws -> [(stamp: Double, open: Double, close: Double)] {
        let text = try String(contentsOfFile: PathTestSupport.dataFile(file), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let f = line.split(separator: ",")
            return (Double(f[0])!, Double(f[1])!, Double(f[4])!)
        }
    }

    func load(_ file: String, _ column: String, _ stamps: HistoryTimestamps) throws -> PriceHistory {
        try PriceHistory.load(path: PathTestSupport.dataFile(file),
                              HistoryReading(priceColumn: column, timestamps: stamps))
    }

    static let tenMinuteFile = "dai_usd_10m_stablesims_2020-03-12.csv"

    @Test("hourly bars stamped at their open: each close sits one hour after its stamp, the first open at the first stamp",
          arguments: [PathTestSupport.blackThursdayFile, ReplayTimingTests.tenMinuteFile])
    func barOpenCloses(file: String) throws {
        let rows = try bars(file)
        let bar = rows[1].stamp - rows[0].stamp
        #expect(bar == (file == Self.tenMinuteFile ? 600 : 3600))
        let h = try load(file, "close", .barOpen)
        #expect(h.count == rows.count + 1)
        #expect(h.unixSeconds[0] == rows[0].stamp && h.prices[0] == rows[0].open)
        for (i, row) in rows.enumerated() {
            #expect(h.unixSeconds[i + 1] == row.stamp + bar)
            #expect(h.prices[i + 1] == row.close)
        }
        // Read at a bar's stamp, the replay shows the previous bar's close, never the bar's own (no look-ahead).
        for i in 1..<rows.count {
            #expect(h.price(atUnixSeconds: rows[i].stamp, policy: .hold) == rows[i - 1].close)
        }
    }

    @Test("Black Thursday at 12 Mar 00:00 shows the 23:00 bar's close, not 193.44 (the 00:00 bar's close)")
    func blackThursdayStart() throws {
        let rows = try bars(PathTestSupport.blackThursdayFile)
        let midnight = 1_583_971_200.0
        let k = try #require(rows.firstIndex { $0.stamp == midnight })
        #expect(rows[k].close == 193.44)
        let h = try load(PathTestSupport.blackThursdayFile, "close", .barOpen)
        let plan = try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: .replay(ReplaySpec(history: h, startUnixSeconds: midnight)))],
                                            tickSeconds: 3600)
        let prices = try PathTestSupport.run(plan, ticks: 3)[0]
        #expect(prices[0] == rows[k - 1].close)
        #expect(prices[1] == rows[k].close)  // 01:00: the 00:00–01:00 bar has closed
    }

    @Test("bar_close stamps: closes at their stamps, opens one bar earlier; bar_open opens at their stamps",
          arguments: [PathTestSupport.blackThursdayFile, ReplayTimingTests.tenMinuteFile])
    func otherLayouts(file: String) throws {
        let rows = try bars(file)
        let bar = rows[1].stamp - rows[0].stamp
        let closes = try load(file, "close", .barClose)
        #expect(closes.unixSeconds[0] == rows[0].stamp - bar && closes.prices[0] == rows[0].open)
        #expect(zip(closes.unixSeconds.dropFirst(), rows).allSatisfy { $0 == $1.stamp })
        let opens = try load(file, "open", .barOpen)
        #expect(zip(opens.unixSeconds, rows).allSatisfy { $0 == $1.stamp })
        #expect(zip(opens.prices, rows).allSatisfy { $0 == $1.open })
        // The last bar's close closes the series one bar after the last stamp.
        #expect(opens.unixSeconds.last == rows.last!.stamp + bar && opens.prices.last == rows.last!.close)
        let opensAtClose = try load(file, "open", .barClose)
        #expect(opensAtClose.unixSeconds[0] == rows[0].stamp - bar)
        let points = try load(file, "close", .point)
        #expect(points.unixSeconds == rows.map(\.stamp) && points.prices == rows.map(\.close))
    }

    @Test("the bar length is the smallest step, so a missing bar does not stretch it")
    func missingBar() throws {
        let path = try PathTestSupport.temporaryFile("t,open,close\n0,10,11\n600,11,12\n1800,12,13\n")
        let h = try PriceHistory.load(path: path, HistoryReading(timeColumn: "t", priceColumn: "close", timestamps: .barOpen))
        #expect(h.unixSeconds == [0, 600, 1200, 2400])
        #expect(h.prices == [10, 11, 12, 13])
    }

    @Test("a bar's high or low has no time within the bar, and one bar has no length: both refused")
    func refusals() throws {
        let path = try PathTestSupport.temporaryFile("t,open,high,close\n0,10,12,11\n600,11,13,12\n")
        #expect { try PriceHistory.load(path: path, HistoryReading(timeColumn: "t", priceColumn: "high", timestamps: .barOpen)) } throws: { e in
            "\(e)".contains("expected the open or close column")
        }
        let one = try PathTestSupport.temporaryFile("t,close\n0,10\n")
        #expect { try PriceHistory.load(path: one, HistoryReading(timeColumn: "t", priceColumn: "close", timestamps: .barOpen)) } throws: { e in
            "\(e)".contains("found one bar")
        }
    }

    @Test("millisecond timestamps are refused as seconds with the fix named, and read with time_unit = ms")
    func milliseconds() throws {
        let path = try PathTestSupport.temporaryFile("t,price\n1583971200000,194.5\n1583971260000,194.7\n")
        #expect { try PriceHistory.load(path: path, HistoryReading(timeColumn: "t", priceColumn: "price")) } throws: { e in
            let s = "\(e)"
            return s.contains(":2:") && s.contains("looks like milliseconds") && s.contains("time_unit = \"ms\"")
        }
        let h = try PriceHistory.load(path: path, HistoryReading(timeColumn: "t", priceColumn: "price", timeUnit: .milliseconds))
        #expect(h.unixSeconds == [1_583_971_200, 1_583_971_260])
        let seconds = try PathTestSupport.temporaryFile("t,price\n1583971200,194.5\n")
        #expect { try PriceHistory.load(path: seconds, HistoryReading(timeColumn: "t", priceColumn: "price", timeUnit: .milliseconds)) } throws: { e in
            "\(e)".contains("looks like seconds")
        }
    }

    @Test("ISO-8601 formatting for messages round-trips the parser")
    func isoRoundTrip() throws {
        let times: [Double] = [0, 1_583_971_200, 1_583_971_200 + 86_399, 951_782_400 /* 2000-02-29 */, -86_400]
        for t in times {
            #expect(PriceHistory.parseTime(PriceHistory.iso8601(t)) == t)
        }
        #expect(PriceHistory.iso8601(1_583_971_200) == "2020-03-12T00:00:00Z")
    }
}
