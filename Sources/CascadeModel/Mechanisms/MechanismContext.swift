import SimKernel

/// Everything a ``LiquidationMechanism`` may touch, in one value: the clock and prices, quotes and sales on
/// the venues, the lending protocol, a keeper's cash and holdings, transactions, records and metrics, and the
/// mechanism's timer. Handed to every mechanism call; a thin view of the engine (one unowned reference), so
/// passing it costs nothing.
///
/// The sell-or-hold choice, the construction of liquidation records and the liquidation counters each live
/// here once, whatever the mechanism.
struct MechanismContext<Mechanism: LiquidationMechanism> {
    // unowned(unsafe): the engine creates every context and outlives it (a context lives for one call), and
    // a safe unowned reference would pay a reference-count operation on every copy.
    private unowned(unsafe) let engine: Engine<Mechanism>

    init(engine: Engine<Mechanism>) { self.engine = engine }

    // MARK: Clock and prices

    var now: Double { engine.now }
    var horizonSeconds: Double { engine.spec.horizonSeconds }
    /// The prices the protocol acts on (oracle collateral prices, debt at its reference price).
    var oraclePrices: OraclePrices { _read { yield engine.oraclePrices } }
    /// Market (reference) price of collateral asset `a`, USD.
    func referencePrice(_ a: Int) -> Double { engine.referencePrice(a) }
    /// Reference prices of every collateral asset, USD.
    var referencePrices: [Double] { engine.market.reference.map { $0.price() } }
    /// Reference price of the debt asset, USD.
    var debtPrice: Double { engine.market.debtPrice }

    // MARK: Venues

    /// The venues (read only, borrowed: no copy unless bound to a name): pools of each collateral asset.
    var venues: [Venue] { _read { yield engine.market.venues } }

    // MARK: The protocol

    /// The lending protocol (read, borrowed: no copy unless bound to a name, as a loop over positions should).
    var lending: LendingProtocol { _read { yield engine.lending } }

    /// Number of flagged positions (read in place, no copy of the protocol).
    var flaggedCount: Int { engine.flaggedCount }

    /// Reads the protocol in place. A method called on ``lending`` (a value stored in the engine, a class)
    /// copies the whole protocol first, retaining and releasing each of its arrays; a hot path reads through
    /// this instead. `body` must not reach the protocol through the context again.
    func readLending<R>(_ body: (borrowing LendingProtocol) -> R) -> R { engine.readLending(body) }

    /// Changes the protocol in place.
    func withLending<R, E: Error>(_ body: (inout LendingProtocol) throws(E) -> R) throws(E) -> R { try body(&engine.lending) }

    /// The causal generation of asset `a`'s oracle being below `priceUSD` (a soft-liquidation band's edge).
    func generationReaching(_ a: Int, below priceUSD: Double) -> Int { engine.generationReaching(a, below: priceUSD) }

    /// Health factor of `position` at the oracle prices (read in place, no copy of the protocol).
    func healthFactor(_ position: Int) -> Double { engine.healthFactor(position, prices: engine.oraclePrices) }

    /// Whether `position` may be liquidated at the oracle prices: open and HF < 1.
    func isLiquidatable(_ position: Int) -> Bool { healthFactor(position) < 1 }

    /// The causal generation of liquidating `position` now (docs/MODEL.md, "Cascade depth").
    func generationOf(_ position: Int) -> Int { engine.generationOf(position) }

    /// Checks the ledger after a liquidation; a broken identity fails the run after the current event.
    func checkConservation() { engine.checkConservation() }

    // MARK: Keepers

    /// Number of keepers (bots).
    var keeperCount: Int { engine.keepers.bots.count }
    /// Whether `index` names one of the bots (an auction's bidder may be the protocol).
    func isBot(_ index: Int) -> Bool { index >= 0 && index < engine.keepers.bots.count }
    /// Keeper `b` (read, borrowed: no copy unless bound to a name).
    subscript(bot b: BotID) -> LiquidatorBot { _read { yield engine.keepers.bots[b.index] } }
    /// Changes keeper `b`'s state (cash, transactions in flight, profit) in place.
    func withBot<R>(_ b: BotID, _ body: (inout LiquidatorBot) -> R) -> R { body(&engine.keepers.bots[b.index]) }

