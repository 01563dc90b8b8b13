import TestSupport
import Testing
@testable import CascadeModel

@Suite struct DeviationHeartbeatOracleTests {
    @Test func deviationTriggersAndInclusionPublishesTheTriggerTimePrice() {
        var oracle = Oracle(spec: .deviationHeartbeat(), initial: price(100), at: 0)
        #expect(oracle.nextWakeTime == 3600)
        // 0.5% exactly is not "more than" the threshold.
        #expect(oracle.observe(price(100.5), at: 100).isEmpty)
        let events = oracle.observe(price(100.6), at: 200)
        #expect(events.triggeredRounds.map(\.reason) == [.deviation])
        let round = try! #require(events.submittedRounds.first)
        #expect(round.triggeredAt == 200 && round.submitAt == 200 && isClose(round.value.price, 100.6))
        #expect(oracle.nextWakeTime == nil)  // waiting for the network
        #expect(isClose(oracle.current.price, 100))  // not published until included
        // Later prices do not change what the round publishes.
        #expect(oracle.observe(price(101), at: 205).isEmpty)
        let published = oracle.roundIncluded(round.id, at: 212).publishedPosts
        #expect(published.count == 1)
        #expect(published[0].publishedAt == 212 && published[0].observedAt == 200 && isClose(published[0].price, 100.6))
        #expect(oracle.nextWakeTime == 3812)  // 212 + 3600
    }

    @Test func heartbeatFiresAnHourAfterTheLastPublication() {
        var oracle = Oracle(spec: .deviationHeartbeat(deviationThreshold: 0.005, heartbeatSeconds: 3600),
                            initial: price(100), at: 0)
        #expect(oracle.observe(price(100.3), at: 1000).isEmpty)
        let events = oracle.wake(at: 3600)
        let round = try! #require(events.submittedRounds.first)
        #expect(round.reason == .heartbeat && isClose(round.value.price, 100.3))
        // A deviation while the round is pending does not start another round ...
        #expect(oracle.observe(price(110), at: 3610).isEmpty)
        // ... but is caught the moment the heartbeat round lands.
        let after = oracle.roundIncluded(round.id, at: 3624)
        #expect(after.publishedPosts.map(\.publishedAt) == [3624])
        #expect(after.triggeredRounds.map(\.reason) == [.deviation])
        #expect(after.triggeredRounds.map(\.triggeredAt) == [3624])
    }

    /// Regression: with the last round included at 2854.5647251964624, (t + 3600) − t rounds to just below
    /// 3600, so the heartbeat check at `nextWakeTime` used to fail and the simulation woke the oracle at that
    /// instant forever (seen with Poisson blocks in Scenarios/may-2021.toml).
    @Test func heartbeatFiresAtItsWakeTimeDespiteRounding() {
        let included = 2854.5647251964624
        #expect((included + 3600) - included < 3600)
        var oracle = Oracle(spec: .deviationHeartbeat(deviationThreshold: 0.005, heartbeatSeconds: 3600),
                            initial: price(100), at: 0)
        let first = try! #require(oracle.observe(price(101), at: included - 12).submittedRounds.first)
        _ = oracle.roundIncluded(first.id, at: included)
        let wake = try! #require(oracle.nextWakeTime)
        #expect(wake == included + 3600)
        #expect(oracle.wake(at: wake).submittedRounds.map(\.reason) == [.heartbeat])
    }

    @Test func triggerLatencyDelaysSubmission() {
        var oracle = Oracle(spec: .deviationHeartbeat(), latency: .constant(value: 30), initial: price(100), at: 0)
        let events = oracle.observe(price(102), at: 200)
        #expect(events.triggeredRounds.count == 1 && events.submittedRounds.isEmpty)
        #expect(oracle.nextWakeTime == 230)
        #expect(oracle.wake(at: 229).isEmpty)
        let later = oracle.wake(at: 230)
        #expect(later.submittedRounds.map(\.submitAt) == [230])
    }

    @Test func outageFreezesAndTheFeedCatchesUpWhenItEnds() {
        var oracle = Oracle(spec: .deviationHeartbeat(), outages: OutageSchedule([(start: 500, end: 1500)]),
                            initial: price(100), at: 0)
        #expect(oracle.observe(price(102), at: 600).isEmpty)
        #expect(oracle.nextWakeTime == 1500)
        let events = oracle.wake(at: 1500)
        #expect(events.submittedRounds.map(\.triggeredAt) == [1500])
        #expect(events.submittedRounds.map { ($0.value.price * 1e9).rounded() / 1e9 } == [102])
    }

    @Test func heartbeatDueInsideAnOutageWaitsForItsEnd() {
        var oracle = Oracle(spec: .deviationHeartbeat(), outages: OutageSchedule([(start: 3000, end: 5000)]),
                            initial: price(100), at: 0)
        #expect(oracle.nextWakeTime == 5000)
        #expect(oracle.wake(at: 5000).submittedRounds.map(\.reason) == [.heartbeat])
    }
}
