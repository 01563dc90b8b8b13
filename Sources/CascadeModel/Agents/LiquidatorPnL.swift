/// Where a liquidator's profit comes from, USD, accumulated over a run (docs/MODEL.md, "Liquidator P&L").
///
///     profit = bonus − slippage − flash fees + incentives + revaluation − gas on successful actions
///              − gas on failed actions − builder payments
///
/// - bonus: the reference value, when acquired, of the collateral a liquidator received (seized less the
///   protocol's fee, or bought in an auction) less what it paid for it;
/// - slippage: the reference value of what it sold less the sale's proceeds (price impact and pool fee);
/// - flash fees: what flash loans cost (repayment × fee);
/// - incentives: keeper incentives the protocol paid it (MakerDAO tip + chip);
/// - revaluation: what the collateral it held to the end gained or lost against its value when acquired;
/// - gas: on included transactions that succeeded, and on those that reverted (a public transaction's
///   priority fee included);
/// - builder payments: what private bundles paid the block builder (their priority fee, paid only when
///   included, hence only on success).
public struct LiquidatorPnL: Sendable, Equatable {
    public var bonusUSD = 0.0
    public var slippageUSD = 0.0
    public var flashFeesUSD = 0.0
    public var incentivesUSD = 0.0
    public var revaluationUSD = 0.0
    public var gasSucceededUSD = 0.0
    public var gasFailedUSD = 0.0
    public var builderPaymentsUSD = 0.0

    public init() {}

    /// The profit these components add up to.
    public var profitUSD: Double {
        bonusUSD - slippageUSD - flashFeesUSD + incentivesUSD + revaluationUSD - gasSucceededUSD - gasFailedUSD
            - builderPaymentsUSD
    }

    /// Adds `other`'s components to these.
    public mutating func add(_ other: LiquidatorPnL) {
        bonusUSD += other.bonusUSD
        slippageUSD += other.slippageUSD
        flashFeesUSD += other.flashFeesUSD
        incentivesUSD += other.incentivesUSD
        revaluationUSD += other.revaluationUSD
        gasSucceededUSD += other.gasSucceededUSD
        gasFailedUSD += other.gasFailedUSD
        builderPaymentsUSD += other.builderPaymentsUSD
    }
}

/// One liquidator class's results in one run: a row of `liquidators.csv`.
public struct LiquidatorClassResult: Sendable, Equatable {
    /// The class name (`[[liquidators]] name`).
    public var name: String
    public var bots: Int
    /// Total profit: the bots' realised P&L plus what they still hold at the final reference prices, less gas.
    public var profitUSD: Double
    public var pnl: LiquidatorPnL
}
