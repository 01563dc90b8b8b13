import Foundation
import SimKernel
import Stochastic

/// The outcome of one run of the hold-model benchmark.
public struct HoldModelResult: Sendable {
    /// Events fired (each one pop and one push).
    public let events: Int
    /// Wall-clock seconds for the whole run, initial fill included.
    public let seconds: Double
    /// `events / seconds`.
    public let eventsPerSecond: Double
    /// Simulation time of the last event fired; equal to the C reference's for the same seed, because both
    /// draw the same GSL mt19937 exponentials in the same order and fire events in the same order.
    public let finalTime: Double

    /// The line `benchmarks/README.md` specifies, shared with `benchmarks/bin/hold_c` and the SimPy peer:
    /// `events=N seconds=S events_per_second=E final_time=T`.
    public var line: String {
        String(format: "events=%d seconds=%.6f events_per_second=%.0f final_time=%.17g",
               events, seconds, eventsPerSecond, finalTime)
    }
}

/// The classic hold-model benchmark of event lists (Vaucher & Duval 1975; Jones 1986, "An empirical comparison
/// of priority-queue and event-set implementations"): keep `pending` events scheduled; repeatedly fire the
/// earliest and schedule one replacement at its time plus an Exponential(mean 1) delay, `events` times.
///
/// Draws come from one GSL mt19937 stream seeded with `seed`: first `pending` initial delays, then one per
/// event, exactly as `benchmarks/hold/hold.c` does, so both report the same `finalTime`.
/// - Precondition: `events ≥ 0`, `pending > 0`.
/// - Throws: ``GSLError`` if the generator cannot be allocated.
public func runHoldModel(events: Int = 10_000_000, pending: Int = 1_000, seed: UInt64 = 42) throws -> HoldModelResult {
    precondition(events >= 0 && pending > 0, "Hold model needs events ≥ 0 and pending > 0, got \(events), \(pending)")
    let stream = try RandomStream(type: .mt19937, seed: seed)
    var kernel = EventKernel<Int32>()
    kernel.reserveCapacity(pending)
    let clock = ContinuousClock()
    let start = clock.now
    for index in 0..<pending {
        kernel.schedule(Int32(truncatingIfNeeded: index), after: stream.exponential(mean: 1))
    }
    var fired = 0
    var finalTime = kernel.now
    while fired < events, let event = kernel.step() {
        kernel.schedule(event.payload, after: stream.exponential(mean: 1))
        finalTime = event.time
        fired += 1
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return HoldModelResult(events: fired, seconds: seconds,
                           eventsPerSecond: seconds > 0 ? Double(fired) / seconds : 0, finalTime: finalTime)
}
