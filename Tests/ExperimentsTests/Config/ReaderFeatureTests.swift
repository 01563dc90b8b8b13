import Foundation
import Stochastic
import XCTest
@testable import Experiments

/// Reader features used by component sections: distributions, arrays, matrices and the [sweep] section.
final class ReaderFeatureTests: XCTestCase {
    private func read<T>(_ text: String, _ body: (ConfigReader) -> T) throws -> T {
        let source = try ScenarioSource(path: "t.toml", data: Data(text.utf8))
        return try ScenarioLoader.load(source: source) { body($0) }.value
    }

    private func messages<T>(_ text: String, _ body: (ConfigReader) -> T) -> [String] {
        do {
            _ = try read(text, body)
            return []
        } catch {
            return (error as? ScenarioError)?.problems.map(\.description) ?? ["\(error)"]
        }
    }

    func testDistributionsAreReadWithDefaultsAndChecked() throws {
        let d = try read("latency = { type = \"student-t\", nu = 3 }\nfixed = 12\n") { r in
            (r.distribution("latency"), r.distribution("fixed"), r.distribution("absent", default: .exponential(mean: 2)))
        }
        XCTAssertEqual(d.0, .studentT(nu: 3, location: 0, scale: 1))
        XCTAssertEqual(d.1, .constant(value: 12))
        XCTAssertEqual(d.2, .exponential(mean: 2))
        XCTAssertEqual(messages("latency = { type = \"gamma\", shape = -1, scale = 2, colour = 1 }\n") { $0.distribution("latency") }, [
            "t.toml:1: latency.colour: unknown key, expected one of \"type\", \"shape\", \"scale\"",
            "t.toml:1: latency.shape: found -1.0, expected a number > 0",
        ])
        XCTAssertEqual(messages("latency = { type = \"normal\" }\n") { $0.distribution("latency") }.first,
                       "t.toml:1: latency.type: found a string \"normal\", expected one of \"constant\", \"gaussian\", \"lognormal\", \"exponential\", \"gamma\", \"beta\", \"flat\", \"poisson\", \"bernoulli\", \"student-t\", \"pareto\", \"weibull\", \"laplace\", \"cauchy\", \"levy\", \"chi-squared\"")
    }

    func testMatricesAndArraysReportTheBadCell() {
        XCTAssertEqual(messages("m = [[1, 0.5], [0.5, \"x\"]]\n") { $0.matrix("m") }, ["t.toml:1: m[1][1]: found a string \"x\", expected a finite number"])
        XCTAssertEqual(messages("v = [1, nan]\n") { $0.doubles("v") }, ["t.toml:1: v[1]: found nan, expected a finite number"])
    }

    func testSweepSectionErrors() {
        let decode: (ConfigReader) -> SweepSpec? = { $0.section("sweep").map(SweepSpec.decode) }
        XCTAssertEqual(messages("""
        [sweep]
        design = "sobol"
        [[sweep.parameters]]
        key = "oracle.heartbeat"
        min = "1h"
        max = "10m"
        """, decode), ["t.toml:6: sweep.parameters[0].max: found max 600.0 ≤ min 3600.0, expected max > min"])
        XCTAssertEqual(messages("[sweep]\ndesign = \"grid\"\n", decode), ["t.toml:1: sweep.parameters: missing required [[sweep.parameters]] entries"])
        XCTAssertEqual(messages("[sweep]\ndesign = \"cases\"\n[[sweep.cases]]\nname = \"a\"\n[sweep.cases.set]\n\"sweep.replications\" = 3\n", decode),
                       ["t.toml:6: sweep.cases[0].set.sweep.replications: expected a key path outside [sweep] such as protocol.liquidation.mechanism"])
    }

    func testCasesBecomeOverrides() throws {
        let spec = try read("""
        [sweep]
        design = "cases"
        replications = 3
        [[sweep.cases]]
        name = "aave"
        set = { "protocol.liquidation.mechanism" = "fixed-spread" }
        [[sweep.cases]]
        name = "maker"
        set = { "protocol.liquidation.mechanism" = "dutch-auction", "oracle.kind" = "osm" }
        """) { $0.section("sweep").map(SweepSpec.decode) }
        let points = try spec!.points(seed: 1)
        XCTAssertEqual(points.map(\.caseName), ["aave", "maker"])
        XCTAssertEqual(points[1].overrides.map(\.keyPath), ["oracle.kind", "protocol.liquidation.mechanism"])
    }
}
