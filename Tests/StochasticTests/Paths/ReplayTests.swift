import Foundation
import Testing
@testable import Stochastic

@Suite("Historical replay")
struct ReplayTests {
    func blackThursday() throws -> PriceHistory {
        try PriceHistory.load(path: PathTestSupport.dataFile(PathTestSupport.blackThursdayFile),
                              timeColumn: "unix_time_s", priceColumn: "close")
    }

    /// The closes as written in the file, parsed independently of the loader.
    func closesFromFile() throws -> [(Double, Double)] {
        let text = try String(contentsOfFile: PathTestSupport.dataFile(PathTestSupport.blackThursdayFile), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let f = line.split(separator: ",")
            return (Double(f[0])!, Double(f[4])!)
        }
    }

    @Test("Black Thursday replay reproduces the real hourly closes exactly at the file's timestamps")
    func blackThursdayCloses() throws {
        let history = try blackThursday()
        let closes = try closesFromFile()
        #expect(closes.count == 168)
        let plan = try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: .replay(ReplaySpec(history: history)))], tickSeconds: 3600)
        let prices = try PathTestSupport.run(plan, ticks: closes.count - 1)[0]
        for (i, (t, close)) in closes.enumerated() {
            #expect(t == closes[0].0 + Double(i) * 3600)
            #expect(prices[i] == close, "hour \(i)")
        }
        // Tick count and time line up with the file: the last tick is the file's last bar.
        #expect(history.unixSeconds.last == closes.last!.0)
    }

    @Test("each gap policy reproduces the file exactly at its own timestamps between finer ticks",
          arguments: GapPolicy.allCases)
    func exactAtTimestamps(policy: GapPolicy) throws {
        let history = try blackThursday()
        let plan = try PathTestSupport.plan(
            [AssetPathSpec(name: "ETH", model: .replay(ReplaySpec(history: history, gapPolicy: policy)))], tickSeconds: 600)
        let prices = try PathTestSupport.run(plan, ticks: 167 * 6)[0]
        for i in 0..<history.count { #expect(prices[6 * i] == history.prices[i]) }
        // Between observations: hold keeps the last close; log-linear is geometric interpolation.
        let mid = prices[3], p0 = history.prices[0], p1 = history.prices[1]
        switch policy {
        case .hold: #expect(mid == p0)
        case .logLinear: #expect(abs(mid - (p0 * p1).squareRoot()) < 1e-12 * p0)
        }
    }

    @Test("irregular gaps, start time, before and after the data")
    func irregular() throws {
        let h = try PriceHistory(unixSeconds: [1000, 0, 300], prices: [8, 1, 2])  // any order, sorted on load
        #expect(h.unixSeconds == [0, 300, 1000] && h.prices == [1, 2, 8])
        #expect(h.price(atUnixSeconds: -5, policy: .logLinear) == 1)
        #expect(h.price(atUnixSeconds: 2000, policy: .logLinear) == 8)
        #expect(abs(h.price(atUnixSeconds: 650, policy: .logLinear) - 4) < 1e-12)  // halfway 2 → 8 in log
        #expect(h.price(atUnixSeconds: 999, policy: .hold) == 2)
        let plan = try PathTestSupport.plan(
            [AssetPathSpec(name: "X", model: .replay(ReplaySpec(history: h, gapPolicy: .logLinear, startUnixSeconds: 300)))], tickSeconds: 350)
        let p = try PathTestSupport.run(plan, ticks: 3)[0]  // unix 300, 650, 1000, 1350
        #expect(p[0] == 2 && abs(p[1] - 4) < 1e-12 && p[2] == 8 && p[3] == 8)
        #expect(throws: PriceHistoryError.self) { try PriceHistory(unixSeconds: [1, 1], prices: [1, 2]) }
        #expect(throws: PriceHistoryError.self) { try PriceHistory(unixSeconds: [1, 2], prices: [1, 0]) }
    }

    @Test("volatility scaling multiplies deviations from the first-to-last trend")
    func volatilityScaling() throws {
        let history = try blackThursday()
        let scaled = history.volatilityScaled(by: 1.5)
        let n = history.count
        #expect(scaled.prices[0] == history.prices[0] && scaled.prices[n - 1] == history.prices[n - 1])
        let t0 = history.unixSeconds[0], tN = history.unixSeconds[n - 1]
        let l0 = log(history.prices[0]), lN = log(history.prices[n - 1])
        for i in 0..<n {
            let trend = l0 + (lN - l0) * (history.unixSeconds[i] - t0) / (tN - t0)
            #expect(abs((log(scaled.prices[i]) - trend) - 1.5 * (log(history.prices[i]) - trend)) < 1e-12)
        }
        // The crash is deeper: the minimum falls further below the trend.
        #expect(scaled.prices.min()! < history.prices.min()!)
        let plan = try PathTestSupport.plan(
            [AssetPathSpec(name: "ETH", model: .replay(ReplaySpec(history: history, volatilityScale: 1.5)))], tickSeconds: 3600)
        #expect(try PathTestSupport.run(plan, ticks: n - 1)[0] == scaled.prices)
    }

    @Test("the DAI replay as debt asset shows the 1.126 peak of Black Thursday")
    func daiDebt() throws {
        let dai = try PriceHistory.load(path: PathTestSupport.dataFile("dai_usd_10m_stablesims_2020-03-12.csv"),
                                        timeColumn: "unix_time_s", priceColumn: "high")
        let spec = PricePathSetSpec(
            assets: [AssetPathSpec(name: "ETH", model: .replay(ReplaySpec(history: try blackThursday())))],
            debtAsset: AssetPathSpec(name: "DAI", model: .replay(ReplaySpec(history: dai))),
            startUnixSeconds: 1_583_971_200)  // 12 Mar 2020 00:00 UTC for both
        let rows = try samplePaths(spec: spec, streams: StreamFactory(rootSeed: 1, replication: 0), horizonSeconds: 86_400, tickSeconds: 600)
        let daiPrices = rows.filter { $0.asset == "DAI" }.map(\.price)
        #expect(abs(daiPrices.max()! - 1.126) < 0.0005)
        #expect(rows.first { $0.asset == "ETH" }!.price == history(closeAt: 1_583_971_200))
    }

    func history(closeAt t: Double) -> Double {
        (try? blackThursday().price(atUnixSeconds: t, policy: .hold)) ?? .nan
    }
}