    /// What keeper `b` does with collateral it just received for `paidUSD`: sells it on the venue (the impact
    /// attributed to `generation`) or holds it. Returns the USD the sale brought, added to its cash (0 when
    /// held). Books the bonus (reference value − paid) and the sale's slippage (reference value − proceeds)
    /// in the keeper's ``LiquidatorPnL``.
    func deliverCollateral(to bot: BotID, asset: Int, amount: Double, paidUSD: Double, generation: Int) -> Double {
        let b = bot.index
        let referenceValue = amount * engine.referencePrice(asset)
        engine.keepers.bots[b].pnl.bonusUSD += referenceValue - paidUSD
        guard engine.keepers.bots[b].spec.sellSeizedCollateral else {
            engine.keepers.bots[b].held[asset] += amount
            engine.keepers.bots[b].heldValueAtReceiptUSD += referenceValue
            return 0
        }
        let proceeds = engine.sellCollateral(asset, amount: amount, generation: generation)
        engine.keepers.bots[b].cashUSD += proceeds
        engine.keepers.bots[b].pnl.slippageUSD += referenceValue - proceeds
        return proceeds
    }

    /// Keeper `b` acquires asset `a` for `usd` of its cash to sell it on (an arbitrage leg): on the venue when
    /// it sells what it seizes (it trades on the pools), at the reference price otherwise (its market is off
    /// chain). Books the slippage against the reference value. Returns the collateral received.
    func acquireCollateral(by bot: BotID, asset: Int, usd: Double) -> Double {
        let b = bot.index
        let reference = engine.referencePrice(asset)
        let amount = engine.keepers.bots[b].spec.sellSeizedCollateral ? engine.buyCollateral(asset, usd: usd) : usd / reference
        engine.keepers.bots[b].cashUSD -= usd
        engine.keepers.bots[b].pnl.slippageUSD += usd - amount * reference
        return amount
    }

    /// What ``acquireCollateral(by:asset:usd:)`` would return now, without trading.
    func quoteAcquisition(sells: Bool, asset: Int, usd: Double) -> Double {
        sells ? engine.quoteBuy(asset, usd: usd) : usd / engine.referencePrice(asset)
    }

    /// What keeper `b` would get for `amount` of asset `a`: the sale's proceeds when it sells, the reference
    /// value when it holds, USD.
    func valuation(by b: BotID, asset a: Int, amount: Double) -> Double {
        valuation(sells: engine.keepers.bots[b.index].spec.sellSeizedCollateral, asset: a, amount: amount)
    }

    /// ``marginalValuationBound(by:asset:)`` for a keeper that sells (`sells`) or holds, without reading it.
    func marginalValuationBound(sells: Bool, asset a: Int) -> Double {
        sells ? engine.marginalSaleBoundUSD(a) : engine.referencePrice(a)
    }

    /// The best pool's spot price of asset `a` before fees, debt units (NaN without a pool): what buying
    /// a first unit there costs at most before the pool's fee.
    func poolSpot(_ a: Int) -> Double { engine.bestPoolSpot(a) }

    /// ``valuation(by:asset:amount:)`` for a keeper that sells (`sells`) or holds, without reading the keeper.
    func valuation(sells: Bool, asset a: Int, amount: Double) -> Double {
        sells ? engine.quoteSale(a, amount: amount) : amount * engine.referencePrice(a)
    }

    /// An upper bound on ``valuation(by:asset:amount:)`` per unit of `a`, USD, whatever the amount: the best
    /// pool's spot price after fee for a bot that sells, the reference price for one that holds.
    func marginalValuationBound(by b: BotID, asset a: Int) -> Double {
        marginalValuationBound(sells: engine.keepers.bots[b.index].spec.sellSeizedCollateral, asset: a)
    }

    /// Keeper `b` plans to look again at `time` (no reaction latency: it computed the moment in advance).
    func wakeKeeper(_ b: BotID, at time: Double) { engine.keepers.plan(b, at: time, now: engine.now, kernel: &engine.kernel) }

    /// Wakes every keeper that has no wake-up scheduled (after its reaction latency).
    func wakeAllKeepers() { engine.keepers.notifyAll(kernel: &engine.kernel) }

    // MARK: Transactions and gas

    var baseFeeGwei: Double { engine.chain.baseFeeGwei }
    /// USD price of the gas token.
    var gasTokenPriceUSD: Double { engine.gasTokenPriceUSD }
    /// USD cost of `gas` at the current base fee plus `tipGwei`.
    func gasCostUSD(_ gas: Int, tipGwei: Double) -> Double { engine.gasCostUSD(gas, tipGwei: tipGwei) }

