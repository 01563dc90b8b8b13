import TestSupport
import Testing
@testable import CascadeModel

/// MakerDAO's OSM with its feed and pokes as transactions (makerdao/osm @ e36c874b, `src/osm.sol` `poke`,
/// lines 131–140: `require(pass())` (era ≥ zzz + hop, line 127), then `cur = nxt; nxt = peek(src); zzz =
/// prev(era())` (lines 135–137); the Medianizer
/// (`median.sol`) moves only when a relayer's `poke` with signed prices is mined).
@Suite struct PokedOSMOracleTests {
    func osm(spread: Double = 0.01, expiry: Double = 86_400) -> Oracle {
        Oracle(spec: .osmPoked(hopSeconds: 3600, medianSpread: spread, medianExpirySeconds: expiry), initial: price(200), at: 0)
    }

    func same(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1) } }
    func same(_ a: Double?, _ b: Double) -> Bool { a.map { isClose($0, b) } ?? false }

    /// Mines every transaction `delay` seconds after it is sent; returns the posts.
    func mineAll(_ oracle: inout Oracle, _ events: [OracleEvent], delay: Double, at time: Double) -> [OraclePost] {
        var posts = events.publishedPosts
        for round in events.submittedRounds {
            let more = oracle.roundIncluded(round.id, at: time + delay)
            posts += mineAll(&oracle, more, delay: delay, at: time + delay)
        }
        return posts
    }

    @Test func mined_at_once_it_is_the_one_hour_delayed_OSM() {
        var o = osm()
        // 10:00-style path: the market falls to 180 at 1,000 s; the relayer's update (deviation > 1%) is mined.
        let e1 = o.observe(price(180), at: 1000)
        #expect(e1.submittedRounds.map(\.reason) == [.deviation])
        _ = mineAll(&o, e1, delay: 0, at: 1000)
        #expect(same(o.osmState?.median, 180))
        #expect(same(o.current.price, 200), "the Medianizer moving does not move the protocol's price")
        // At the hop boundary the keeper pokes: cur = nxt (200, read at t = 0), nxt = read() = 180.
        let e2 = o.wake(at: 3600)
        #expect(e2.submittedRounds.map(\.reason) == [.poke])
        let p2 = mineAll(&o, e2, delay: 0, at: 3600)
        #expect(same(p2.map(\.price), [200]))
        #expect(same(o.osmState?.next, 180))
        // Next hour: 180 reaches the protocol, an hour after the Medianizer had it.
        let p3 = mineAll(&o, o.wake(at: 7200), delay: 0, at: 7200)
        #expect(same(p3.map(\.price), [180]) && p3[0].publishedAt == 7200)
    }

    @Test func a_late_poke_publishes_late_and_reads_the_median_then() {
        var o = osm()
        _ = mineAll(&o, o.observe(price(180), at: 1000), delay: 0, at: 1000)
        let poke = o.wake(at: 3600).submittedRounds
        #expect(poke.count == 1)
        // The poke is stuck in a congested mempool until 5,000 s; meanwhile the Medianizer moves to 150.
        _ = mineAll(&o, o.observe(price(150), at: 4000), delay: 0, at: 4000)
        #expect(same(o.current.price, 200))
        let published = o.roundIncluded(poke[0].id, at: 5000).publishedPosts
        #expect(same(published.map(\.price), [200]) && published[0].publishedAt == 5000)
        // nxt is read when the poke is mined (150, not the 180 of 3,600 s); zzz = prev(5000) = 3600, so the
        // next poke is due at 7,200.
        #expect(same(o.osmState?.next, 150))
        #expect(o.nextWakeTime == 7200)
        let p = mineAll(&o, o.wake(at: 7200), delay: 0, at: 7200)
        #expect(same(p.map(\.price), [150]))
    }

    @Test func a_Medianizer_whose_updates_are_not_mined_keeps_the_OSM_on_a_stale_price() {
        var o = osm()
        let relay = o.observe(price(120), at: 600).submittedRounds
        #expect(relay.count == 1, "one relayer update in flight")
        // The update is not mined (its fee cap is below the base fee). A second deviation starts no new one.
        #expect(o.observe(price(100), at: 1200).submittedRounds.isEmpty)
        // Pokes still get mined: they read the stale Medianizer (200) at 3,600 and 7,200.
        #expect(same(mineAll(&o, o.wake(at: 3600), delay: 0, at: 3600).map(\.price), [200]))
        #expect(same(mineAll(&o, o.wake(at: 7200), delay: 0, at: 7200).map(\.price), [200]))
        // Mined at last at 8,000 with the prices signed at 600 s (120); the relayer then sees 100 is > 1% away.
        let after = o.roundIncluded(relay[0].id, at: 8000)
        #expect(same(o.osmState?.median, 120))
        #expect(after.submittedRounds.map(\.reason) == [.deviation])
    }

    @Test func the_Medianizer_updates_at_expiry_without_a_move() {
        var o = osm(spread: 0.01, expiry: 3000)
        #expect(o.observe(price(200.5), at: 100).submittedRounds.isEmpty, "0.25% is inside the 1% spread")
        let e = o.wake(at: 3000)
        #expect(e.submittedRounds.map(\.reason) == [.heartbeat])
        #expect(same(e.submittedRounds.first?.value.price, 200.5))
    }
}
