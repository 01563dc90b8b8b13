import TestSupport
import SimKernel
import Stochastic
import XCTest

final class EventKernelTests: XCTestCase {
    func testTimeNeverDecreases() {
        var kernel = EventKernel<Int>()
        var rng = SplitMix64(seed: 1)
        for i in 0..<1_000 { kernel.schedule(i, at: Double(rng.below(1_000)) / 7) }
        var last = -Double.infinity
        var fired = 0
        kernel.run { k, event in
            XCTAssertGreaterThanOrEqual(event.time, last)
            XCTAssertEqual(k.now, event.time)
            last = event.time
            fired += 1
            if fired < 3_000 { k.schedule(fired, after: Double(rng.below(5)) / 3) }
        }
        XCTAssertEqual(kernel.processedCount, 3_999)  // 1,000 initial + one from each of the first 2,999 handlers
        XCTAssertEqual(kernel.pendingCount, 0)
    }

    func testSameTimeAndPriorityFireInSchedulingOrder() {
        var kernel = EventKernel<Int>()
        for i in 0..<100 { kernel.schedule(i, at: 5) }
        var order: [Int] = []
        kernel.run { _, event in order.append(event.payload) }
        XCTAssertEqual(order, Array(0..<100))
    }

    func testPriorityOrdersBeforeSequenceAndTimeBeforePriority() {
        var kernel = EventKernel<String>()
        kernel.schedule("bookkeeping@1", at: 1, priority: .bookkeeping)
        kernel.schedule("action@1", at: 1)
        kernel.schedule("exogenous@2", at: 2, priority: .exogenous)
        kernel.schedule("exogenous@1", at: 1, priority: .exogenous)
        kernel.schedule("observation@1", at: 1, priority: .observation)
        kernel.schedule("settlement@1", at: 1, priority: .settlement)
        kernel.schedule("action@1 second", at: 1)
        kernel.schedule("exogenous@0.5", at: 0.5, priority: .bookkeeping)
        var order: [String] = []
        var sequences: [UInt64] = []
        kernel.run { _, event in
            order.append(event.payload)
            sequences.append(event.sequence)
        }
        XCTAssertEqual(order, ["exogenous@0.5", "exogenous@1", "observation@1", "action@1", "action@1 second",
                               "settlement@1", "bookkeeping@1", "exogenous@2"])
        XCTAssertEqual(sequences, [7, 3, 4, 1, 6, 5, 0, 2])
    }

    func testEventPriorityReportedBack() {
        var kernel = EventKernel<Int>()
        for (i, p) in EventPriority.allCases.enumerated() { kernel.schedule(i, at: 1, priority: p) }
        var seen: [EventPriority] = []
        kernel.run { _, event in seen.append(event.priority) }
        XCTAssertEqual(seen, EventPriority.allCases)
    }

    func testHandlerCanScheduleAtNowWithHigherPriority() {
        var kernel = EventKernel<String>()
        kernel.schedule("a", at: 1, priority: .action)
        kernel.schedule("b", at: 1, priority: .action)
        var order: [String] = []
        kernel.run { k, event in
            order.append(event.payload)
            if event.payload == "a" { k.schedule("urgent", at: k.now, priority: .exogenous) }
        }
        // The urgent event sorts before "b" even though it was scheduled after "a" fired.
        XCTAssertEqual(order, ["a", "urgent", "b"])
    }

    func testCancelledEventsNeverFireAndAreNotCounted() {
        var kernel = EventKernel<Int>()
        let handles = (0..<10).map { kernel.schedule($0, at: Double($0)) }
        kernel.cancel(handles[0])
        kernel.cancel(handles[3])
        kernel.cancel(handles[3])  // twice: no effect
        kernel.cancel(handles[9])
        XCTAssertEqual(kernel.pendingCount, 7)
        XCTAssertEqual(kernel.nextEventTime, 1)
        XCTAssertEqual(kernel.pendingCount, 7)
        kernel.cancel(handles[0])  // already dropped by nextEventTime: still no effect
        XCTAssertEqual(kernel.pendingCount, 7)
        var fired: [Int] = []
        kernel.run { _, event in fired.append(event.payload) }
        XCTAssertEqual(fired, [1, 2, 4, 5, 6, 7, 8])
        XCTAssertEqual(kernel.processedCount, 7)
        XCTAssertEqual(kernel.pendingCount, 0)
        XCTAssertNil(kernel.nextEventTime)
        XCTAssertEqual(kernel.now, 8)  // the cancelled event at 9 never moved the clock
    }

    func testCancellingAnEventThatAlreadyFiredAtTheSameInstantDoesNothing() {
        var kernel = EventKernel<Int>()
        let first = kernel.schedule(0, at: 2)
        kernel.schedule(1, at: 2)
        kernel.schedule(2, at: 3)
        XCTAssertEqual(kernel.step()?.payload, 0)
        kernel.cancel(first)  // fired at now == 2
        XCTAssertEqual(kernel.pendingCount, 2)
        XCTAssertEqual(kernel.step()?.payload, 1)
        kernel.cancel(first)
        XCTAssertEqual(kernel.pendingCount, 1)
        XCTAssertEqual(kernel.step()?.payload, 2)
        XCTAssertEqual(kernel.pendingCount, 0)
        XCTAssertNil(kernel.step())
    }