    /// Sends keeper `b`'s `action` with the tip its gas strategy sets for `expectedProfitUSD`.
    func submit(_ action: Mechanism.Action, bot b: BotID, expectedProfitUSD: Double) {
        engine.submitBotAction(b, .keeper(bot: b, action: action), expectedProfitUSD: expectedProfitUSD)
    }

    /// Sends `action` for `keeper` (a copy of its state taken this wake) with priority fee `tipGwei`.
    func submit(_ action: Mechanism.Action, by keeper: LiquidatorBot, tipGwei: Double) {
        engine.submit(.keeper(bot: keeper.id, action: action), by: keeper.spec, bot: keeper.id, tip: tipGwei)
    }

    /// The most transactions keeper `b` sends in one wake: what one block can hold (gas limit / its gas per
    /// action) less what it already has in flight, and at most its own cap. More would only wait in the
    /// mempool (or, as bundles, expire) behind its earlier ones; it sends the rest once those are included.
    func actionsPerWake(_ b: BotID) -> Int {
        let bot = engine.keepers.bots[b.index]
        let blockCapacity = max(1, engine.chain.gasLimit / bot.spec.gasPerAction)
        let inFlight = bot.pendingPositions.count + bot.pendingAuctions.count
        return max(0, min(blockCapacity - inFlight, bot.spec.maxActionsPerWake ?? .max))
    }

    /// Keeper `b` has profitable work it did not send this wake: it looks again after the next block.
    func keepWorking(_ b: BotID) { engine.keepers.keepWorking(b) }

    /// Takes `usd` out of keeper `b`'s cash for a transaction about `position` it is about to send, and marks
    /// the position as in flight. Returns false (and changes nothing) when the cash is short.
    func reserve(_ usd: Double, bot b: BotID, position: PositionID) -> Bool {
        withBot(b) { me in
            guard usd <= me.cashUSD else { return false }
            me.cashUSD -= usd
            me.pendingPositions.insert(position)
            return true
        }
    }

    // MARK: Records and metrics

    /// Counts one liquidation (a fixed-spread call, an absorption, a bark or kick): the debt it took on, its
    /// generation and whether it lowered the position's health factor.
    func countLiquidation(debtUSD: Double, generation: Int, toxic: Bool) {
        engine.recorder.countLiquidation(debtUSD: debtUSD, generation: generation, toxic: toxic)
    }

    /// Adds what a backstop pool paid for an absorption (USD) to the metrics.
    func countBackstopPayment(debtUSD: Double) { engine.recorder.metrics.backstopDebtPaid += debtUSD }

    /// Adds the reference value of seized collateral (USD) to the metrics.
    func countSeizedCollateral(valueUSD: Double) { engine.recorder.metrics.seizedCollateralValue += valueUSD }

    /// Counts an auction restarted by a keeper.
    func countAuctionReset() { engine.recorder.metrics.auctionResets += 1 }

    /// Counts an auction that settled at (near) zero.
    /// An auction settled at (near) zero: its principal (debt units) and the collateral it handed over.
    func countZeroBidAuction(principal: Double, asset: Int, collateral: Double) {
        engine.recorder.metrics.auctionZeroBids += 1
        engine.recorder.metrics.zeroBidDebt += principal * debtPrice
        engine.recorder.metrics.zeroBidCollateralValue += collateral * referencePrice(asset)
    }

    /// Writes a row of `liquidations.csv` (when the run keeps them). `bot` nil: the protocol acted.
    func record(_ step: LiquidationStep, position: Int, asset: Int, debtRepaid: Double, collateralSeized: Double,
                price: Double, bot: BotID?, generation: Int, healthFactorBefore: Double = .infinity,
                healthFactorAfter: Double = .infinity, gasPaidUSD: Double) {
        guard engine.recorder.recording.liquidations else { return }
        engine.recorder.record(LiquidationRecord(
            timeSeconds: engine.now, position: position, step: step, asset: engine.market.assetNames[asset],
            debtRepaid: debtRepaid, collateralSeized: collateralSeized, price: price,
            liquidator: bot.map { engine.keepers.bots[$0.index].name } ?? "protocol", generation: generation,
            healthFactorBefore: healthFactorBefore, healthFactorAfter: healthFactorAfter, gasPaidUSD: gasPaidUSD))
    }

    // MARK: The mechanism's timer

    /// Schedules ``LiquidationMechanism/timerFired(_:)`` in `seconds` (the mechanism keeps at most one).
    func scheduleTimer(after seconds: Double) {
        engine.kernel.schedule(.mechanismTimer, after: seconds, priority: .action)
    }
}
