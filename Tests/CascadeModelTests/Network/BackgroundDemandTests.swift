import TestSupport
import Foundation
import Testing
import Stochastic
@testable import CascadeModel

@Suite struct BackgroundDemandTests {
    /// E[D | s] = base · (1 + sensitivity · s); the mean-one lognormal noise (σ = 0.2) has sd √(e^0.04 − 1) ≈ 0.202,
    /// so the mean of 4,000 blocks has relative sd 0.0032. Tolerance: 4 sd.
    @Test func meanDemandRisesWithStress() throws {
        let stream = try RandomStream(seed: 42)
        let model = StochasticDemand(baseGasPerBlock: 15_000_000, stressSensitivity: 20, noiseSigma: 0.2)
        let n = 4000
        var total = 0.0
        for _ in 0..<n { total += model.bids(stressAbsLogReturn: 0.05, stream: stream).reduce(0) { $0 + $1.gas } }
        let expected = 15_000_000 * (1 + 20 * 0.05)
        let sd = (exp(0.04) - 1).squareRoot() / Double(n).squareRoot()
        #expect(abs(total / Double(n) / expected - 1) < 4 * sd)
        #expect(model.validate().isEmpty)
        #expect(StochasticDemand(chunks: 0).validate().map(\.key) == ["chunks"])
    }

    @Test func bidsHaveMaxFeeAtLeastTheirTip() throws {
        let stream = try RandomStream(seed: 1)
        let bids = StochasticDemand().bids(stressAbsLogReturn: 0, stream: stream)
        #expect(bids.count == 16 && bids.allSatisfy { $0.maxFeeGwei >= $0.maxPriorityFeeGwei && $0.maxPriorityFeeGwei >= 0 })
    }

    @Test func recentReturnWindow() {
        var w = RecentReturnWindow(windowSeconds: 3600)
        #expect(w.absLogReturn(at: 0) == 0)
        w.record(100, at: 0)
        w.record(90, at: 1800)
        #expect(isClose(w.absLogReturn(at: 1800), abs(log(0.9))))  // less than a window: from the first price
        w.record(80, at: 4000)
        // At 4000 the base is the last price at or before 400: 100.
        #expect(isClose(w.absLogReturn(at: 4000), abs(log(0.8))))
        w.record(81, at: 5500)
        // At 5500 the base is the price at or before 1900: 90.
        #expect(isClose(w.absLogReturn(at: 5500), abs(log(81.0 / 90))))
    }
}
