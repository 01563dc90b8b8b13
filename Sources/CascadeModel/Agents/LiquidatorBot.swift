import Stochastic

/// One liquidator bot's state during a run.
struct LiquidatorBot {
    let id: BotID
    let name: String
    let spec: LiquidatorSpec
    let stream: RandomStream
    /// Whether a reaction wake-up (after its latency) is pending; a polling bot's polls are kept apart
    /// (``nextPollAt``).
    var wakeScheduled = false
    /// Whether the bot looks again after the next block (``Keepers/keepWorking(_:)``).
    var keepWorking = false
    /// A polling bot's next poll, seconds (`.infinity` when none is left before the horizon).
    var nextPollAt = Double.infinity
    /// The earliest look the bot has planned ahead (``Keepers/plan(_:at:now:kernel:)``), or `.infinity`.
    var plannedWakeAt = Double.infinity
    /// After a look that found nothing worth sending: the base fee below which a waiting target might pay
    /// (``Keepers/afterBlock(hasWork:baseFeeGwei:kernel:)`` wakes a chain-watching bot only then); `.infinity`
    /// when it should look at every block.
    var watchBaseFeeBelow = Double.infinity
    /// Stablecoin available (inventory capital), USD; `.infinity` with flash loans.
    var cashUSD: Double
    /// Seized or bought collateral the bot holds (when it does not sell at once), per asset.
    var held: [Double]
    /// Positions or auctions the bot has a transaction in flight for (kept small: cleared at inclusion).
    var pendingPositions: Set<PositionID> = []
    var pendingAuctions: Set<AuctionID> = []
    var gasSpentUSD = 0.0
    var profitUSD = 0.0
    /// Where the profit comes from (``LiquidatorPnL``); its revaluation is settled at the end of the run.
    var pnl = LiquidatorPnL()
    /// Reference value, when acquired, of the collateral it holds (for the revaluation at the end), USD.
    var heldValueAtReceiptUSD = 0.0

    init(id: BotID, name: String, spec: LiquidatorSpec, stream: RandomStream, assetCount: Int) {
        self.id = id
        self.name = name
        self.spec = spec
        self.stream = stream
        switch spec.capital {
        case .flashLoan: cashUSD = .infinity
        case .inventory(let usd): cashUSD = usd
        }
        held = Array(repeating: 0, count: assetCount)
    }

    /// Forgets the transaction in flight for `position` (it was included).
    mutating func removePending(position: PositionID) {
        pendingPositions.remove(position)
    }

    /// Forgets the transaction in flight for auction `id` (it was included).
    mutating func removePending(auction id: AuctionID) {
        pendingAuctions.remove(id)
    }

    var flashLoanFee: Double {
        if case .flashLoan(let f) = spec.capital { return f }
        return 0
    }

    /// The tip the bot offers for an action expected to earn `profitUSD` before gas, gwei per gas, never
    /// above what its max fee leaves over the base fee. A profit-share bidder offers its share of the surplus
    /// left after the base fee, which it cannot avoid paying: tip·gas = share·(profit − base fee·gas), so
    /// any action that covers its base fee is worth sending, and its profit after gas is
    /// (1 − share)·(profit − base fee·gas).
    func tipGwei(expectedProfitUSD: Double, baseFeeGwei: Double, gasTokenUSD: Double) -> Double {
        Self.tipGwei(spec, expectedProfitUSD: expectedProfitUSD, baseFeeGwei: baseFeeGwei, gasTokenUSD: gasTokenUSD)
    }

    /// The tip a bot with `spec` offers (see the instance method).
    static func tipGwei(_ spec: LiquidatorSpec, expectedProfitUSD: Double, baseFeeGwei: Double, gasTokenUSD: Double) -> Double {
        let tip: Double
        switch spec.gasBidding {
        case .fixed(let g): tip = g
        case .profitShare(let share):
            tip = max(0, share * (expectedProfitUSD / (Double(spec.gasPerAction) * 1e-9 * gasTokenUSD) - baseFeeGwei))
        }
        return max(0, min(tip, spec.maxFeeGwei - baseFeeGwei))
    }
}
