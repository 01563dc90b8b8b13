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
                let first = min(horizon, bots[b].stream.uniform() * interval)
                kernel.schedule(.botWake(bot: BotID(b)), at: first, priority: .action)
                bots[b].nextPollAt = first
            }
        }
    }

    /// Bot `b` plans to look again at `time` (a Dutch-auction price reaching its threshold), unless it already
    /// plans an earlier look that is still ahead.
    mutating func plan(_ b: BotID, at time: Double, now: Double, kernel: inout EventKernel<SimEvent>) {
        let planned = bots[b.index].plannedWakeAt
        guard time < planned || planned < now else { return }
        bots[b.index].plannedWakeAt = time
        kernel.schedule(.botWake(bot: b), at: max(now, time), priority: .action)
    }

    /// Wakes the bots that watch oracle posts (something became liquidatable).
    mutating func notifyWatchers(kernel: inout EventKernel<SimEvent>) {
        for b in bots.indices where !bots[b].wakeScheduled {
            guard case .oraclePosts = bots[b].spec.monitoring else { continue }
            schedule(b, kernel: &kernel)
        }
    }

    /// Wakes every bot that watches the chain (oracle-posts monitoring) and has no wake-up scheduled (auctions
    /// changed or are running). Polling bots keep to their own clock.
    mutating func notifyAll(kernel: inout EventKernel<SimEvent>) {
        for b in bots.indices where !bots[b].wakeScheduled && bots[b].spec.monitoring == .oraclePosts { schedule(b, kernel: &kernel) }
    }

    /// Schedules bot `b`'s wake-up after its reaction latency.
    private mutating func schedule(_ b: Int, kernel: inout EventKernel<SimEvent>) {
        let delay = max(0, bots[b].spec.reactionLatency.sample(bots[b].stream))
        bots[b].wakeScheduled = true
        kernel.schedule(.botWake(bot: BotID(b)), after: delay, priority: .action)
    }

    /// Bot `b` wakes: a polling bot schedules its next look. Returns whether it acts now: not when it misses
    /// the wake-up (failure probability) or when the base fee is at or above its cap.
    /// `hasWork`: whether the mechanism has anything for keepers to do (a bot priced out by the base fee then
    /// keeps watching it).
    mutating func wake(_ bot: BotID, now: Double, horizon: Double, baseFeeGwei: Double, hasWork: @autoclosure () -> Bool,
                       kernel: inout EventKernel<SimEvent>) -> Bool {
        let b = bot.index
        if now >= bots[b].plannedWakeAt { bots[b].plannedWakeAt = .infinity }
        bots[b].watchBaseFeeBelow = .infinity
        if case .poll(let interval) = bots[b].spec.monitoring, now >= bots[b].nextPollAt {
            // Only the poll itself schedules the next one (other wakes leave the polling clock alone).
            bots[b].nextPollAt = now + interval <= horizon ? now + interval : .infinity
            if now + interval <= horizon { kernel.schedule(.botWake(bot: bot), after: interval, priority: .action) }
        } else {
            bots[b].wakeScheduled = false
        }
        let failure = bots[b].spec.failureProbability
        if failure > 0 && bots[b].stream.uniform() < failure { return false }
        // Keepers drop out while the base fee is above what they will pay, and watch it block by block.
        guard baseFeeGwei < bots[b].spec.maxFeeGwei else {
            if hasWork() { bots[b].keepWorking = true }
            return false
        }
        return true
    }

    /// An oracle published or an arbitrage trade moved a pool: what a bot found unprofitable may pay now, so
    /// every bot looks at the next block.
    mutating func pricesMoved() {
        for b in bots.indices { bots[b].watchBaseFeeBelow = .infinity }
    }

    /// Charges an included transaction to bot `b`: `gasUSD` as gas spent on a success or on a revert, and
    /// `builderUSD` as a bundle's payment to the builder. The bot looks again after this block.
    mutating func paid(_ b: BotID, gasUSD: Double, builderUSD: Double, succeeded: Bool) {
        bots[b.index].gasSpentUSD += gasUSD
        bots[b.index].pnl.builderPaymentsUSD += builderUSD
        if succeeded { bots[b.index].pnl.gasSucceededUSD += gasUSD } else { bots[b.index].pnl.gasFailedUSD += gasUSD }
        bots[b.index].keepWorking = true
    }

    /// Bot `b` has work left (profitable targets it could not send, a base fee above its cap while work
    /// waits, a transaction just included or dropped): it looks again after the next block.
    mutating func keepWorking(_ b: BotID) { bots[b.index].keepWorking = true }

    /// After a block: every bot with work left wakes after its reaction latency (the block is its cue), so a
    /// backlog is worked off under every monitoring mode. While the mechanism `hasWork`, bots that watch the
    /// chain (oracle-posts monitoring) look at every new block too: a fall in the base fee or a pool moving
    /// back can make a waiting target profitable with no oracle post.
    /// A bot whose last look found nothing that pays at any base fee above ``LiquidatorBot/watchBaseFeeBelow``
    /// skips the blocks whose base fee is not below it, until prices move (``pricesMoved()``).
    mutating func afterBlock(hasWork: Bool, baseFeeGwei: Double, kernel: inout EventKernel<SimEvent>) {
        for b in bots.indices where bots[b].keepWorking
            || (hasWork && bots[b].spec.monitoring == .oraclePosts && baseFeeGwei < bots[b].watchBaseFeeBelow) {
            bots[b].keepWorking = false
            if !bots[b].wakeScheduled { schedule(b, kernel: &kernel) }
        }
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
            let botProfit = bot.profitUSD + heldValue - bot.gasSpentUSD - bot.pnl.builderPaymentsUSD
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
