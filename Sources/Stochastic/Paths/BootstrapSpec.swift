/// A block bootstrap of a history's log returns (Künsch 1989, "The jackknife and the bootstrap for general
/// stationary observations", Ann. Statist. 17): the history is first read at the tick step (from its first
/// timestamp, under `gapPolicy`), giving n log returns r_0 … r_{n−1}. Then blocks of `blockLengthTicks`
/// consecutive returns, each starting at an index drawn uniformly from 0 … n − L, are concatenated without
/// end, and the path is S(0) · exp(cumulative sum). Thousands of stressed paths from one crash, keeping the
/// within-block volatility clustering.
public struct BootstrapSpec: Sendable, Equatable {
    /// The source history (`file`, `time_column`, `price_column`).
    public var history: PriceHistory
    /// L, consecutive returns per block, in ticks (`block_length_ticks`).
    public var blockLengthTicks: Int
    /// S(0) (`initial_price`); `nil` = the history's first price.
    public var initialPrice: Double?
    /// How the history is read at the tick step (`gap_policy`, default `"log-linear"`).
    public var gapPolicy: GapPolicy

    public init(history: PriceHistory, blockLengthTicks: Int, initialPrice: Double? = nil, gapPolicy: GapPolicy = .logLinear) {
        self.history = history
        self.blockLengthTicks = blockLengthTicks
        self.initialPrice = initialPrice
        self.gapPolicy = gapPolicy
    }

    /// Problems with the parameters that do not depend on the tick, keyed as the scenario spells them.
    /// (That the history holds at least L returns at the tick step is checked by ``PricePathPlan``.)
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if blockLengthTicks < 1 {
            out.append(ParameterProblem(key: "block_length_ticks", message: "found \(blockLengthTicks), expected an integer ≥ 1"))
        }
        if let s = initialPrice, let p = ParameterProblem.requirePositive("initial_price", s) { out.append(p) }
        if history.count < 2 {
            out.append(ParameterProblem(key: "file", message: "found \(history.count) observation in \(history.source), expected at least 2 to have a return"))
        }
        return out
    }
}
