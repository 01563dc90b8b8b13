/// One problem in a scenario file: where it is (file, key path, line) and what was found versus expected.
public struct ConfigProblem: Equatable, Sendable, CustomStringConvertible {
    /// The scenario file's path as the user gave it.
    public let file: String
    /// The dotted key path (`oracles[0].heartbeat_seconds`, `price.assets[1].annual_volatility`), empty for the whole file.
    public let keyPath: String
    /// The 1-based line of the key in the file, when known; `nil` for problems from `--set` or missing keys
    /// whose section is also absent.
    public let line: Int?
    /// What was found and what was expected.
    public let message: String

    public init(file: String, keyPath: String, line: Int?, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    /// `file:line: key.path: message`, the shape compilers use, so editors can jump to it.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}

/// Every problem found in one scenario file; thrown only after the whole file was checked.
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    public let problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) { self.problems = problems }

    public var description: String {
        let count = problems.count
        let header = "\(problems.first?.file ?? "scenario"): \(count) problem\(count == 1 ? "" : "s") found"
        return ([header] + problems.map { "  " + $0.description }).joined(separator: "\n")
    }
}
