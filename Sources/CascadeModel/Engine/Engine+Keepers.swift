import SimKernel

extension Engine {
    /// A bot wakes: the keepers schedule a polling bot's next look and say whether it acts; if so, the
    /// mechanism's keeper strategy decides what it sends.
    func onBotWake(_ b: BotID) {
        guard keepers.wake(b, now: now, horizon: spec.horizonSeconds, baseFeeGwei: chain.baseFeeGwei,
                           hasWork: mechanism.hasKeeperWork(context), kernel: &kernel) else { return }
        mechanism.keeperWakes(b, context)
    }
}
