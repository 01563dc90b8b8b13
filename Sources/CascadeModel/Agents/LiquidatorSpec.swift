import Stochastic

/// One class of liquidator bots (`[[liquidators]]`): `count` identical bots, each with its own random stream
/// ("liquidator/<class>/<k>") so they react, fail and bid independently.
public struct LiquidatorSpec: Sendable, Equatable {
    /// How a bot learns that positions may be liquidatable.
    public enum Monitoring: Sendable, Equatable {
        /// Reacts to every oracle post (after its reaction latency).
        case oraclePosts
        /// Checks every `intervalSeconds`, whatever happened.
        case poll(intervalSeconds: Double)
    }

    /// How a bot sets the priority fee (tip) of its transactions.
    public enum GasBidding: Sendable, Equatable {
        /// A fixed tip in gwei per gas.
        case fixed(priorityFeeGwei: Double)
        /// A share of the expected profit, as in priority gas auctions: tip = share·profit / gas used.
        case profitShare(Double)
    }

    /// How a bot's transactions reach the block producer.
    public enum Channel: Sendable, Equatable {
        /// The public mempool: everyone sees the transaction, rivals outbid it in a priority gas auction (Daian
        /// et al. 2019), and a reverted one is mined and pays its revert gas (``revertGasShare``).
        case publicMempool
        /// Private bundles to a block builder (Flashbots): all-or-nothing, included only if the call succeeds
        /// and clears the bot's minimum profit at execution, free when left out; the priority fee is the bid,
        /// a transfer to the builder paid out of the profit (booked as builder payments).
        case privateBundle
    }

    /// Where the stablecoin to repay debt or pay for auction lots comes from.
    public enum Capital: Sendable, Equatable {
        /// Borrowed atomically and repaid within the transaction; costs `feeRate` of the amount (Aave v3 charges
        /// 0.05%). Only possible when the bot sells the seized collateral in the same transaction.
        case flashLoan(feeRate: Double)
        /// A finite stablecoin inventory in USD; seized collateral sold returns to it.
        case inventory(usd: Double)

        /// Whether the capital is a flash loan.
        public var isFlashLoan: Bool {
            if case .flashLoan = self { return true }
            return false
        }
    }

    /// Whether the keeper's contract checks its profit at execution and commits only if it holds: the
    /// transaction is atomic (a private bundle, left out at no cost otherwise, or a flash loan, which reverts).
    public var checksProfitAtExecution: Bool { channel == .privateBundle || capital.isFlashLoan }

    public var name: String
    public var count: Int
    /// Seconds from a trigger (oracle post, poll) to the bot's decision.
    public var reactionLatency: Distribution
    public var monitoring: Monitoring
    public var gasBidding: GasBidding
    /// The most the bot pays per gas (base fee + tip), gwei. When the base fee is above it the bot sends
    /// nothing: this is how keepers drop out under congestion.
    public var maxFeeGwei: Double
    /// Gas one liquidation, bark, take or bid consumes.
    public var gasPerAction: Int
    public var capital: Capital
    /// Smallest expected profit, USD after slippage and gas, for which the bot acts.
    public var minProfitUSD: Double
    /// Probability that the bot misses a given wake-up entirely (infrastructure failure).
    public var failureProbability: Double
    /// Whether seized collateral is sold on the AMM at once (true) or held to the end of the run.
    public var sellSeizedCollateral: Bool
    /// Auctions: the bot values a lot at its AMM proceeds after slippage times (1 − margin).
    public var auctionMargin: Double
    /// English auctions: the first bid as a share of the bot's valuation (0 = opens at 0 DAI, as some Black
    /// Thursday keepers did).
    public var openingBidShare: Double
    /// How the bot submits (public mempool or private bundles).
    public var channel: Channel
    /// Public mempool: share of ``gasPerAction`` a reverted transaction uses before its failing check. 0.2 by
    /// default: Aave v3's `executeLiquidationCall` reverts in `validateLiquidationCall`, after updating the
    /// reserve state and computing the user's account data and before any transfer, flash loan repayment
    /// or swap (docs/MODEL.md, "Submission channels").
    public var revertGasShare: Double
    /// What the bot does when its next public transaction is stuck below the base fee under nonce order
    /// (`fee_replacement`): `.bump` replaces it with fees × 1.125 up to `max_fee_gwei` at every block (pymaker's
    /// GeometricGasPrice), `.none` waits (a stock keeper with a fixed gas price).
    public var feeReplacement: FeeReplacement

