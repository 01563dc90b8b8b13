/// The metrics of one run: one row of `runs.csv`. Units: USD unless stated. Definitions in docs/MODEL.md.
public struct RunMetrics: Sendable, Equatable {
    /// Column names, in order.
    public static let names = [
        "bad_debt", "bad_debt_net", "max_bad_debt", "realized_bad_debt", "unrealized_bad_debt",
        "liquidations", "liquidated_debt", "seized_collateral_value", "auction_zero_bids", "zero_bid_debt",
        "zero_bid_collateral_value", "auction_resets",
        "liquidator_profit", "liquidator_gas_spent",
        "liquidator_bonus", "liquidator_slippage", "liquidator_flash_fees", "liquidator_incentives",
        "liquidator_revaluation", "liquidator_gas_succeeded", "liquidator_gas_failed",
        "liquidator_builder_payments", "failed_liquidation_txs", "dropped_bundles", "keeper_incentives",
        "insurance_covered", "penalty_income", "protocol_net_loss",
        "total_debt_start", "total_debt_peak", "backstop_debt_paid", "backstop_collateral_value", "backstop_pnl",
        "soft_swaps", "soft_loans_entered", "soft_loss_mean", "soft_loss_max", "soft_loan_hours",
        "cascade_depth", "induced_liquidated_debt", "toxic_liquidations",
        "min_reference_price", "max_drawdown", "max_oracle_deviation", "min_amm_price",
        "insurance_fund_end", "insolvent_positions_end", "events_processed",
    ]

    public var badDebt = 0.0
    public var badDebtNet = 0.0
    public var maxBadDebt = 0.0
    public var realizedBadDebt = 0.0
    public var unrealizedBadDebt = 0.0
    public var liquidations = 0
    public var liquidatedDebt = 0.0
    public var seizedCollateralValue = 0.0
    public var auctionZeroBids = 0
    /// Principal of the auctions settled at (near) zero bids, USD: their share of ``liquidatedDebt`` is the
    /// zero-bid share by volume (``auctionZeroBids`` over auctions started is the share by count).
    public var zeroBidDebt = 0.0
    /// Collateral those auctions handed over, at the reference price of the deal, USD ("ETH sold for 0 DAI").
    public var zeroBidCollateralValue = 0.0
    /// Dutch auctions restarted (dss `redo`) by a keeper.
    public var auctionResets = 0
    public var liquidatorProfit = 0.0
    public var liquidatorGasSpent = 0.0
    /// Where ``liquidatorProfit`` comes from, summed over the bots (``LiquidatorPnL``).
    public var liquidatorPnL = LiquidatorPnL()
    /// Keeper transactions mined with a failed status (public mempool).
    public var failedLiquidationTxs = 0
    /// Keeper bundles a builder left out because they would have reverted (no cost to the keeper).
    public var droppedBundles = 0
    public var keeperIncentives = 0.0
    /// The part of ``badDebt`` the insurance fund pays: what it covered of realised bad debt, plus what its
    /// end balance covers of the unrealised part. ``badDebt`` = this + ``badDebtNet``.
    public var insuranceCovered = 0.0
    /// Liquidation penalties (auction proceeds above principal) and protocol fees the protocol collected.
    public var penaltyIncome = 0.0
    /// The protocol's net loss over the run: ``badDebt`` + ``keeperIncentives`` − ``penaltyIncome``
    /// (negative: liquidations earned more than they cost).
    public var protocolNetLoss = 0.0
    /// Debt outstanding (in the book and in auctions) at t = 0, USD: the denominator for bad debt as a share
    /// of borrows.
    public var totalDebtStart = 0.0
    /// The largest debt outstanding at t = 0 or any metrics sample, USD (new borrowers raise it).
    public var totalDebtPeak = 0.0
    /// What a backstop pool paid for the positions it absorbed (debt repaid, at the debt price of the
    /// absorption), USD; 0 under the other mechanisms.
    public var backstopDebtPaid = 0.0
    /// The collateral the pool received, at the end-of-run reference prices, USD.
    public var backstopCollateralValue = 0.0
    /// ``backstopCollateralValue`` − ``backstopDebtPaid``: the depositors' gain (negative: the pool lost).
    public var backstopPnL = 0.0
    /// Arbitrage swaps on the LLAMMA's bands (soft liquidation and de-liquidation); 0 under the other
    /// mechanisms.
    public var softSwaps = 0
    /// Loans whose bands the LLAMMA's active band reached (they entered soft liquidation).
    public var softLoansEntered = 0
    /// Soft-liquidation loss of those loans, 1 − x_down/x_down at creation (x_down: the USD the loan's bands
    /// would hold converted adiabatically down through them), when hard liquidated or at the end: the share
    /// lost to rebalancing at worse than the bands' prices (llamma-simulator's loss). Mean and largest.
    public var softLossMean = 0.0
    public var softLossMax = 0.0
    /// Loan-hours spent with the active band inside a loan's bands.
    public var softLoanHours = 0.0
    public var cascadeDepth = 0
    /// Share (0–1) of liquidated debt in generations ≥ 1.
    public var inducedLiquidatedDebt = 0.0
    public var toxicLiquidations = 0
    /// Of the first collateral asset's reference price.
    public var minReferencePrice = Double.infinity
    /// Largest peak-to-trough fall of the first collateral asset's reference price, 0–1.
    public var maxDrawdown = 0.0
    /// Largest |oracle / reference − 1| over assets and ticks.
    public var maxOracleDeviation = 0.0
    /// Of the first collateral asset's first pool.
    public var minAMMPrice = Double.infinity
    public var insuranceFundEnd = 0.0
    public var insolventPositionsEnd = 0
    public var eventsProcessed = 0

