import TestSupport
import Stochastic
import Testing
@testable import CascadeModel

@Suite struct InstantOracleTests {
    @Test func postsEveryInputAtOnce() {
        var oracle = Oracle(spec: .instant, initial: price(100), at: 0)
        #expect(oracle.nextWakeTime == nil)
        let posts = drive(&oracle, path: [(10, 99), (20, 98)], until: 100)
        #expect(posts.map(\.publishedAt) == [10, 20])
        #expect(isClose(oracle.current.price, 98))
    }

    @Test func latencyAndNoOvertaking() {
        var oracle = Oracle(spec: .ammSpot, latency: .constant(value: 5), initial: price(100), at: 0)
        #expect(OracleSpec.ammSpot.source == .ammPool)
        #expect(oracle.observe(price(90), at: 10).isEmpty)
        #expect(oracle.nextWakeTime == 15)
        let posts = oracle.wake(at: 15).publishedPosts
        #expect(posts.map(\.publishedAt) == [15] && isClose(posts[0].price, 90))
    }

    @Test func outageFreezesThenPostsTheLatestInputWhenItEnds() {
        var oracle = Oracle(spec: .instant, outages: OutageSchedule([(start: 50, end: 80)]), initial: price(100), at: 0)
        let posts = drive(&oracle, path: [(10, 99), (60, 90), (70, 85)], until: 100)
        #expect(posts.map(\.publishedAt) == [10, 80])
        #expect(isClose(posts[1].price, 85) && posts[1].observedAt == 80)
    }
}


@Suite struct RandomLatencyTests {
    /// Uniform latency on [0, 100) s with inputs every 10 s: later posts often arrive first; the feed must
    /// never go back to an earlier-decided value.
    @Test func feedNeverGoesBack() throws {
        let stream = try RandomStream(seed: 5)
        var oracle = Oracle(spec: .instant, latency: .flat(min: 0, max: 100), initial: price(100), at: 0)
        var published: [OraclePost] = []
        for k in 1...200 {
            let t = Double(k) * 10
            while let w = oracle.nextWakeTime, w < t { published += oracle.wake(at: w, stream: stream).publishedPosts }
            published += oracle.observe(price(100 + Double(k)), at: t, stream: stream).publishedPosts
        }
        while let w = oracle.nextWakeTime { published += oracle.wake(at: w, stream: stream).publishedPosts }
        #expect(zip(published, published.dropFirst()).allSatisfy { $0.sequence < $1.sequence && $0.publishedAt <= $1.publishedAt })
        #expect(published.count < 200 && published.count > 20)  // some were overtaken and dropped
        #expect(oracle.current.sequence == 200 && oracle.inFlight.isEmpty)
    }
}
