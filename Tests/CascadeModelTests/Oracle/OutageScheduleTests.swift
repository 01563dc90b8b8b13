import Testing
import Stochastic
@testable import CascadeModel

@Suite struct OutageScheduleTests {
    @Test func mergesAndLooksUp() {
        let s = OutageSchedule([(start: 50, end: 60), (start: 10, end: 20), (start: 15, end: 30), (start: 40, end: 40)])
        #expect(s.windows.map(\.start) == [10, 50] && s.windows.map(\.end) == [30, 60])
        #expect(!s.contains(9.9) && s.contains(10) && s.contains(29.9) && !s.contains(30) && s.contains(55))
        #expect(s.firstActiveTime(atOrAfter: 12) == 30 && s.firstActiveTime(atOrAfter: 35) == 35)
    }

    @Test func randomOutagesArriveAtTheRequestedRate() throws {
        // 4 per day over 500 days: count ~ Poisson(2000), sd ≈ 44.7; allow 4 sd.
        let stream = try RandomStream(seed: 7)
        let s = OutageSchedule.random(ratePerDay: 4, duration: .constant(value: 1), from: 0, until: 500 * 86_400, stream: stream)
        #expect(abs(Double(s.windows.count) - 2000) < 4 * 44.8)
        // Each lasts 1 s; arrivals closer than that merge into one longer window.
        #expect(s.windows.allSatisfy { $0.end - $0.start >= 1 - 1e-6 })
        #expect(zip(s.windows, s.windows.dropFirst()).allSatisfy { $0.end < $1.start })
    }
}
