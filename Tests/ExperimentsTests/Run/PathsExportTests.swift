import Foundation
import XCTest
@testable import Experiments

/// `cascade paths` on the Black Thursday replay reproduces the real hourly bars, each close at its bar's end.
final class PathsExportTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    func testHourlyReplayReproducesTheCoinbaseClosesAtTheirBarsEnd() throws {
        let data = Self.root + "/Scenarios/data/eth_usd_1h_coinbase_2020-03-10_2020-03-16.csv"
        let folder = NSTemporaryDirectory() + "cascade-paths-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scenarioPath = folder + "/bt.toml"
        try """
        [simulation]
        horizon = "167h"
        tick = "1h"
        [[price.assets]]
        name = "ETH"
        model = "replay"
        file = "\(data)"
        time_column = "unix_time_s"
        price_column = "close"
        timestamps = "bar_open"
        [[market.pools]]
        name = "pool"
        depth_usd = 1e7
        [[protocol.collateral]]
        name = "ETH"
        ltv = 0.6
        liquidation_threshold = 0.66
        liquidation_bonus = 0.13
        [protocol.liquidation]
        mechanism = "fixed-spread"
        [positions]
        count = 10
        size = 1000
        initial_health_factor = 1.5
        """.write(toFile: scenarioPath, atomically: true, encoding: .utf8)
        let scenario = try Scenario.load(path: scenarioPath).value
        let written = try PathsExport.write(scenario: scenario, replications: 1, folder: folder)

        // The file's closes, in time order (CRLF line ends, header first).
        let rows = try String(contentsOfFile: data, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
            .map { $0.split(separator: ",") }
        let closes = rows.map { Double($0[4])! }
        let firstOpen = Double(rows.first![1])!
        XCTAssertEqual(closes.count, 168)
        let exported = try String(contentsOfFile: written, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .filter { $0[2] == "ETH" }
        XCTAssertEqual(exported.count, 168, "t = 0 h … 167 h")
        for (i, row) in exported.enumerated() {
            XCTAssertEqual(Double(row[1]), Double(i * 3600))
            // Stamped with open times: t = 0 is the first bar's open, hour i the close of the bar that ended then.
            XCTAssertEqual(Double(row[3]), i == 0 ? firstOpen : closes[i - 1], "hour \(i)")
        }
    }
}
