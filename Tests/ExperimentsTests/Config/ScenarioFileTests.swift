import Foundation
import XCTest
@testable import Experiments

final class ScenarioFileTests: XCTestCase {
    /// The model sections every scenario needs (ModelSectionsTests covers them); appended after [simulation].
    private static let model = """

    [price]
    [[price.assets]]
    name = "ETH"
    model = "constant"
    [market]
    [[market.pools]]
    name = "pool"
    depth_usd = 1e6
    [protocol]
    [[protocol.collateral]]
    name = "ETH"
    ltv = 0.5
    liquidation_threshold = 0.6
    liquidation_bonus = 0.1
    [protocol.liquidation]
    mechanism = "fixed-spread"
    [positions]
    count = 1
    size = 1000
    initial_health_factor = 1.5

    """

    private func load(_ text: String, overrides: [String] = []) throws -> ScenarioLoader.Loaded<Scenario> {
        let source = try ScenarioSource(path: "test.toml", data: Data((text.contains("[price]") ? text : text + Self.model).utf8))
        return try ScenarioLoader.load(source: source, overrides: try overrides.map(Override.init(parsing:))) {
            Scenario.decode($0, path: "test.toml")
        }
    }

    private func problems(_ text: String, overrides: [String] = []) -> [ConfigProblem] {
        do {
            _ = try load(text, overrides: overrides)
            XCTFail("expected problems in:\n\(text)")
            return []
        } catch let error as ScenarioError {
            return error.problems
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }

    func testDurationsInEveryUnit() {
        XCTAssertEqual(DurationText.seconds("90s"), 90)
        XCTAssertEqual(DurationText.seconds("15m"), 900)
        XCTAssertEqual(DurationText.seconds("1h"), 3600)
        XCTAssertEqual(DurationText.seconds("7d"), 604_800)
        XCTAssertEqual(DurationText.seconds("1h30m"), 5400)
        XCTAssertEqual(DurationText.seconds("500ms"), 0.5)
        XCTAssertNil(DurationText.seconds("7x"))
        XCTAssertNil(DurationText.seconds(""))
        XCTAssertNil(DurationText.seconds("h"))
    }

    func testDefaultsAreFilledInAndNormalizedFileReadsBackTheSame() throws {
        let loaded = try load("[simulation]\nhorizon = \"1d\"\n")
        XCTAssertEqual(loaded.value.simulation.horizonSeconds, 86_400)
        XCTAssertEqual(loaded.value.simulation.tickSeconds, 60)
        XCTAssertEqual(loaded.value.simulation.seed, 1)
        let text = loaded.normalized.toml()
        XCTAssertTrue(text.contains("tick = 60.0"), text)
        let again = try load(text)
        XCTAssertEqual(again.value.simulation, loaded.value.simulation)
        XCTAssertEqual(again.normalized.toml(), text)
    }

    func testEveryProblemIsReportedWithLineAndKeyPath() {
        let found = problems("""
        [simulation]
        name = 3
        horizon = "7x"
        tik = "1m"
        generator = "foo"

        [oracel]
        x = 1
        """)
        XCTAssertEqual(found.map(\.description), [
            "test.toml:2: simulation.name: found 3, expected a string",
            "test.toml:3: simulation.horizon: found \"7x\", expected a duration such as \"90s\", \"15m\", \"1h\", \"7d\" or seconds",
            "test.toml:4: simulation.tik: unknown key, expected one of \"description\", \"generator\", \"horizon\", \"name\", \"replications\", \"seed\", \"tick\"",
            "test.toml:5: simulation.generator: found \"foo\", expected one of \"mt19937\", \"ranlxd2\", \"ranlxs2\", \"taus2\", \"mrg\", \"gfsr4\"",
            "test.toml:7: oracel: unknown key, expected one of \"borrowers\", \"liquidators\", \"market\", \"metrics\", \"network\", \"oracles\", \"positions\", \"price\", \"protocol\", \"simulation\", \"sweep\"",
        ])
    }

    func testAStringWhereANumberBelongsIsATypeErrorNotAMissingKey() {
        let found = problems("[simulation]\nhorizon = \"1d\"\nreplications = \"ten\"\n")
        XCTAssertEqual(found.map(\.description), ["test.toml:3: simulation.replications: found a string \"ten\", expected an integer"])
    }

    func testMissingRequiredSectionAndKey() {
        XCTAssertEqual(problems("").map(\.description), [
            "test.toml: simulation: missing required section [simulation]",
            "test.toml: simulation.horizon: missing required key, expected a duration such as \"90s\", \"15m\", \"1h\", \"7d\" or seconds",
        ])
        XCTAssertEqual(problems("[simulation]\n").map(\.description), ["test.toml:1: simulation.horizon: missing required key, expected a duration such as \"90s\", \"15m\", \"1h\", \"7d\" or seconds"])
    }

    func testSyntaxErrorNamesLineAndColumn() {
        let found = problems("[simulation\nhorizon = 1\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.line, 1)
        XCTAssertTrue(found.first?.message.hasPrefix("TOML syntax error at column") ?? false, "\(found)")
    }

    func testOverridesAreCheckedLikeFileValues() throws {
        let loaded = try load("[simulation]\nhorizon = \"1d\"\n", overrides: ["simulation.tick=30s", "simulation.seed=99"])
        XCTAssertEqual(loaded.value.simulation.tickSeconds, 30)
        XCTAssertEqual(loaded.value.simulation.seed, 99)
        let found = problems("[simulation]\nhorizon = \"1d\"\n", overrides: ["simulation.horizon=nan", "simulation.colour=3"])
        XCTAssertEqual(found.map(\.description), [
            "test.toml: simulation.horizon: found nan, expected a finite duration (set with --set)",
            "test.toml: simulation.colour: unknown key, expected one of \"description\", \"generator\", \"horizon\", \"name\", \"replications\", \"seed\", \"tick\" (set with --set)",
        ])
        XCTAssertThrowsError(try Override(parsing: "novalue"))
        XCTAssertThrowsError(try Override(parsing: "a..b=1"))
        XCTAssertThrowsError(try Override(parsing: "x="))
    }

    func testBinaryAndNonUTF8AndOversizedInputAreRefused() {
        XCTAssertThrowsError(try ScenarioSource(path: "b.toml", data: Data([0x5B, 0x00, 0x5D])))
        XCTAssertThrowsError(try ScenarioSource(path: "b.toml", data: Data([0x61, 0x3D, 0x22, 0xFF, 0x22]))) { error in
            XCTAssertTrue("\(error)".contains("not valid UTF-8 (first bad byte at offset 3)"), "\(error)")
        }
        XCTAssertThrowsError(try ScenarioSource(path: "big.toml", data: Data(count: ScenarioSource.maximumBytes + 1)))
    }

    func testLocatorFollowsArraysOfTablesAndInlineTables() {
        let locator = SourceLocator(text: """
        [[liquidators]]
        name = "a"
        [[liquidators]]
        name = "b"  # second
        latency = { type = "exponential", mean = 2 }
        [liquidators.gas]
        fee = 1
        """)
        XCTAssertEqual(locator.line(of: "liquidators[0].name"), 2)
        XCTAssertEqual(locator.line(of: "liquidators[1].name"), 4)
        XCTAssertEqual(locator.line(of: "liquidators[1].latency.mean"), 5)
        XCTAssertEqual(locator.line(of: "liquidators[1].gas.fee"), 7)
        XCTAssertEqual(locator.line(of: "liquidators[1].missing"), 3)
    }
}
