import SimKernel
import Stochastic

/// The liquidator and keeper bots: their state (cash, holdings, transactions in flight, P&L) and their
/// wake-ups. What a bot does once awake is the mechanism's keeper strategy (``LiquidationMechanism``).
struct Keepers {
    var bots: [LiquidatorBot]

    /// `count` bots of each class, each with its own stream `liquidator/<class>/<k>`.
    init(classes: [LiquidatorSpec], assetCount: Int, streams: StreamFactory) throws {
        var bots: [LiquidatorBot] = []
        for cls in classes {
            for k in 0..<cls.count {
                let name = cls.count == 1 ? cls.name : "\(cls.name)-\(k)"
                bots.append(LiquidatorBot(id: BotID(bots.count), name: name, spec: cls,
                                          stream: try streams.stream("liquidator/\(cls.name)/\(k)"), assetCount: assetCount))
            }
        }
        self.bots = bots
    }

    /// Polling bots take their first look at a uniformly random moment of their first interval.
    mutating func start(horizon: Double, kernel: inout EventKernel<SimEvent>) {
        for b in bots.indices {
            if case .poll(let interval) = bots[b].spec.monitoring {
                kernel.schedule(.botWake(bot: BotID(b)), at: min(horizon, bots[b].stream.uniform() * interval), priority: .action)
                bots[b].wakeScheduled = true
            }
        }
    }

    /// Wakes the bots that watch oracle posts (something became liquidatable).
    mutating func notifyWatchers(kernel: inout EventKernel<SimEvent>) {
        for b in bots.indices where !bots[b].wakeScheduled {
            guard case .oraclePosts = bots[b].spec.monitoring else { continue }
            schedule(b, kernel: &kernel)
        }
    }

    /// Wakes every bot that has no wake-up scheduled.
    mutating func notifyAll(kernel: inout EventKernel<SimEvent>) {
        for b in bots.indices where !bots[b].wakeScheduled { schedule(b, kernel: &kernel) }
    }

    /// Schedules bot `b`'s wake-up after its reaction latency.
    private mutating func schedule(_ b: Int, kernel: inout EventKernel<SimEvent>) {
        let delay = max(0, bots[b].spec.reactionLatency.sample(bots[b].stream))
        bots[b].wakeScheduled = true
        kernel.schedule(.botWake(bot: BotID(b)), after: delay, priority: .action)
    }

    /// Bot `b` wakes: a polling bot schedules its next look. Returns whether it acts now: not when it misses
    /// the wake-up (failure probability) or when the base fee is at or above its cap.
    mutating func wake(_ bot: BotID, now: Double, horizon: Double, baseFeeGwei: Double, kernel: inout EventKernel<SimEvent>) -> Bool {
        let b = bot.index
        bots[b].wakeScheduled = false
        if case .poll(let interval) = bots[b].spec.monitoring, now + interval <= horizon {
            bots[b].wakeScheduled = true
            kernel.schedule(.botWake(bot: bot), after: interval, priority: .action)
        }
        let failure = bots[b].spec.failureProbability
        if failure > 0 && bots[b].stream.uniform() < failure { return false }
        // Keepers drop out while the base fee is above what they will pay.
        return baseFeeGwei < bots[b].spec.maxFeeGwei
    }

    /// Charges the gas of an included transaction to bot `b`, as spent on a success or on a revert.
    mutating func paidGas(_ b: BotID, usd: Double, succeeded: Bool) {
        bots[b.index].gasSpentUSD += usd
        if succeeded { bots[b.index].pnl.gasSucceededUSD += usd } else { bots[b.index].pnl.gasFailedUSD += usd }
    }

    /// Total P&L of the bots (profit on what they sold, collateral still held at `referencePrices`, less
    /// gas), the gas they spent, USD, and each class's results (in the scenario's order), with the held
    /// collateral's revaluation settled at `referencePrices`.
    func results(referencePrices: [Double], classes: [LiquidatorSpec]) -> (profit: Double, gas: Double, classes: [LiquidatorClassResult]) {
        var profit = 0.0, gas = 0.0
        var byClass = classes.map { LiquidatorClassResult(name: $0.name, bots: 0, profitUSD: 0, pnl: LiquidatorPnL()) }
        for bot in bots {
            var heldValue = 0.0
            for a in referencePrices.indices { heldValue += bot.held[a] * referencePrices[a] }
            let botProfit = bot.profitUSD + heldValue - bot.gasSpentUSD
            profit += botProfit
            gas += bot.gasSpentUSD
            var pnl = bot.pnl
            pnl.revaluationUSD = heldValue - bot.heldValueAtReceiptUSD
            if let c = classes.firstIndex(where: { $0.name == bot.spec.name }) {
                byClass[c].bots += 1
                byClass[c].profitUSD += botProfit
                byClass[c].pnl.add(pnl)
            }
        }
        return (profit, gas, byClass)
    }
}