    /// Enough cancellations to exercise the pruning of the cancelled-set (threshold 64), with tombstones from
    /// events dropped ahead of the clock by nextEventTime and cancelled a second time afterwards.
    func testManyCancellationsAndRepeatedCancels() {
        var kernel = EventKernel<Int>()
        let handles = (0..<10_000).map { kernel.schedule($0, at: Double($0 / 10)) }
        for (i, h) in handles.enumerated() where i % 2 == 0 { kernel.cancel(h) }
        XCTAssertEqual(kernel.pendingCount, 5_000)
        XCTAssertEqual(kernel.nextEventTime, 0)  // event 1 is pending at time 0
        var fired: [Int] = []
        while let e = kernel.step(until: 499.5) {
            fired.append(e.payload)
            // Cancel everything again, including already-fired and already-dropped events.
            if e.payload % 1_000 == 1 { for h in handles.prefix(e.payload + 50) { kernel.cancel(h) } }
            XCTAssertGreaterThanOrEqual(kernel.pendingCount, 2_500)  // the 2,500 odd events after the horizon
        }
        // Odd events fire unless a sweep (at events s = 1, 1001, 2001, ...) cancelled them: s < i < s + 50.
        let expected = (0..<5_000).filter { i in
            guard i % 2 == 1 else { return false }
            let sweep = (i / 1_000) * 1_000 + 1  // the last sweep at or before i
            return i == sweep || i >= sweep + 50
        }
        XCTAssertEqual(fired, expected)
        XCTAssertEqual(kernel.pendingCount, 2_500)
        XCTAssertEqual(kernel.now, 499.5)
    }

    func testCancelFromWithinHandler() {
        var kernel = EventKernel<String>()
        var timeout: EventHandle?
        kernel.schedule("fill", at: 1)
        timeout = kernel.schedule("timeout", at: 5)
        var fired: [String] = []
        kernel.run { k, event in
            fired.append(event.payload)
            if event.payload == "fill", let handle = timeout { k.cancel(handle) }
        }
        XCTAssertEqual(fired, ["fill"])
        XCTAssertEqual(kernel.now, 1)
    }

    func testRunUntilIsInclusiveLeavesLaterEventsAndSetsNow() {
        var kernel = EventKernel<Int>()
        for t in [1.0, 2.0, 3.0, 3.0, 3.5, 4.0] { kernel.schedule(Int(t * 10), at: t) }
        var fired: [Double] = []
        kernel.run(until: 3) { k, event in
            fired.append(event.time)
            if event.time == 2 {
                k.schedule(25, at: 2.5)  // inside the horizon: fires in this call
                k.schedule(99, at: 3)    // exactly at the limit: fires too
                k.schedule(77, at: 3.25) // beyond: stays pending
            }
        }
        XCTAssertEqual(fired, [1, 2, 2.5, 3, 3, 3])
        XCTAssertEqual(kernel.now, 3)
        XCTAssertEqual(kernel.pendingCount, 3)
        XCTAssertEqual(kernel.nextEventTime, 3.25)

        kernel.run(until: 3.3) { _, _ in }
        XCTAssertEqual(kernel.now, 3.3)
        XCTAssertEqual(kernel.pendingCount, 2)

        // Nothing due before the limit: the clock still moves to it.
        kernel.run(until: 3.4) { _, _ in XCTFail("nothing is due by 3.4") }
        XCTAssertEqual(kernel.now, 3.4)
        XCTAssertEqual(kernel.pendingCount, 2)

        // A cancelled event at the head does not stop the run short.
        var kernel2 = EventKernel<Int>()
        let h = kernel2.schedule(0, at: 1)
        kernel2.schedule(1, at: 2)
        kernel2.cancel(h)
        var payloads: [Int] = []
        kernel2.run(until: 10) { _, event in payloads.append(event.payload) }
        XCTAssertEqual(payloads, [1])
        XCTAssertEqual(kernel2.now, 10)
    }

    func testStepUntil() {
        var kernel = EventKernel<Int>()
        kernel.schedule(1, at: 1)
        XCTAssertNil(kernel.step(until: 0.5))
        XCTAssertEqual(kernel.now, 0.5)
        XCTAssertEqual(kernel.step(until: 1)?.payload, 1)
        XCTAssertNil(kernel.step(until: .infinity))
        XCTAssertEqual(kernel.now, 1)  // an infinite horizon leaves the clock at the last event
    }

    func testStepOnEmptyReturnsNilAndKeepsClock() {
        var kernel = EventKernel<Int>(startTime: 7)
        XCTAssertNil(kernel.step())
        XCTAssertEqual(kernel.now, 7)
        XCTAssertNil(kernel.nextEventTime)
        XCTAssertEqual(kernel.pendingCount, 0)
        XCTAssertEqual(kernel.processedCount, 0)
    }

