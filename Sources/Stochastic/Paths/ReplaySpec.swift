/// Replays a recorded price history: t = 0 is `startUnixSeconds` (default the history's first observation),
/// and the price at tick time t is the history read at unix time start + t under the gap policy. Before the
/// first observation the first price holds; after the last, the last price holds, which a scenario must ask
/// for (``afterEnd``) when its horizon runs past the file.
///
/// At the history's own timestamps the replayed price equals the file's value exactly under either policy
/// (with `volatilityScale` = 1 and no scripted moves).
public struct ReplaySpec: Sendable, Equatable {
    /// The loaded history (the scenario gives `file`, `time_column`, `price_column`).
    public var history: PriceHistory
    /// `gap_policy`: `"hold"` (default) or `"log-linear"`.
    public var gapPolicy: GapPolicy
    /// `volatility_scale`: k ≥ 0. Log price deviations from the straight line between the first and last
    /// observation are multiplied by k: 1 replays the file, 1.5 is "the same crash but 1.5× as violent",
    /// 0 is the bare trend.
    public var volatilityScale: Double
    /// `start_unix_seconds`: the unix time that t = 0 maps to; `nil` = the path set's start, else the first
    /// timestamp.
    public var startUnixSeconds: Double?
    /// `after_end`: what a run whose horizon goes past the file's last observation gets.
    public var afterEnd: AfterEnd

    /// `after_end = "error"` (default): refuse a horizon the file does not cover; `"hold"`: hold the last price.
    public enum AfterEnd: String, Sendable, CaseIterable, Equatable {
        case error, hold
    }

    public init(history: PriceHistory, gapPolicy: GapPolicy = .hold, volatilityScale: Double = 1, startUnixSeconds: Double? = nil,
                afterEnd: AfterEnd = .error) {
        self.history = history
        self.gapPolicy = gapPolicy
        self.volatilityScale = volatilityScale
        self.startUnixSeconds = startUnixSeconds
        self.afterEnd = afterEnd
    }

    /// Whether replaying from `start` (unix seconds) for `horizonSeconds` needs the last price held: the
    /// horizon ends after the file's last observation.
    public func runsPastEnd(startUnixSeconds start: Double, horizonSeconds: Double) -> Bool {
        start + horizonSeconds > history.unixSeconds[history.count - 1] + 1e-6
    }

    /// Problems with the parameters, keyed as the scenario spells them.
    public func validate() -> [ParameterProblem] {
        var out = [ParameterProblem.requireNonNegative("volatility_scale", volatilityScale)].compactMap { $0 }
        if let s = startUnixSeconds, let p = ParameterProblem.requireFinite("start_unix_seconds", s) { out.append(p) }
        return out
    }

    /// The history actually replayed: scaled when `volatilityScale` ≠ 1.
    public var effectiveHistory: PriceHistory {
        volatilityScale == 1 ? history : history.volatilityScaled(by: volatilityScale)
    }
}
