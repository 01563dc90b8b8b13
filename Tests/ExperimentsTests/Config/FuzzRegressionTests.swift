import Foundation
import XCTest
@testable import Experiments

/// Inputs that crashed a fuzz target in `fuzz/` (kept in Tests/Fixtures/fuzz-regressions/), and the guard
/// that fixed them.
final class FuzzRegressionTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    func testEveryCrashInputIsNowAnOrdinaryError() throws {
        let folder = Self.fixtures.appendingPathComponent("fuzz-regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertFalse(names.isEmpty)
        for name in names where name.hasPrefix("scenario-") {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            XCTAssertThrowsError(try Scenario.load(path: name, data: data), name) { error in
                XCTAssertTrue(error is ScenarioError, "\(name): \(error)")
            }
        }
    }

    /// toml++ aborts on these (headers: marzer/tomlplusplus#301; `}` as an array element); the guard must catch each.
    func testGuardCatchesWhatTomlPlusPlusAbortsOn() {
        for text in ["[%rice]", "[=", "[.a]", "[[[1]]]", "[[ =]]", "[[ \t[a]]]", "[[\n]]", "[[", "[", "a = 1\n  [!x]", "d = [}", "d = [1, }", "d = [\n# c\n}", "d = {a = [}]}", "d = [[1], }"] {
            XCTAssertNotNil(TOMLGuard.firstProblem(in: text), text)
            XCTAssertThrowsError(try ScenarioSource(path: "x.toml", data: Data(text.utf8)), text)
        }
    }

    /// It must never reject valid TOML: brackets inside values, strings and comments are not headers.
    func testGuardAcceptsValidTOML() throws {
        for text in ["x = [\n  [+1, 2],\n  [{ a = 1 }],\n]\n[ok]", "s = \"\"\"\n[%x]\n\"\"\"\n[ok]", "s = '''\n[%x]\n'''\n[ok]",
                     "x = 1 # [\n[ok]", "[ \"quoted key\" ]\n[[ 'lit'.b ]]", "[a]\ns = \"[\"\n[b]", "m = [\n# [%x]\n1]\n[c]", "e = []\nt = {}\nu = [{}, { a = [1, 2] }]\nv = [\n  1,\n]"] {
            XCTAssertNil(TOMLGuard.firstProblem(in: text), text)
        }
        let root = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        for folder in ["Scenarios", "Tests/Fixtures/scenarios", "Tests/Fixtures/bad-scenarios"] {
            let url = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".toml") && !name.hasPrefix("syntax-") {
                guard let text = try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8) else { continue }
                XCTAssertNil(TOMLGuard.firstProblem(in: text), "\(folder)/\(name)")
            }
        }
    }
}
