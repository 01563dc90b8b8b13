import Foundation
import Testing
@testable import Stochastic

@Suite("Block bootstrap")
struct BootstrapTests {
    @Test("only source returns, in whole blocks of the configured length, jointly across assets")
    func blocks() throws {
        let coinbase = try PriceHistory.load(path: PathTestSupport.dataFile(PathTestSupport.blackThursdayFile),
                                             timeColumn: "unix_time_s", priceColumn: "close")
        let bitstamp = try PriceHistory.load(path: PathTestSupport.dataFile("eth_usd_1h_bitstamp_2021-05-17_2021-05-21.csv"),
                                             timeColumn: "unix_time_s", priceColumn: "close")
        let blockLength = 6, ticks = 600
        let plan = try PathTestSupport.plan([
            AssetPathSpec(name: "ETH-2020", model: .bootstrap(BootstrapSpec(history: coinbase, blockLengthTicks: blockLength))),
            AssetPathSpec(name: "ETH-2021", model: .bootstrap(BootstrapSpec(history: bitstamp, blockLengthTicks: blockLength, initialPrice: 2000))),
        ], tickSeconds: 3600)
        let sources = [coinbase.resampledLogReturns(stepSeconds: 3600, policy: .logLinear),
                       bitstamp.resampledLogReturns(stepSeconds: 3600, policy: .logLinear)]
        #expect(sources[0].count == 167 && sources[1].count == 119)
        let n = min(sources[0].count, sources[1].count)  // the joint bootstrap draws within the shorter one
        let paths = try PathTestSupport.run(plan, seed: 21, ticks: ticks)
        #expect(paths[0][0] == coinbase.prices[0] && paths[1][0] == 2000)
        let generated = paths[0...1].map(PathTestSupport.logReturns)
        var starts = Set<Int>()
        for block in 0..<(ticks / blockLength) {
            let range = (block * blockLength)..<((block + 1) * blockLength)
            // The block must be a contiguous run source[s ..< s + L] of both histories at the same s.
            // (Recomputing log returns from exp'd log prices costs ~1e-15; real hourly returns differ by far
            // more than 1e-9, so the match is unambiguous.)
            let matches = (0...(n - blockLength)).filter { s in
                (0..<2).allSatisfy { a in
                    range.enumerated().allSatisfy { j, i in abs(generated[a][i] - sources[a][s + j]) < 1e-9 }
                }
            }
            #expect(matches.count >= 1, "block \(block) is not a run of source returns")
            if let s = matches.first { starts.insert(s) }
        }
        // 100 blocks drawn uniformly from 114 starts: many distinct ones.
        #expect(starts.count > 40)
    }

    @Test("a block longer than the history's returns is rejected")
    func tooLong() throws {
        let h = try PriceHistory(unixSeconds: [0, 3600, 7200], prices: [1, 2, 3])
        #expect(throws: PricePathSpecError.self) {
            try PathTestSupport.plan([AssetPathSpec(name: "X", model: .bootstrap(BootstrapSpec(history: h, blockLengthTicks: 3)))], tickSeconds: 3600)
        }
        #expect(BootstrapSpec(history: h, blockLengthTicks: 0).validate().map(\.key) == ["block_length_ticks"])
    }
}
