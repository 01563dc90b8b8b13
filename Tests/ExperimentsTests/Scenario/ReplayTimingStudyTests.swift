import CascadeModel
import Foundation
import XCTest
@testable import Experiments

/// The shipped May 2021 replay runs at the crash's true time: its closes are stamped with bar opens
/// (`timestamps = "bar_open"`), so the hour with most liquidations is the hour of the real crash bar, 19 May
/// 2021 12:00–13:00 UTC (Bitstamp: open 2,718.44, close 2,331.61, low 1,966.91), not 11:00 as when each close
/// was read at its open stamp.
final class ReplayTimingStudyTests: XCTestCase {
    func testTheMay2021ReplayPeaksInTheHourOfTheRealCrash() throws {
        let path = ScenarioLibraryTests.scenarios + "/may-2021.toml"
        let scenario = try Scenario.load(path: path, overrides: [try Override(parsing: "positions.count=1000")]).value
        let r = try Simulation(spec: scenario.model, rootSeed: scenario.simulation.seed, replication: 0,
                               recording: RecordingOptions(liquidations: true)).run()
        XCTAssertGreaterThan(r.liquidations.count, 500)
        var byHour: [Int: Int] = [:]
        for l in r.liquidations { byHour[Int(l.timeSeconds / 3600), default: 0] += 1 }
        let peak = try XCTUnwrap(byHour.max { ($0.value, -$0.key) < ($1.value, -$1.key) })
        // t = 0 is 17 May 2021 00:00 UTC (the first bar's open): 19 May 12:00 is hour 60.
        XCTAssertEqual(peak.key, 60, "liquidations by hour: \(byHour.sorted { $0.key < $1.key })")
    }
}