    /// `fee_replacement`.
    public enum FeeReplacement: String, Sendable, CaseIterable, Equatable {
        case bump, none
    }
    /// An optional cap on the transactions one wake-up sends (a capacity of the bot's infrastructure); nil, the
    /// default, for none. A wake never sends more than one block can hold (gas limit / ``gasPerAction``),
    /// and a bot with profitable work left wakes again after the next block.
    public var maxActionsPerWake: Int?

    public init(name: String = "bot", count: Int = 1, reactionLatency: Distribution = .exponential(mean: 6),
                monitoring: Monitoring = .oraclePosts, gasBidding: GasBidding = .profitShare(0.2),
                maxFeeGwei: Double = 500, gasPerAction: Int = 500_000, capital: Capital = .flashLoan(feeRate: 0.0005),
                minProfitUSD: Double = 10, failureProbability: Double = 0, sellSeizedCollateral: Bool = true,
                auctionMargin: Double = 0.03, openingBidShare: Double = 1, channel: Channel = .publicMempool,
                revertGasShare: Double = 0.2, maxActionsPerWake: Int? = nil, feeReplacement: FeeReplacement = .bump) {
        self.feeReplacement = feeReplacement
        self.name = name
        self.count = count
        self.reactionLatency = reactionLatency
        self.monitoring = monitoring
        self.gasBidding = gasBidding
        self.maxFeeGwei = maxFeeGwei
        self.gasPerAction = gasPerAction
        self.capital = capital
        self.minProfitUSD = minProfitUSD
        self.failureProbability = failureProbability
        self.sellSeizedCollateral = sellSeizedCollateral
        self.auctionMargin = auctionMargin
        self.openingBidShare = openingBidShare
        self.channel = channel
        self.revertGasShare = revertGasShare
        self.maxActionsPerWake = maxActionsPerWake
    }

    /// Every problem, keys relative to the `[[liquidators]]` entry.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if count < 1 || count > 10_000 { out.append(ParameterProblem(key: "count", message: "found \(count), expected an integer in [1, 10000]")) }
        out += reactionLatency.problems.map { ParameterProblem(key: "reaction_latency.\($0.parameter)", message: $0.message) }
        if case .poll(let s) = monitoring, let p = ParameterProblem.requirePositive("poll_interval", s) { out.append(p) }
        switch gasBidding {
        case .fixed(let g):
            if !(g.isFinite && g >= 0) { out.append(ParameterProblem(key: "priority_fee_gwei", message: "found \(g), expected a finite number ≥ 0")) }
        case .profitShare(let s):
            if let p = ParameterProblem.requireInRange("profit_share", s, 0...1) { out.append(p) }
        }
        if let p = ParameterProblem.requirePositive("max_fee_gwei", maxFeeGwei) { out.append(p) }
        if gasPerAction <= 0 { out.append(ParameterProblem(key: "gas_per_action", message: "found \(gasPerAction), expected an integer > 0")) }
        switch capital {
        case .flashLoan(let f):
            if let p = ParameterProblem.requireInRange("flash_loan_fee", f, 0...0.1) { out.append(p) }
            if !sellSeizedCollateral {
                out.append(ParameterProblem(key: "sell_seized_collateral", message: "found false with capital = \"flash-loan\", expected true (a flash loan must be repaid from the sale in the same transaction)"))
            }
        case .inventory(let usd):
            if !(usd.isFinite && usd >= 0) { out.append(ParameterProblem(key: "capital_usd", message: "found \(usd), expected a finite number ≥ 0")) }
        }
        if !(minProfitUSD.isFinite) { out.append(ParameterProblem(key: "min_profit_usd", message: "found \(minProfitUSD), expected a finite number")) }
        if let p = ParameterProblem.requireInRange("failure_probability", failureProbability, 0...1) { out.append(p) }
        if let p = ParameterProblem.requireInRange("auction_margin", auctionMargin, 0...0.99) { out.append(p) }
        if let p = ParameterProblem.requireInRange("opening_bid_share", openingBidShare, 0...1) { out.append(p) }
        if let p = ParameterProblem.requireInRange("revert_gas_share", revertGasShare, 0...1) { out.append(p) }
        if let maxActionsPerWake, maxActionsPerWake < 1 { out.append(ParameterProblem(key: "max_actions_per_wake", message: "found \(maxActionsPerWake), expected an integer ≥ 1")) }
        return out
    }

    /// Gas a reverted public transaction pays.
    public var revertGas: Int { Int((Double(gasPerAction) * revertGasShare).rounded()) }

    /// What a revert of one of this bot's transactions costs.
    var revertCost: RevertCost { channel == .privateBundle ? .dropped : .gas(revertGas) }
}
