import SimKernel

extension Engine {
    /// Tells the bots that watch oracle posts that something became liquidatable.
    func notifyBots() {
        for b in bots.indices where !bots[b].wakeScheduled {
            guard case .oraclePosts = bots[b].spec.monitoring else { continue }
            scheduleBot(b)
        }
    }

    /// Wakes every bot that has no wake-up scheduled.
    func notifyAllBots() {
        for b in bots.indices where !bots[b].wakeScheduled { scheduleBot(b) }
    }

    /// Schedules bot `b`'s wake-up after its reaction latency.
    func scheduleBot(_ b: Int) {
        let delay = max(0, bots[b].spec.reactionLatency.sample(bots[b].stream))
        bots[b].wakeScheduled = true
        kernel.schedule(.botWake(bot: Int32(b)), after: delay, priority: .action)
    }

    /// A bot wakes: polling bots schedule their next look; a bot that misses the wake-up or finds the base
    /// fee above its cap does nothing; otherwise the mechanism's keeper strategy decides what it sends.
    func onBotWake(_ b: Int) {
        bots[b].wakeScheduled = false
        if case .poll(let interval) = bots[b].spec.monitoring, now + interval <= spec.horizonSeconds {
            bots[b].wakeScheduled = true
            kernel.schedule(.botWake(bot: Int32(b)), after: interval, priority: .action)
        }
        let failure = bots[b].spec.failureProbability
        if failure > 0 && bots[b].stream.uniform() < failure { return }
        // Keepers drop out while the base fee is above what they will pay.
        guard network.baseFeeGwei < bots[b].spec.maxFeeGwei else { return }
        mechanism.keeperWakes(b, context)
    }
}
