import Foundation
import Testing
@testable import Stochastic

@Suite("PriceHistory.load")
struct PriceHistoryLoaderTests {
    func loadError(_ contents: String, time: String = "unix_time_s", price: String = "close") throws -> PriceHistoryError {
        let path = try PathTestSupport.temporaryFile(contents)
        do {
            _ = try PriceHistory.load(path: path, timeColumn: time, priceColumn: price)
        } catch let e as PriceHistoryError {
            #expect(e.file == path)
            return e
        }
        Issue.record("expected a PriceHistoryError")
        return PriceHistoryError(file: "", line: nil, column: nil, message: "")
    }

    @Test("an unparsable price names file, line and column")
    func badPrice() throws {
        let e = try loadError("unix_time_s,close\n100,1.5\n200,abc\n")
        #expect(e.line == 3 && e.column == "close")
        #expect(e.description == "\(e.file):3: column \"close\": found \"abc\", expected a positive number")
    }

    @Test("non-positive and non-finite prices are rejected", arguments: ["0", "-3", "nan", "inf", ""])
    func nonPositive(cell: String) throws {
        let e = try loadError("unix_time_s,close\n100,\(cell)\n")
        #expect(e.line == 2 && e.column == "close")
    }

    @Test("an unparsable time names its column")
    func badTime() throws {
        let e = try loadError("unix_time_s,close\n100,1\n2020-13-01T00:00:00Z,2\n")
        #expect(e.line == 3 && e.column == "unix_time_s")
        #expect(e.message.contains("ISO-8601"))
    }

    @Test("duplicate timestamps are rejected with both lines")
    func duplicates() throws {
        let e = try loadError("unix_time_s,close\n200,1\n100,2\n200,3\n")
        #expect(e.line == 4 && e.column == "unix_time_s")
        #expect(e.message.contains("first on line 2"))
    }

    @Test("missing column, missing, empty, header-only and binary files are rejected")
    func badFiles() throws {
        let missingColumn = try loadError("unix_time_s,open\n100,1\n")
        #expect(missingColumn.line == 1 && missingColumn.message.contains("expected a column named \"close\""))
        #expect(try loadError("").message.contains("empty"))
        #expect(try loadError("unix_time_s,close\n").message.contains("no rows"))
        #expect(try loadError("unix_time_s,close\n100,1,7\n").message.contains("fields"))

        #expect(throws: PriceHistoryError.self) {
            try PriceHistory.load(path: "/nonexistent/x.csv", timeColumn: "t", priceColumn: "p")
        }
        let nul = try PathTestSupport.temporaryFile(Data("unix_time_s,close\n100,1\0\n".utf8))
        #expect { try PriceHistory.load(path: nul, timeColumn: "unix_time_s", priceColumn: "close") } throws: { e in
            (e as? PriceHistoryError)?.message.contains("NUL byte") == true
        }
        let invalid = try PathTestSupport.temporaryFile(Data([0x74, 0x2C, 0x70, 0x0A, 0xFF, 0xFE, 0x2C, 0x31]))
        #expect { try PriceHistory.load(path: invalid, timeColumn: "t", priceColumn: "p") } throws: { e in
            (e as? PriceHistoryError)?.message.contains("UTF-8") == true
        }
    }

    @Test("ISO-8601 times in several forms, rows in any order, CRLF and quotes")
    func isoTimes() throws {
        let text = "time,price\r\n\"2020-03-12 01:00:00\",2\r\n2020-03-12T00:00:00Z,1\r\n2020-03-12T03:00:00+01:00,3\r\n\r\n"
        let h = try PriceHistory.load(path: try PathTestSupport.temporaryFile(text), timeColumn: "time", priceColumn: "price")
        #expect(h.unixSeconds == [1_583_971_200, 1_583_974_800, 1_583_978_400])
        #expect(h.prices == [1, 2, 3])
        #expect(PriceHistory.parseTime("2020-03-12") == 1_583_971_200)
        #expect(PriceHistory.parseTime("2020-03-12T00:00:00.5Z") == 1_583_971_200.5)
        #expect(PriceHistory.parseTime("1970-01-01T00:00:00Z") == 0)
        #expect(PriceHistory.parseTime("2000-02-29T00:00:00Z") == 951_782_400)
        #expect(PriceHistory.parseTime("2021-02-29T00:00:00Z") == nil)
        #expect(PriceHistory.parseTime("2020-03-12T00:00:00Zjunk") == nil)
        #expect(PriceHistory.parseTime("12 March") == nil)
    }

    @Test("all seven copied data files load")
    func dataFiles() throws {
        let files = ["eth_usd_1h_coinbase_2020-03-10_2020-03-16.csv": 168, "eth_usd_10m_stablesims_2020-03-12.csv": 144,
                     "dai_usd_10m_stablesims_2020-03-12.csv": 144, "eth_usd_1h_bitstamp_2021-05-17_2021-05-21.csv": 120,
                     "eth_usd_10m_stablesims_2021-05-19.csv": 144, "eth_usd_1h_gemini_2022-11-07_2022-11-12.csv": 144]
        for (name, rows) in files {
            let h = try PriceHistory.load(path: PathTestSupport.dataFile(name), timeColumn: "unix_time_s", priceColumn: "close")
            #expect(h.count == rows, "\(name)")
        }
        let gas = try PriceHistory.load(path: PathTestSupport.dataFile("eth_gasprice_10m_stablesims_2020-03-12.csv"),
                                        timeColumn: "unix_time_s", priceColumn: "avg_gas_price_wei")
        #expect(gas.count == 144)
    }
}