    func testScheduleAfterIsRelativeToNow() {
        var kernel = EventKernel<Int>(startTime: 10)
        kernel.schedule(0, after: 2.5)
        XCTAssertEqual(kernel.step()?.time, 12.5)
    }

    func testResetForgetsEverythingAndOldHandlesCancelNothing() {
        var kernel = EventKernel<Int>()
        let old = kernel.schedule(0, at: 1)
        kernel.schedule(1, at: 2)
        _ = kernel.step()
        kernel.cancel(kernel.schedule(2, at: 3))
        kernel.reset(startTime: 0.5)
        XCTAssertEqual(kernel.now, 0.5)
        XCTAssertEqual(kernel.pendingCount, 0)
        XCTAssertEqual(kernel.processedCount, 0)
        XCTAssertNil(kernel.nextEventTime)

        let fresh = kernel.schedule(10, at: 1)  // same sequence (0) and time as `old`
        XCTAssertEqual(fresh.sequence, old.sequence)
        kernel.cancel(old)
        XCTAssertEqual(kernel.pendingCount, 1)
        XCTAssertEqual(kernel.step()?.payload, 10)
        XCTAssertEqual(kernel.processedCount, 1)
    }

    /// Model check: over 2,000 seeds (0..<2000 with SplitMix64), a few hundred events with times drawn from
    /// a handful of values (so most times and priorities collide), random cancellations of any handle ever
    /// issued (pending, fired, or already cancelled), and events scheduled from inside handlers (including at
    /// `now` with a more urgent priority). The reference is a plain list of pending events from which the
    /// minimum of (time, priority, scheduling index) is taken — a stable sort of (time, priority).
    func testRandomizedOrderEqualsStableSortOverManySeeds() {
        struct Record { var time: Double; var priority: EventPriority; var pending: Bool }
        for seed in UInt64(0)..<2_000 {
            var rng = SplitMix64(seed: seed)
            var kernel = EventKernel<Int>()
            var records: [Record] = []
            var handles: [EventHandle] = []
            var pendingIndices: [Int] = []  // in scheduling order
            var pendingScheduled = 0  // scheduled since the last look, added to expectedPending below
            func schedule(at time: Double) {
                let priority = EventPriority.allCases[rng.below(EventPriority.allCases.count)]
                handles.append(kernel.schedule(records.count, at: time, priority: priority))
                pendingIndices.append(records.count)
                records.append(Record(time: time, priority: priority, pending: true))
                pendingScheduled += 1
            }
            for _ in 0..<(20 + rng.below(80)) { schedule(at: Double(rng.below(8))) }
            let budget = 200 + rng.below(200)
            var fired = 0
            var expectedPending = pendingScheduled
            pendingScheduled = 0
            while true {
                expectedPending += pendingScheduled
                pendingScheduled = 0
                if rng.chance(15), !handles.isEmpty {
                    let victim = rng.below(handles.count)
                    kernel.cancel(handles[victim])
                    if records[victim].pending {  // otherwise it already fired or was cancelled: a no-op
                        records[victim].pending = false
                        expectedPending -= 1
                    }
                }
                // Plain `if` rather than XCTAssert on the hot path of the sweep: XCTAssert costs ~µs in debug.
                if kernel.pendingCount != expectedPending {
                    XCTFail("seed \(seed): pendingCount \(kernel.pendingCount), expected \(expectedPending)")
                    break
                }
                // Reference: earliest (time, priority), ties by scheduling index (the stable sort order).
                var best: Int?
                pendingIndices.removeAll { !records[$0].pending }
                for i in pendingIndices {
                    let r = records[i]
                    if let b = best {
                        let rb = records[b]
                        if r.time < rb.time || (r.time == rb.time && r.priority < rb.priority) { best = i }
                    } else {
                        best = i
                    }
                }
                if rng.chance(10), kernel.nextEventTime != best.map({ records[$0].time }) {
                    XCTFail("seed \(seed): nextEventTime \(String(describing: kernel.nextEventTime))")
                    break
                }
                guard let event = kernel.step() else {
                    XCTAssertNil(best, "seed \(seed): kernel ran dry with events pending")
                    break
                }
                guard let b = best, event.payload == b else {
                    XCTFail("seed \(seed): fired \(event.payload) at \(event.time), expected \(String(describing: best))")
                    break
                }
                if event.time != records[b].time || event.priority != records[b].priority || event.sequence != UInt64(b) {
                    XCTFail("seed \(seed): event \(b) came back as \(event)")
                    break
                }
                records[b].pending = false
                expectedPending -= 1
                fired += 1
                if records.count < budget {
                    for _ in 0..<rng.below(3) { schedule(at: kernel.now + Double(rng.below(3))) }
                }
            }
            XCTAssertEqual(kernel.processedCount, fired, "seed \(seed)")
            XCTAssertEqual(kernel.pendingCount, 0, "seed \(seed)")
        }
    }
}
