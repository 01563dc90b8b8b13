import CGSL

/// A GSL failure turned into a Swift error: the GSL status code, GSL's own text for it, and what was asked.
public struct GSLError: Error, CustomStringConvertible, Sendable {
    /// The `GSL_E*` status code returned by the call.
    public let status: Int32
    /// What Cascade was doing when GSL failed.
    public let context: String

    public var description: String {
        let reason = String(cString: gsl_strerror(status))
        return "\(context): GSL error \(status) (\(reason))"
    }

    /// Throws when `status` is not `GSL_SUCCESS`.
    static func check(_ status: Int32, _ context: @autoclosure () -> String) throws {
        if status != Int32(GSL_SUCCESS) { throw GSLError(status: status, context: context()) }
    }
}

/// One-time GSL setup: the default handler aborts the process on any error, which must never happen on user
/// input, so it is switched off and every call's status code is checked instead.
enum GSLRuntime {
    private static let configured: Bool = {
        gsl_set_error_handler_off()
        return true
    }()

    /// Idempotent and thread-safe (a Swift `static let` is initialised exactly once).
    static func ensureConfigured() { _ = configured }
}
