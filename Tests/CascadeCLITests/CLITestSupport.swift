import Foundation
import XCTest

/// Runs the real `cascade` binary (built by `swift test` next to the test bundle) and checks what it did.
enum CLI {
    /// `.build/debug` (or wherever the test bundle was built): `cascade` is a dependency of this target.
    static let productsDirectory: URL = {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }()

    static let binary = productsDirectory.appendingPathComponent("cascade").path

    /// `Tests/Fixtures`.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func fixture(_ relative: String) -> String { fixtures.appendingPathComponent(relative).path }

    struct Result {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    /// Starts `cascade args…` in `directory` with stdout and stderr captured to files (no pipe can fill up).
    final class Child {
        let process = Process()
        let outURL: URL, errURL: URL

        init(_ arguments: [String], in directory: String? = nil) throws {
            let scratch = try CLI.temporaryDirectory("child")
            outURL = scratch.appendingPathComponent("stdout")
            errURL = scratch.appendingPathComponent("stderr")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
            process.standardOutput = try FileHandle(forWritingTo: outURL)
            process.standardError = try FileHandle(forWritingTo: errURL)
            try process.run()
        }

        var pid: Int32 { process.processIdentifier }

        func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        func wait() -> Result {
            process.waitUntilExit()
            let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: outURL.deletingLastPathComponent())
            return Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                          stdout: out, stderr: err)
        }
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil) throws -> Result {
        try Child(arguments, in: directory).wait()
    }

    /// A fresh empty folder under the system's temporary directory.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("cascade-cli-\(label)-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every file under `folder` with its bytes (relative path → contents), to compare a folder before and after.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: folder.path) else { return out }
        for case let relative as String in e {
            let path = folder.appendingPathComponent(relative).path
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            out[relative] = isDirectory.boolValue ? Data("<dir>".utf8) : (FileManager.default.contents(atPath: path) ?? Data())
        }
        return out
    }

    static func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing \(url.path)>" }

    /// Asserts the process ended by itself (no signal, no Swift runtime trap or backtrace in stderr).
    static func assertNoCrash(_ r: Result, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(r.signalled, "\(label): killed by signal \(r.status)\n\(r.stderr)", file: file, line: line)
        for marker in ["Fatal error", "Stack dump", "Backtrace", "💣", "Illegal instruction", "Segmentation"] {
            XCTAssertFalse(r.stderr.contains(marker), "\(label): stderr shows a crash (\(marker)):\n\(r.stderr)", file: file, line: line)
        }
    }

    /// Checks a runs.csv is a header plus whole rows with run_ids 0, 1, 2, … in order (a prefix of the sweep).
    static func assertConsistentPrefix(_ text: String, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(text.isEmpty || text.hasSuffix("\n"), "\(label): torn last line", file: file, line: line)
        let lines = text.split(separator: "\n")
        for (k, row) in lines.dropFirst().enumerated() {
            XCTAssertEqual(Int(row.prefix { $0 != "," }), k, "\(label): row \(k + 2) is not run \(k)", file: file, line: line)
        }
    }
}
