import Foundation
import SimKernel
import Stochastic

// Temporary version; helper-1 provides the measured one on wip/kernel.
public struct HoldModelResult: Sendable {
    public let events: Int
    public let seconds: Double
    public let eventsPerSecond: Double
    public let finalTime: Double
}

public func runHoldModel(events: Int = 10_000_000, pending: Int = 1_000, seed: UInt64 = 42) throws -> HoldModelResult {
    let stream = try RandomStream(type: .mt19937, seed: seed)
    var kernel = EventKernel<Int32>()
    kernel.reserveCapacity(pending)
    for i in 0..<pending { kernel.schedule(Int32(truncatingIfNeeded: i), at: stream.exponential(mean: 1)) }
    let start = DispatchTime.now().uptimeNanoseconds
    var done = 0
    while done < events, let e = kernel.step() {
        kernel.schedule(e.payload, at: e.time + stream.exponential(mean: 1))
        done += 1
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return HoldModelResult(events: done, seconds: seconds, eventsPerSecond: Double(done) / seconds, finalTime: kernel.now)
}
