import TestSupport
import Foundation
import Testing
@testable import CascadeModel

@Suite struct TWAPOracleTests {
    /// Pool price 100 on [0, 900), 130 on [900, 1500), 70 from 1500. Window 1800 s, updates every 600 s.
    /// Cumulative price C: C(600) = 60,000; C(1200) = 90,000 + 39,000 = 129,000;
    /// C(1800) = 129,000 + 39,000 + 21,000 = 189,000; C(2400) = 231,000; C(3000) = 273,000.
    /// TWAP(t) = (C(t) − C(max(0, t − 1800))) / min(t, 1800).
    @Test func piecewiseConstantPathByHand() {
        var oracle = Oracle(spec: .twap(windowSeconds: 1800, updateIntervalSeconds: 600), initial: price(100), at: 0)
        let posts = drive(&oracle, path: [(900, 130), (1500, 70)], until: 3000)
        #expect(posts.map(\.publishedAt) == [600, 1200, 1800, 2400, 3000])
        let expected = [60_000.0 / 600, 129_000.0 / 1200, 189_000.0 / 1800, 171_000.0 / 1800, 144_000.0 / 1800]
        #expect(expected == [100, 107.5, 105, 95, 80])
        for (post, value) in zip(posts, expected) { #expect(isClose(post.price, value)) }
    }

    @Test func decompositionIsTheTimeAverageOfEachComponent() {
        var oracle = Oracle(spec: .twap(windowSeconds: 1800, updateIntervalSeconds: 600), initial: price(100), at: 0)
        let exo = log(100.0)
        var posts: [OraclePost] = []
        posts += oracle.wake(at: 600).publishedPosts
        posts += oracle.observe(PriceDecomposition(exogenousLog: exo, impactLog: [log(1.3)]), at: 900).publishedPosts
        posts += oracle.wake(at: 1200).publishedPosts
        posts += oracle.observe(PriceDecomposition(exogenousLog: exo, impactLog: [log(1.3), log(70.0 / 130)]), at: 1500).publishedPosts
        posts += oracle.wake(at: 1800).publishedPosts
        posts += oracle.wake(at: 2400).publishedPosts
        let last = posts.last!
        #expect(last.publishedAt == 2400)
        #expect(isClose(last.price, 95))
        // Window [600, 2400]: generation 0 holds on [900, 2400], generation 1 on [1500, 2400].
        #expect(isClose(last.value.impactLog[0], log(1.3) * 1500 / 1800))
        #expect(isClose(last.value.impactLog[1], log(70.0 / 130) * 900 / 1800))
        // The Jensen gap goes to the exogenous part: ≥ 0 and small.
        let gap = last.value.exogenousLog - exo
        #expect(gap >= 0 && gap < 0.05)
        #expect(isClose(gap, log(95) - (exo + last.value.impactLog.reduce(0, +)), relative: 1e-9))
    }

    @Test func updatesSkippedDuringOutage() {
        var oracle = Oracle(spec: .twap(windowSeconds: 1800, updateIntervalSeconds: 600),
                            outages: OutageSchedule([(start: 1000, end: 2000)]), initial: price(100), at: 0)
        let posts = drive(&oracle, path: [(900, 130), (1500, 70)], until: 3000)
        #expect(posts.map(\.publishedAt) == [600, 2400, 3000])
        #expect(isClose(posts[1].price, 95))
    }
}
