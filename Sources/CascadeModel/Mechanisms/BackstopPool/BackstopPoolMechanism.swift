/// The backstop-pool mechanism (Liquity's stability pool): the protocol absorbs every liquidatable position
/// the pool can pay for, at once and with no keeper; what it cannot absorb follows the pool's fallback (left
/// open, or liquidated by fixed-spread keepers).
final class BackstopPoolMechanism: LiquidationMechanism {
    private(set) var pool: BackstopPool
    private var candidates = CandidateQueue()
    /// The fallback's keepers, when the fallback is a fixed-spread liquidation.
    private var keepers: FixedSpreadKeepers?
    private var results: [LiquidationResult] = []

    init(spec: BackstopPoolSpec) {
        pool = BackstopPool(spec: spec, startTime: 0)
        if case .fixedSpread(let rules) = spec.fallback { keepers = FixedSpreadKeepers(rules: rules) }
    }

    func prepare(_ ctx: MechanismContext<BackstopPoolMechanism>) { ctx.withLending { candidates.prepare(&$0) } }

    func noteLiquidatable(_ positions: [Int], _ ctx: MechanismContext<BackstopPoolMechanism>) {
        let n = ctx.lending.book.count
        for p in positions { candidates.add(p, bookCount: n) }
    }

    /// Absorbs the candidates in discovery order until the pool runs dry.
    func protocolActs(_ ctx: MechanismContext<BackstopPoolMechanism>) {
        let live = ctx.withLending { candidates.live(&$0) }
        for p in live {
            let g = ctx.generationOf(p)
            let prices = ctx.oraclePrices
            results.removeAll(keepingCapacity: true)
            guard let absorbed = ctx.withLending({ pool.absorb(p, time: ctx.now, prices: prices, protocol: &$0, results: &results) }) else { break }
            ctx.countLiquidation(debtUSD: absorbed.debtAbsorbed * prices.debt, generation: g,
                                 toxic: absorbed.healthFactorAfter < absorbed.healthFactorBefore)
            ctx.countBackstopPayment(debtUSD: absorbed.debtAbsorbed * ctx.debtPrice)
            for r in results {
                ctx.countSeizedCollateral(valueUSD: r.collateralSeized * ctx.referencePrice(r.asset))
                ctx.record(.backstop, position: p, asset: r.asset, debtRepaid: r.debtRepaid, collateralSeized: r.collateralSeized,
                           price: prices.collateral[r.asset], bot: nil, generation: g,
                           healthFactorBefore: r.healthFactorBefore, healthFactorAfter: r.healthFactorAfter, gasPaidUSD: 0)
            }
            ctx.checkConservation()
        }
    }

    func keeperWakes(_ bot: BotID, _ ctx: MechanismContext<BackstopPoolMechanism>) {
        guard keepers != nil else { return }
        // Candidates are pruned whenever the keepers build a new menu, so the queue's order matches the
        // positions' flagging history as the pool sees it.
        if !keepers!.hasMenu(for: ctx[bot: bot].spec) { ctx.withLending { candidates.prune(&$0) } }
        keepers!.wake(bot, ctx)
    }

    func execute(_ action: FixedSpreadCall, bot: BotID, gasUSD: Double, _ ctx: MechanismContext<BackstopPoolMechanism>) -> Bool {
        guard keepers != nil else {
            // Only the fixed-spread fallback sends transactions.
            ctx.withBot(bot) { $0.removePending(position: action.position); $0.cashUSD += action.debt * ctx.oraclePrices.debt }
            return false
        }
        return keepers!.execute(action, bot: bot, gasUSD: gasUSD, ctx)
    }

    func stateMayChange() { keepers?.stateMayChange() }

    func withdrawn(_ action: FixedSpreadCall, bot: BotID, _ ctx: MechanismContext<BackstopPoolMechanism>) {
        FixedSpreadKeepers.withdrawn(action, bot: bot, ctx)
    }
}

extension LiquidationStep {
    /// An absorption by the pool.
    public static let backstop = LiquidationStep("backstop", of: .backstopPool)
}
