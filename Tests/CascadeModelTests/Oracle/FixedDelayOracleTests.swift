import TestSupport
import Testing
@testable import CascadeModel

/// MakerDAO OSM semantics (dss osm.sol `poke`: cur = nxt; nxt = read(), on a grid of `hop`).
@Suite struct FixedDelayOracleTests {
    let path: [(time: Double, price: Double)] = [(1800, 110), (5400, 120), (9000, 130)]

    @Test func pokesHourlyWithThePriceOfThePreviousPoke() {
        var oracle = Oracle(spec: .fixedDelay(), initial: price(100), at: 0)
        #expect(oracle.nextWakeTime == 3600)
        let posts = drive(&oracle, path: path, until: 12_000)
        #expect(posts.map(\.publishedAt) == [3600, 7200, 10_800])
        #expect(posts.map(\.observedAt) == [0, 3600, 7200])
        // Price at 0 is 100, at 3600 is 110 (tick at 1800), at 7200 is 120 (tick at 5400).
        #expect(posts.map(\.price).map { ($0 * 1e9).rounded() / 1e9 } == [100, 110, 120])
        #expect(isClose(oracle.current.price, 120))
    }

    @Test func delayAndIntervalAreSeparate() {
        // Posts every 600 s the price observed 1800 s earlier; price rises by 1 at every multiple of 600 s.
        var oracle = Oracle(spec: .fixedDelay(intervalSeconds: 600, delaySeconds: 1800), initial: price(100), at: 0)
        let path = (1...10).map { (time: Double($0) * 600, price: 100 + Double($0)) }
        let posts = drive(&oracle, path: path, until: 4200)
        // Pokes at 600 and 1200 find no observation old enough: nothing is posted.
        #expect(posts.map(\.publishedAt) == [1800, 2400, 3000, 3600, 4200])
        #expect(posts.map(\.observedAt) == [0, 600, 1200, 1800, 2400])
        for post in posts { #expect(isClose(post.price, 100 + post.observedAt / 600)) }
    }

    @Test func outageSkipsPokesAndTheNextPokePublishesTheStaleQueuedValue() {
        let outage = OutageSchedule([(start: 3000, end: 4000)])
        var oracle = Oracle(spec: .fixedDelay(), outages: outage, initial: price(100), at: 0)
        let posts = drive(&oracle, path: path, until: 11_000)
        // The 3600 poke and observation fall in the outage. At 7200, cur = nxt = the value read at 0.
        #expect(posts.map(\.publishedAt) == [7200, 10_800])
        #expect(posts.map(\.observedAt) == [0, 7200])
        #expect(isClose(posts[0].price, 100))
        #expect(isClose(posts[1].price, 120))
    }

    @Test func latencyDelaysVisibility() {
        var oracle = Oracle(spec: .fixedDelay(), latency: .constant(value: 30), initial: price(100), at: 0)
        let posts = drive(&oracle, path: path, until: 7300)
        #expect(posts.map(\.decidedAt) == [3600, 7200])
        #expect(posts.map(\.publishedAt) == [3630, 7230])
    }
}
