/// A liquidation mechanism as a plug-in: its state machine (auctions, a pool, nothing), what its keepers do
/// when they wake (quote, bid, take, reset), and the execution of their transactions at inclusion.
///
/// The engine (``Engine``) is generic over the mechanism, as `EventKernel<Payload>` is over its payload, so
/// every call below is statically dispatched and the hot loop pays nothing for the abstraction. A mechanism
/// touches the rest of the model only through the ``MechanismContext`` it is handed: prices, quotes and
/// sales on the venues, the protocol, a keeper's cash and holdings, transactions, records and metrics, and
/// its own timer.
///
/// Mechanisms are classes: a sale inside ``execute(_:bot:gasUSD:_:)`` can move an AMM-reading oracle, whose
/// publication makes new positions liquidatable and calls ``noteLiquidatable(_:_:)`` on the same
/// mechanism before the sale returns, exactly as it would on chain (the next transaction sees it).
///
/// Adding a mechanism: see docs/ARCHITECTURE.md, "Adding a mechanism".
protocol LiquidationMechanism: AnyObject {
    /// What its keepers' transactions do; carried by the mempool as ``TxPayload/keeper(bot:action:)``.
    associatedtype Action: Sendable, Equatable

    /// Called once before the first event. Throws when the starting book cannot live under the mechanism
    /// (a loan LLAMMA would refuse); the run then fails with that message.
    func prepare(_ ctx: MechanismContext<Self>) throws

    /// `positions` (sorted) just became liquidatable at the oracle prices: from the start, after an oracle
    /// publication or a debt-price move, or as a new borrower. The engine then calls ``protocolActs(_:)`` and
    /// wakes the keepers that watch oracle posts.
    func noteLiquidatable(_ positions: [Int], _ ctx: MechanismContext<Self>)

    /// Whether ``noteLiquidatable(_:_:)`` and ``protocolActs(_:)`` use the positions after an oracle update;
    /// when not, the engine only learns whether any became liquidatable (to wake the keepers), which the price
    /// index answers without listing them. Default: true.
    var listsNewlyLiquidatable: Bool { get }

    /// What the protocol itself does at once about liquidatable positions, with no keeper (a backstop pool
    /// absorbs them). Most mechanisms do nothing.
    func protocolActs(_ ctx: MechanismContext<Self>)

    /// Keeper `bot` is awake, the base fee is below its cap and it did not miss the wake-up: it looks at the
    /// protocol and sends what it finds worth sending.
    func keeperWakes(_ bot: BotID, _ ctx: MechanismContext<Self>)

    /// Executes `action`, sent by keeper `bot`, at inclusion; `gasUSD` is what its gas costs. Returns false
    /// when it reverts (state unchanged, the gas still paid).
    func execute(_ action: Action, bot: BotID, gasUSD: Double, _ ctx: MechanismContext<Self>) -> Bool

    /// Whether keepers have anything to do (a bot priced out by the base fee keeps watching it while so).
    /// Default: some position is liquidatable.
    func hasKeeperWork(_ ctx: MechanismContext<Self>) -> Bool
    /// Keeper `bot`'s bundle carrying `action` left the mempool without running (it targeted a block that did not
    /// take it): undo what sending it reserved (the position or auction in flight, locked cash).
    func withdrawn(_ action: Action, bot: BotID, _ ctx: MechanismContext<Self>)
    /// The timer the mechanism set with ``MechanismContext/scheduleTimer(after:)`` went off.
    func timerFired(_ ctx: MechanismContext<Self>)

    /// The next event is not a keeper wake-up, so state the mechanism may have cached for keepers waking back
    /// to back (quotes, menus) can go stale.
    func stateMayChange()

    /// Principal of running auctions not covered by their lots at market prices, USD (0 without auctions).
    func unrealizedShortfallUSD(_ ctx: MechanismContext<Self>) -> Double

    /// Adds ``unrealizedShortfallUSD(_:)`` split by collateral asset (an auction's to its lot's asset) to
    /// `byAsset`.
    func addUnrealizedShortfall(byAsset: inout [Double], _ ctx: MechanismContext<Self>)

    /// A metrics sample of a run that keeps its time series: the mechanism may record its own rows.
    func sampled(_ ctx: MechanismContext<Self>)
    /// What ``sampled(_:)`` recorded of one soft-liquidation loan's bands (`bands.csv`).
    var loanBands: [LoanBandRow] { get }

    /// End of the run: the mechanism adds its own metrics (soft liquidation's losses and time in bands).
    func finish(_ metrics: inout RunMetrics, _ ctx: MechanismContext<Self>)

    /// Adds the collateral of `asset` held by the mechanism (lots in running auctions, asset units) to
    /// `total`, one lot at a time.
    func addCollateralHeld(asset: Int, to total: inout Double)
}

extension LiquidationMechanism {
    func prepare(_ ctx: MechanismContext<Self>) {}
    func noteLiquidatable(_ positions: [Int], _ ctx: MechanismContext<Self>) {}
    var listsNewlyLiquidatable: Bool { true }
    func protocolActs(_ ctx: MechanismContext<Self>) {}
    func timerFired(_ ctx: MechanismContext<Self>) {}
    func hasKeeperWork(_ ctx: MechanismContext<Self>) -> Bool { ctx.flaggedCount > 0 }
    func stateMayChange() {}
    func unrealizedShortfallUSD(_ ctx: MechanismContext<Self>) -> Double { 0 }
    func finish(_ metrics: inout RunMetrics, _ ctx: MechanismContext<Self>) {}
    func sampled(_ ctx: MechanismContext<Self>) {}
    var loanBands: [LoanBandRow] { [] }
    func addUnrealizedShortfall(byAsset: inout [Double], _ ctx: MechanismContext<Self>) {}
    func addCollateralHeld(asset: Int, to total: inout Double) {}
}
