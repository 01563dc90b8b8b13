/// What the two auction mechanisms share around their own state machines: the liquidatable positions in
/// discovery order (keepers bark or kick vaults in the order they were found), the cascade generation of each
/// auction, the bookkeeping of a bark or kick, and the timer that wakes the keepers while auctions run.
struct AuctionStarts {
    private var candidates = CandidateQueue()
    /// Generation of each auction (by auction id), set when it starts.
    private(set) var generation: [Int] = []
    private var timerScheduled = false
    /// Seconds between the keepers' looks at running auctions.
    let timerSeconds: Double

    init(timerSeconds: Double) { self.timerSeconds = timerSeconds }

    func prepare<M: LiquidationMechanism>(_ ctx: MechanismContext<M>) { ctx.withLending { candidates.prepare(&$0) } }

    mutating func note<M: LiquidationMechanism>(_ positions: [Int], _ ctx: MechanismContext<M>) {
        let n = ctx.lending.book.count
        for p in positions { candidates.add(p, bookCount: n) }
    }

    /// Keeper `b` sends one auction-starting transaction (`action`: a bark or a kick) for every liquidatable
    /// position it has nothing in flight for, up to what one block holds (``MechanismContext/actionsPerWake(_:)``;
    /// with more left it looks again after the next block). Returns how many it sent.
    @discardableResult
    mutating func sendStarts<M: LiquidationMechanism>(by b: BotID, _ ctx: MechanismContext<M>,
                                                     _ action: (PositionID) -> M.Action) -> Int {
        let limit = ctx.actionsPerWake(b)
        var sent = 0
        let live = ctx.withLending { candidates.live(&$0) }
        for p in live.lazy.map(PositionID.init) where !ctx[bot: b].pendingPositions.contains(p) {
            guard sent < limit else {
                ctx.keepWorking(b)
                break
            }
            ctx.withBot(b) { _ = $0.pendingPositions.insert(p) }
            ctx.submit(action(p), bot: b, expectedProfitUSD: 0)
            sent += 1
        }
        return sent
    }

    /// A bark or kick of `position` by keeper `b` was included: its transaction is no longer in flight. When
    /// the position is still liquidatable, what the call needs (its row, generation and health factor
    /// before); nil when the call reverts.
    static func beginStart<M: LiquidationMechanism>(_ position: PositionID, bot b: BotID, _ ctx: MechanismContext<M>)
        -> (row: Int, generation: Int, healthFactor: Double)? {
        ctx.withBot(b) { $0.removePending(position: position) }
        let p = position.index
        guard ctx.isLiquidatable(p) else { return nil }
        return (p, ctx.generationOf(p), ctx.healthFactor(p))
    }

    /// After a bark or kick by keeper `b` started auctions `ids` for `position` (health `healthFactor`
    /// before): each auction's generation, one liquidation counted for the debt the auctions took over (a
    /// partial bark or a bite of one lump takes part of the vault), one record per lot (`lot(id)`: asset,
    /// collateral, principal), conservation checked, the keepers woken and the timer kept while auctions run.
    mutating func started<M: LiquidationMechanism>(_ ids: Range<Int>, position p: Int, generation g: Int, healthFactor hf: Double,
                                                  step: LiquidationStep, bot b: BotID, gasUSD: Double,
                                                  lot: (Int) -> (asset: Int, amount: Double, principal: Double), _ ctx: MechanismContext<M>) {
        while generation.count < ids.upperBound { generation.append(g) }
        let prices = ctx.oraclePrices
        var moved = 0.0
        for id in ids { moved += lot(id).principal }
        ctx.countLiquidation(debtUSD: moved * ctx.debtPrice, generation: g, toxic: false)
        for id in ids {
            let (asset, amount, principal) = lot(id)
            ctx.countSeizedCollateral(valueUSD: amount * ctx.referencePrice(asset))
            ctx.record(step, position: p, asset: asset, debtRepaid: principal, collateralSeized: amount,
                       price: prices.collateral[asset], bot: b, generation: g, healthFactorBefore: hf, gasPaidUSD: gasUSD)
        }
        ctx.checkConservation()
        ctx.wakeAllKeepers()
        scheduleTimer(running: true, ctx)
    }

    /// The timer went off: the keepers look again, and the timer stays while `running`.
    mutating func timerFired<M: LiquidationMechanism>(running: Bool, _ ctx: MechanismContext<M>) {
        timerScheduled = false
        ctx.wakeAllKeepers()
        scheduleTimer(running: running, ctx)
    }

    /// Keeps one timer pending while auctions are `running` (none past the horizon).
    mutating func scheduleTimer<M: LiquidationMechanism>(running: Bool, _ ctx: MechanismContext<M>) {
        guard !timerScheduled, running, ctx.now + timerSeconds <= ctx.horizonSeconds else { return }
        timerScheduled = true
        ctx.scheduleTimer(after: timerSeconds)
    }
}
