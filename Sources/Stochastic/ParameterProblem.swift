/// One out-of-range or inconsistent parameter of a model component, found by the component's own
/// `validate()`.
///
/// `key` is the parameter's name as a scenario file spells it, relative to the component's section
/// (`"annual_volatility"`, `"correlation[1][0]"`); the scenario loader prefixes the section path and adds the
/// file and line. `message` says what was found and what was expected: "found -0.2, expected a number > 0".
public struct ParameterProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public let key: String
    public let message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }

    /// The usual message for a value that must be finite and strictly positive, or `nil` when it is.
    public static func requirePositive(_ key: String, _ value: Double) -> ParameterProblem? {
        value.isFinite && value > 0 ? nil : ParameterProblem(key: key, message: "found \(value), expected a finite number > 0")
    }

    /// The usual message for a value that must be finite and lie in `range`, or `nil` when it does.
    public static func requireInRange(_ key: String, _ value: Double, _ range: ClosedRange<Double>) -> ParameterProblem? {
        value.isFinite && range.contains(value)
            ? nil
            : ParameterProblem(key: key, message: "found \(value), expected a number in [\(range.lowerBound), \(range.upperBound)]")
    }
}
