/// A hand-made price move, applied as a multiplier on top of an asset's path (any model, including a
/// constant one, which gives a purely scripted path).
///
/// Multipliers of several moves compose by multiplication, so "−20% step at 6 h" after "−43% linearly over
/// 14 h" leaves 0.57 × 0.8 = 45.6% of the unscripted price.
public struct ScriptedMove: Sendable, Equatable {
    /// How the multiplier reaches 1 + change.
    public enum Shape: String, Sendable, CaseIterable {
        /// Jumps from 1 to 1 + change at `start_seconds` (`shape = "step"`).
        case step
        /// Moves linearly (in price, not log price) from 1 at `start_seconds` to 1 + change at
        /// `start_seconds + duration_seconds` (`shape = "linear"`).
        case linear
    }

    /// `shape`.
    public var shape: Shape
    /// The relative change, −0.43 for −43% (`change`); must be > −1 so the price stays positive.
    public var change: Double
    /// When the move starts, in seconds since t = 0 (`start_seconds`).
    public var startSeconds: Double
    /// How long a linear move lasts (`duration_seconds`); ignored for a step.
    public var durationSeconds: Double

    public init(shape: Shape, change: Double, startSeconds: Double, durationSeconds: Double = 0) {
        self.shape = shape
        self.change = change
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
    }

    /// "−43% linearly over 14 h starting at 2 h".
    public static func linear(change: Double, startSeconds: Double, durationSeconds: Double) -> ScriptedMove {
        ScriptedMove(shape: .linear, change: change, startSeconds: startSeconds, durationSeconds: durationSeconds)
    }

    /// "−20% step at 6 h".
    public static func step(change: Double, atSeconds: Double) -> ScriptedMove {
        ScriptedMove(shape: .step, change: change, startSeconds: atSeconds)
    }

    /// The multiplier at `t` seconds: 1 before the move, 1 + change after it.
    @inlinable
    public func multiplier(atSeconds t: Double) -> Double {
        switch shape {
        case .step:
            return t >= startSeconds ? 1 + change : 1
        case .linear:
            if t <= startSeconds { return 1 }
            if t >= startSeconds + durationSeconds { return 1 + change }
            return 1 + change * (t - startSeconds) / durationSeconds
        }
    }

    /// Problems with the parameters, keyed as the scenario spells them.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if !(change.isFinite && change > -1) {
            out.append(ParameterProblem(key: "change", message: "found \(change), expected a finite number > −1 (−1 would take the price to 0)"))
        }
        if let p = ParameterProblem.requireNonNegative("start_seconds", startSeconds) { out.append(p) }
        if shape == .linear, let p = ParameterProblem.requirePositive("duration_seconds", durationSeconds) { out.append(p) }
        return out
    }
}
