/// Seconds in the year that annualized parameters refer to: 365 days of 86,400 s (crypto markets trade
/// every day, so there is no 252-trading-day convention).
public let secondsPerYear: Double = 365 * 86_400

/// Seconds in a day, for rates given `_per_day`.
public let secondsPerDay: Double = 86_400

extension ParameterProblem {
    /// The usual message for a value that must be finite (any sign), or `nil` when it is.
    static func requireFinite(_ key: String, _ value: Double) -> ParameterProblem? {
        value.isFinite ? nil : ParameterProblem(key: key, message: "found \(value), expected a finite number")
    }

    /// The usual message for a value that must be finite and ≥ 0, or `nil` when it is.
    static func requireNonNegative(_ key: String, _ value: Double) -> ParameterProblem? {
        value.isFinite && value >= 0 ? nil : ParameterProblem(key: key, message: "found \(value), expected a finite number ≥ 0")
    }

    /// The same problem with its key moved under `prefix` (`"annual_drift"` → `"assets[2].annual_drift"`).
    func prefixed(_ prefix: String) -> ParameterProblem {
        ParameterProblem(key: prefix.isEmpty ? key : "\(prefix).\(key)", message: message)
    }
}
