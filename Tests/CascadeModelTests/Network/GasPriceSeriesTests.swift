import TestSupport
import Foundation
import Testing
@testable import CascadeModel

@Suite struct GasPriceSeriesTests {
    let header = "unix_time_s,tx_count,avg_gas_price_wei,p30_gas_price_wei,p60_gas_price_wei,p90_gas_price_wei,max_gas_price_wei"

    @Test func parsesAndConvertsToGwei() throws {
        let text = "\(header)\n0,100,5e9,2e9,4e9,10e9,20e9\n600,300,6e9,3e9,5e9,11e9,30e9\n"
        let s = try GasPriceSeries.parse(text, file: "gas.csv")
        #expect(s.rows.count == 2 && s.meanTxCount == 200)
        #expect(s.rows[0].p60Gwei == 4 && s.rows[1].maxGwei == 30)
        #expect(s.row(atUnixTime: -5).unixTime == 0 && s.row(atUnixTime: 599).unixTime == 0 && s.row(atUnixTime: 600).unixTime == 600)
        // Quantiles: flat at p30 below 0.3, linear between knots.
        #expect(s.rows[0].quantileGwei(0.1) == 2 && isClose(s.rows[0].quantileGwei(0.45), 3) && isClose(s.rows[0].quantileGwei(0.95), 15))
    }

    @Test func replayedDemandScalesWithTxCount() throws {
        let s = try GasPriceSeries.parse("\(header)\n0,100,5e9,2e9,4e9,10e9,20e9\n600,300,6e9,3e9,5e9,11e9,30e9\n", file: "gas.csv")
        let demand = ReplayedDemand(series: s, gasPerBlock: 30_000_000, chunks: 2)
        let early = demand.bids(at: 0)
        // Row 0: 30M · 100/200 = 15M in two legacy bids at quantiles 0.25 (2 gwei) and 0.75 (7 gwei).
        #expect(early == [.legacy(gas: 7_500_000, gasPriceGwei: 2), .legacy(gas: 7_500_000, gasPriceGwei: 7)])
        #expect(demand.bids(at: 700).reduce(0) { $0 + $1.gas } == 45_000_000)
    }

    func error(_ text: String) -> GasPriceSeriesError? {
        do { _ = try GasPriceSeries.parse(text, file: "bad.csv"); return nil } catch let e as GasPriceSeriesError { return e } catch { return nil }
    }

    @Test func errorsNameFileLineAndColumn() {
        let wrongHeader = error("unix_time_s,tx_count,avg,p30_gas_price_wei,p60_gas_price_wei,p90_gas_price_wei,max_gas_price_wei\n")
        #expect(wrongHeader.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0) == ("bad.csv", 1, 3))
        let notNumber = error("\(header)\n0,100,5e9,2e9,4e9,10e9,20e9\n600,lots,6e9,3e9,5e9,11e9,30e9\n")
        #expect(notNumber?.line == 3 && notNumber?.column == 2)
        #expect(notNumber?.description == "bad.csv:3:2: tx_count is \"lots\", expected a finite number")
        let short = error("\(header)\n0,100,5e9,2e9\n")
        #expect(short?.line == 2 && short?.column == 5)
        let backwards = error("\(header)\n600,100,5e9,2e9,4e9,10e9,20e9\n0,100,5e9,2e9,4e9,10e9,20e9\n")
        #expect(backwards?.line == 3 && backwards?.column == 1)
        let quantiles = error("\(header)\n0,100,5e9,2e9,4e9,3e9,20e9\n")
        #expect(quantiles?.line == 2 && quantiles?.column == 6)
        let negative = error("\(header)\n0,-1,5e9,2e9,4e9,10e9,20e9\n")
        #expect(negative?.line == 2 && negative?.column == 2)
        #expect(error("\(header)\n")?.line == 2)
    }

    @Test func loadNamesAMissingFile() {
        #expect(throws: GasPriceSeriesError.self) { try GasPriceSeries.load(path: "/nonexistent/gas.csv") }
    }

    @Test func loadsTheBlackThursdaySeriesWhenPresent() throws {
        let path = "/work/shared/data/eth_gasprice_10m_stablesims_2020-03-12.csv"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let s = try GasPriceSeries.load(path: path)
        #expect(s.rows.count == 144 && s.rows[0].unixTime == 1_583_971_200)
        #expect(s.rows[0].p90Gwei == 30)
        // The file has CRLF line ends; the same text with LF parses to the same rows.
        let lf = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(try GasPriceSeries.parse(lf, file: path) == s)
    }
}
