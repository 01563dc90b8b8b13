import CascadeModel
import Stochastic

/// One `[[liquidators]]` entry: a class of `count` identical bots → ``LiquidatorSpec``. When the file has no
/// `[[liquidators]]`, one entry with every default is read (``ModelSpec``'s default, `[LiquidatorSpec()]`).
enum LiquidatorsSection {
    enum Monitoring: String, CaseIterable {
        case oraclePosts = "oracle-posts"
        case poll
    }

    enum GasBidding: String, CaseIterable {
        case fixed
        case profitShare = "profit-share"
    }

    enum Capital: String, CaseIterable {
        case flashLoan = "flash-loan"
        case inventory
    }

    enum Channel: String, CaseIterable {
        case publicMempool = "public"
        case privateBundle = "bundle"
    }

    static func decode(_ r: ConfigReader) -> LiquidatorSpec {
        let d = LiquidatorSpec()
        let name = r.string("name", default: d.name)
        let count = r.integer("count", default: d.count)
        let latency = r.distribution("reaction_latency", default: d.reactionLatency)
        let monitoring: LiquidatorSpec.Monitoring
        switch r.choice("monitoring", default: Monitoring.oraclePosts) {
        case .oraclePosts: monitoring = .oraclePosts
        case .poll: monitoring = .poll(intervalSeconds: r.seconds("poll_interval", default: 60))
        }
        let bidding: LiquidatorSpec.GasBidding
        switch r.choice("gas_bidding", default: GasBidding.profitShare) {
        case .fixed: bidding = .fixed(priorityFeeGwei: r.double("priority_fee_gwei", default: 2))
        case .profitShare: bidding = .profitShare(r.double("profit_share", default: 0.2))
        }
        let maxFee = r.double("max_fee_gwei", default: d.maxFeeGwei)
        let gas = r.integer("gas_per_action", default: d.gasPerAction)
        let capital: LiquidatorSpec.Capital
        switch r.choice("capital", default: Capital.flashLoan) {
        case .flashLoan: capital = .flashLoan(feeRate: r.double("flash_loan_fee", default: 0.0005))
        case .inventory: capital = .inventory(usd: r.double("capital_usd"))
        }
        let spec = LiquidatorSpec(
            name: name, count: count, reactionLatency: latency, monitoring: monitoring, gasBidding: bidding,
            maxFeeGwei: maxFee, gasPerAction: gas, capital: capital,
            minProfitUSD: r.double("min_profit_usd", default: d.minProfitUSD),
            failureProbability: r.double("failure_probability", default: d.failureProbability),
            sellSeizedCollateral: r.bool("sell_seized_collateral", default: d.sellSeizedCollateral),
            auctionMargin: r.double("auction_margin", default: d.auctionMargin),
            openingBidShare: r.double("opening_bid_share", default: d.openingBidShare),
            channel: r.choice("channel", default: Channel.publicMempool) == .publicMempool ? .publicMempool : .privateBundle,
            revertGasShare: r.double("revert_gas_share", default: d.revertGasShare),
            maxActionsPerWake: r.optionalInt("max_actions_per_wake"),
            feeReplacement: r.choice("fee_replacement", default: d.feeReplacement))
        r.reportComponent(spec.validate())
        r.finish()
        return spec
    }
}
