import CascadeModel
import Foundation
import XCTest
@testable import Experiments

/// Every shipped scenario (`Scenarios/*.toml`) decodes, and so does every point of its `[sweep]`. Cheap: no
/// scenario is run. Catches a library file left behind by a schema change, or a case that switches a model
/// without replacing its keys.
final class ScenarioLibraryTests: XCTestCase {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios").path

    static func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scenarios).filter { $0.hasSuffix(".toml") }.sorted()
            .map { scenarios + "/" + $0 }
    }

    func testTheLibraryHoldsTheIssue6Scenarios() throws {
        let names = Set(try Self.files().map { URL(fileURLWithPath: $0).lastPathComponent })
        for expected in ["baseline.toml", "black-thursday-2020.toml", "black-thursday-liq2.toml", "toxic-spiral.toml",
                         "may-2021.toml", "ftx-2022.toml", "amm-oracle-cascade.toml", "compound-2020-gauntlet.toml"] {
            XCTAssertTrue(names.contains(expected), "Scenarios/\(expected) is missing")
        }
    }

    func testEveryScenarioAndEverySweepPointDecodes() throws {
        for path in try Self.files() {
            let loaded: ScenarioLoader.Loaded<Scenario>
            do { loaded = try Scenario.load(path: path) } catch {
                XCTFail("\(path): \(error)")
                continue
            }
            let s = loaded.value
            XCTAssertGreaterThan(s.simulation.horizonSeconds, 0, path)
            guard let sweep = s.sweep else { continue }
            let points = try sweep.points(seed: s.simulation.seed)
            XCTAssertFalse(points.isEmpty, "\(path): empty design")
            for point in points {
                XCTAssertNoThrow(try Scenario.load(path: path, overrides: point.overrides),
                                 "\(path), point \(point.index) \(point.caseName): \(point.overrides)")
            }
            // The sweep runner's own preparation (every point decoded and validated) accepts it too.
            XCTAssertNoThrow(try PreparedSweep.prepare(path: path, overrides: [], metricNames: RunMetrics.names), path)
        }
    }

    /// The mechanisms each incident scenario is about are really selected (not silently left at defaults).
    func testIncidentScenariosUseTheirMechanisms() throws {
        let flip = try Scenario.load(path: Self.scenarios + "/black-thursday-2020.toml").value.model
        guard let e = flip.protocolSpec.liquidation.parameters(as: EnglishAuctionSpec.self) else { return XCTFail("\(flip.protocolSpec.liquidation)") }
        XCTAssertEqual(e.beg, 1.03)
        XCTAssertEqual(e.ttlSeconds, 600)
        XCTAssertEqual(e.tauSeconds, 6 * 3600)
        XCTAssertTrue(flip.liquidators.contains { $0.openingBidShare == 0 })
        let clip = try Scenario.load(path: Self.scenarios + "/black-thursday-liq2.toml").value.model
        guard let d = clip.protocolSpec.liquidation.parameters(as: DutchAuctionSpec.self) else { return XCTFail("\(clip.protocolSpec.liquidation)") }
        XCTAssertEqual(d.buf, 1.10)
        XCTAssertEqual(d.cusp, 0.60)
        let toxic = try Scenario.load(path: Self.scenarios + "/toxic-spiral.toml").value.model.protocolSpec.collateral[0]
        XCTAssertGreaterThan(toxic.liquidationThreshold * (1 + toxic.liquidationBonus), 1)
    }
}