    public init() {}

    /// Values in the order of ``names``.
    public var values: [Double] {
        [badDebt, badDebtNet, maxBadDebt, realizedBadDebt, unrealizedBadDebt,
         Double(liquidations), liquidatedDebt, seizedCollateralValue, Double(auctionZeroBids), zeroBidDebt,
         zeroBidCollateralValue, Double(auctionResets),
         liquidatorProfit, liquidatorGasSpent,
         liquidatorPnL.bonusUSD, liquidatorPnL.slippageUSD, liquidatorPnL.flashFeesUSD, liquidatorPnL.incentivesUSD,
         liquidatorPnL.revaluationUSD, liquidatorPnL.gasSucceededUSD, liquidatorPnL.gasFailedUSD,
         liquidatorPnL.builderPaymentsUSD, Double(failedLiquidationTxs), Double(droppedBundles), keeperIncentives,
         insuranceCovered, penaltyIncome, protocolNetLoss,
         totalDebtStart, totalDebtPeak, backstopDebtPaid, backstopCollateralValue, backstopPnL,
         Double(softSwaps), Double(softLoansEntered), softLossMean, softLossMax, softLoanHours,
         Double(cascadeDepth), inducedLiquidatedDebt, Double(toxicLiquidations),
         minReferencePrice, maxDrawdown, maxOracleDeviation, minAMMPrice,
         insuranceFundEnd, Double(insolventPositionsEnd), Double(eventsProcessed)]
    }
}

/// One collateral asset's results (`assets.csv`): its market extremes and the bad debt attributed to it.
/// Bad debt goes to an asset as follows: an auction's shortfall to its lot's asset; debt left on an emptied
/// account to the asset whose seizure emptied it; the shortfall of a position still holding collateral at the
/// end split by the reference value of what it holds. The assets' bad debt adds up to the run's.
public struct AssetResult: Sendable, Equatable {
    public var name: String
    public var initialPrice: Double
    public var minReferencePrice = Double.infinity
    /// Largest peak-to-trough fall of the reference price, 0–1.
    public var maxDrawdown = 0.0
    /// Of the asset's first pool, USD.
    public var minAMMPrice = Double.infinity
    public var maxOracleDeviation = 0.0
    public var realizedBadDebt = 0.0
    public var unrealizedBadDebt = 0.0
    public var badDebt: Double { realizedBadDebt + unrealizedBadDebt }

    public init(name: String, initialPrice: Double) {
        self.name = name
        self.initialPrice = initialPrice
    }
}

/// Everything a run produced.
public struct RunResult: Sendable {
    public var metrics: RunMetrics
    public var timeSeries: [TimeSeriesRow]
    public var liquidations: [LiquidationRecord]
    public var trace: [TraceRecord]
    /// Collateral asset names, in protocol order (column labels of the time series).
    public var assetNames: [String]
    /// The worst moment: when realised-plus-unrealised bad debt first reached its peak.
    public var worstMomentSeconds: Double
    /// Each liquidator class's results, in the scenario's order (`liquidators.csv`).
    public var liquidators: [LiquidatorClassResult]
    /// Each collateral asset's results, in protocol order (`assets.csv`).
    public var assets: [AssetResult]
    /// One soft-liquidation loan's bands at every metrics sample (`bands.csv`; empty under the other
    /// mechanisms and when the run keeps no time series).
    public var loanBands: [LoanBandRow] = []
}
