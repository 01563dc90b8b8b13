/// A keeper's fixed-spread liquidation call: repay at most `debt` (debt units) of `position`, seizing `asset`.
struct FixedSpreadCall: Sendable, Equatable {
    var position: PositionID
    var asset: AssetIndex
    var debt: Double
}

/// What fixed-spread liquidators do: rank the flagged positions by profit after slippage, flash fee and gas,
/// send the best (each quoted after the bot's own earlier sales of the wake, outbidding visible rivals in the
/// public mempool when the profit allows), and execute the calls at inclusion. Used by ``FixedSpreadMechanism`` and by the backstop
/// pool's fixed-spread fallback (``BackstopPoolMechanism``), so it works with any mechanism whose action is a
/// ``FixedSpreadCall``.
struct FixedSpreadKeepers {
    let rules: FixedSpreadSpec
    /// Menus shared by bots waking back to back (see ``menu(for:_:)``), dropped by ``stateMayChange()``.
    private var menus: [LiquidationMenu] = []
    /// The highest public-mempool bid in flight on each position (what rivals see), whose it is, and how many
    /// public bids are in flight on it.
    private var publicBids: [Int32: (tip: Double, bot: BotID, count: Int)] = [:]

    /// A rival outbids a visible bid by at least this factor: the 12.5% minimum raise of the priority gas
    /// auctions Daian et al. (2019, "Flash Boys 2.0") observed (the replacement rule of the clients of the time).
    static let outbidFactor = 1.125

    init(rules: FixedSpreadSpec) { self.rules = rules }

    mutating func stateMayChange() { menus.removeAll(keepingCapacity: true) }

    /// Whether bots with `spec` share a menu built since the last ``stateMayChange()``.
    func hasMenu(for spec: LiquidatorSpec) -> Bool { menus.contains { $0.spec == spec } }

    /// What became of one offer a wake tried to send.
    private enum Sent { case sent, notSent, doesNotClear }

    /// Keeper `b` sends its most profitable liquidations first, among the offers whose sale proceeds after
    /// slippage, flash fee and gas clear its threshold, up to what one block holds
    /// (``MechanismContext/actionsPerWake(_:)``); with more left it looks again after the next block.
    ///
    /// - Sequential quoting: the second and later liquidations of a wake are re-quoted against the pools as
    ///   the bot's own earlier sales of the wake leave them, re-sized to what those pools now pay best (as the
    ///   first quote sized them, ``quote(_:menu:rules:lending:venues:prices:debtPrice:)``), and dropped when
    ///   they no longer clear. The first that no longer clears ends the wake's work on its collateral asset:
    ///   a re-sized quote earns G(X), the best gross over the pools of a repayment of at most X (the most the
    ///   position may repay), which does not decrease with X before or after the sales, so the offers after it
    ///   on the list (lower profit before the sales: no larger X, or the same best) would not clear either.
    /// - Public mempool: the bot first takes the targets on which it sees no rival bid, so bots spread over a
    ///   backlog instead of racing for its top. With block space left it then races for contested targets:
    ///   it outbids the highest visible bid by ``outbidFactor`` when its expected profit, with m rivals on the
    ///   position, (profit after the higher tip)/(m + 1) − m/(m + 1)·(its revert gas), still clears its
    ///   threshold. Bundles are invisible to rivals: a bundle bot sends its best targets, and losing costs it
    ///   nothing.
    mutating func wake<M: LiquidationMechanism>(_ b: BotID, _ ctx: MechanismContext<M>) where M.Action == FixedSpreadCall {
        let bot = ctx[bot: b]
        let menu = menu(for: bot, ctx)
        let capacity = ctx.actionsPerWake(b)
        let isPublic = bot.spec.channel == .publicMempool
        let tipCap = max(0, bot.spec.maxFeeGwei - menu.baseFeeGwei)
        let revertUSDPerGwei = Double(bot.spec.revertGas) * 1e-9 * menu.gasTokenUSD
        // Read once for the wake's quotes (a wake changes none of them: it only sends transactions).
        let quoteRules = rules, prices = ctx.oraclePrices, debtPrice = ctx.debtPrice
        // The pools after this wake's own sales, copied at the first sale.
        var venues: [Venue]?
        var sent = 0

        /// Sends `c` at its profit and tip re-quoted after this wake's earlier sales; `rivals`: visible rival
        /// bids to outbid (0 on the first pass). Returns whether it was sent.
        func send(_ offer: LiquidationOffer, rivals: Int) -> Sent {
            // Outbidding a visible bid costs at least its tip × outbidFactor, whatever the re-quote says.
            if rivals > 0, let rival = publicBids[Int32(offer.position)], rival.tip * Self.outbidFactor > tipCap { return .notSent }
            var c = offer
            if let v = venues, bot.spec.sellSeizedCollateral {
                guard let q = ctx.readLending({
                    Self.quote(c.position, menu: menu, rules: quoteRules, lending: $0, venues: v, prices: prices, debtPrice: debtPrice)
                }), q.profit >= bot.spec.minProfitUSD else { return .doesNotClear }
                c = q
            }
            var profit = c.profit, tip = c.tip
            if rivals > 0, let rival = publicBids[Int32(c.position)] {
                let raised = max(tip, rival.tip * Self.outbidFactor)
                guard raised <= tipCap else { return .notSent }
                profit -= menu.gasUSDPerGwei * (raised - tip)
                tip = raised
                let m = Double(rivals)
                let expected = profit / (m + 1) - m / (m + 1) * revertUSDPerGwei * (menu.baseFeeGwei + tip)
                guard expected >= bot.spec.minProfitUSD else { return .notSent }
            }
            guard ctx.reserve(c.cost, bot: b, position: PositionID(c.position)) else { return .notSent }
            if bot.spec.sellSeizedCollateral && c.collateral > 0 {
                if venues == nil { venues = ctx.venues }
                _ = try? venues![c.asset].swapExactInBestPool(c.collateral, .sellCollateral)
            }
            if isPublic {
                // One more bid in flight; the highest stays the visible one.
                let key = Int32(c.position)
                if let top = publicBids[key] {
                    publicBids[key] = top.tip < tip ? (tip, b, top.count + 1) : (top.tip, top.bot, top.count + 1)
                } else {
                    publicBids[key] = (tip, b, 1)
                }
            }
            ctx.submit(FixedSpreadCall(position: PositionID(c.position), asset: AssetIndex(c.asset), debt: c.debt), by: bot, tipGwei: tip)
            return .sent
        }

        // Collateral assets whose re-sized re-quote no longer cleared (bit a; a book of more than 64 assets
        // re-quotes the rest of its list instead of stopping).
        var closedAssets: UInt64 = 0
        var i = 0
        walk: while let c = offer(menu, at: i, ctx) {
            i += 1
            // The menu is sorted by (profit desc, position asc) before these per-bot filters, as filtering
            // first and sorting after would give the same list in the same order.
            guard c.cost <= ctx[bot: b].cashUSD, !bot.pendingPositions.contains(PositionID(c.position)) else { continue }
            guard sent < capacity else {
                ctx.keepWorking(b)
                break
            }
            // Offers released before a rival's bid on them appeared (same instant, shared menu) are races too.
            if isPublic, publicBids[Int32(c.position)] != nil { continue }
            let bit: UInt64 = c.asset < 64 ? 1 << UInt64(c.asset) : 0
            if closedAssets & bit != 0 { continue }
            switch send(c, rivals: 0) {
            case .sent: sent += 1
            case .notSent: break
            case .doesNotClear:
                // The offers left are no better on this asset (see above): stop once every asset is closed.
                closedAssets |= bit
                if bit != 0, closedAssets.nonzeroBitCount == min(ctx.lending.assets.count, 64) { break walk }
            }
        }
        if sent == 0 && menu.exhausted && menu.offers.isEmpty {
            // Nothing pays now: the bot looks again once the base fee is below the break-even of the most any
            // flagged position could gross.
            let threshold = menu.breakEvenBaseFee(gross: bestGross(menu, ctx))
            ctx.withBot(b) { $0.watchBaseFeeBelow = threshold }
        }
        guard isPublic, sent < capacity, !publicBids.isEmpty else { return }
        // Block space left and no uncontested target: race for the contested ones, most profitable first.
        let pools = ctx.venues
        var contested: [LiquidationOffer] = []
        for (p, bid) in publicBids where bid.bot != b && !bot.pendingPositions.contains(PositionID(Int(p))) {
            // Quoted once per menu: the quote depends only on the state and the spec, not on who asks.
            let quoted: LiquidationOffer?
            if let known = menu.contested[p] {
                quoted = known
            } else {
                quoted = ctx.readLending {
                    Self.quote(Int(p), menu: menu, rules: quoteRules, lending: $0, venues: pools, prices: prices, debtPrice: debtPrice)
                }
                menu.contested[p] = quoted
            }
            guard let o = quoted, o.profit >= bot.spec.minProfitUSD else { continue }
            contested.append(o)
        }
        contested.sort { $0.profit != $1.profit ? $0.profit > $1.profit : $0.position < $1.position }
        for c in contested {
            guard sent < capacity else { break }
            guard c.cost <= ctx[bot: b].cashUSD else { continue }
            if send(c, rivals: publicBids[Int32(c.position)]?.count ?? 0) == .sent { sent += 1 }
        }
    }

    /// The menu of every flagged position a bot with `bot.spec` would find profitable now, most profitable
    /// first (ties by position), before its own filters (positions it has in flight, cash); built lazily by
    /// ``offer(_:at:_:)``.
    ///
    /// The menu depends only on the state (prices, pools, base fee, the book and the index) and the bot's spec, so
    /// bots of one class that wake one after another with nothing else happening in between (the usual case: ten
    /// bots reacting to one oracle post within seconds) share it. The engine calls ``stateMayChange()`` before any
    /// event that is not a bot wake; a bot wake changes nothing the menu reads (it only sends transactions).
    mutating func menu<M: LiquidationMechanism>(for bot: LiquidatorBot, _ ctx: MechanismContext<M>) -> LiquidationMenu {
        if let cached = menus.first(where: { $0.spec == bot.spec }) { return cached }
        let referencePrices = ctx.referencePrices
        let gasToken = ctx.gasTokenPriceUSD
        let menu = LiquidationMenu(spec: bot.spec, flashLoanFee: bot.flashLoanFee,
                                   grossBound: grossBound(bot, referencePrices: referencePrices, ctx),
                                   gasUSDPerGwei: Double(bot.spec.gasPerAction) * 1e-9 * gasToken,
                                   baseFeeGwei: ctx.baseFeeGwei, gasTokenUSD: gasToken,
                                   referencePrices: referencePrices)
        ctx.lending.startWalk(&menu.walk, repay: repayBound(ctx))
        menus.append(menu)
        return menu
    }

    /// The largest gross (before gas) of liquidating any flagged position without a visible rival bid, for a
    /// `menu` none of whose offers clears the threshold: the best rejected quote, and the walk carried on past
    /// the threshold, quoting, until its bound, less rounding, is no higher (positions that could beat the best
    /// only by rounding, 1e-9 relative, are not quoted: where the pool is at its break-even, every position
    /// large enough to be chunked grosses the same), or until it is at or below the gross no base fee is low
    /// enough for (``LiquidationMenu/grossAtZeroBaseFee``: below that, every gross makes the keeper wait for a
    /// price move). Exact to that rounding where it matters, so a priced-out keeper's wait does not depend on
    /// how tight the walk's bound is (which index the book keeps, which key it walks by). Found once per menu.
    func bestGross<M: LiquidationMechanism>(_ menu: LiquidationMenu, _ ctx: MechanismContext<M>) -> Double {
        if let known = menu.bestGross { return known }
        let hidesVisibleBids = menu.spec.channel == .publicMempool
        let rules = rules, venues = ctx.venues, prices = ctx.oraclePrices, debtPrice = ctx.debtPrice, bids = publicBids
        let floor = menu.grossAtZeroBaseFee
        let gross = ctx.readLending { lending in
            var best = menu.bestRejectedGross
            while let size = lending.peekWalk(&menu.walk), menu.grossBound.maxGrossLessRounding(size: size) > max(best, floor),
                  let p = lending.nextInWalk(&menu.walk) {
                if hidesVisibleBids, bids[Int32(p)] != nil { continue }
                guard let o = Self.quote(p, menu: menu, rules: rules, lending: lending, venues: venues, prices: prices,
                                         debtPrice: debtPrice) else { continue }
                best = max(best, o.profit + menu.gasUSDPerGwei * (menu.baseFeeGwei + o.tip))
            }
            return best
        }
        menu.bestGross = gross
        return gross
    }

    /// What bounds the gross (before gas) a bot can make from liquidating one position, as a function of the
    /// position's size key: see ``GrossProfitBound``.
    func grossBound<M: LiquidationMechanism>(_ bot: LiquidatorBot, referencePrices: [Double], _ ctx: MechanismContext<M>,
                                             venues given: [Venue]? = nil) -> GrossProfitBound {
        let prices = ctx.oraclePrices
        let pd = prices.debt
        let lending = ctx.lending
        let venues = given ?? ctx.venues
        let debtPrice = ctx.debtPrice
        var terms: [GrossProfitBound.Term] = []
        for a in lending.assets.indices {
            let kept = Self.keptPerDebt(asset: a, rules: rules, lending: lending, prices: prices)
            if bot.spec.sellSeizedCollateral {
                for pool in venues[a].pools {
                    let (rIn, rOut) = pool.reserves(for: .sellCollateral)
                    terms.append(.pool(inputPerDebt: kept * (1 - pool.fee), reserveIn: rIn, outputValue: rOut * debtPrice))
                }
            } else {
                terms.append(.hold(valuePerDebt: kept * referencePrices[a]))
            }
        }
        // Walk keys are repay bounds (the price index, ``repayBound(_:)``) or size keys: debt, or (one collateral
        // asset) collateral, of which at most c·p_c/(p_debt·(1 + i)) can be repaid.
        let repaidPerSize = lending.assets.count == 1 && !lending.usesPriceIndex
            ? prices.collateral[0] / (pd * (1 + lending.assets[0].liquidationBonus)) * (1 + 1e-12) : 1
        return GrossProfitBound(terms: terms, costPerDebt: pd * (1 + bot.flashLoanFee), repaidPerSize: repaidPerSize)
    }

    /// What bounds the debt one liquidation repays under these rules, for the price index's walk (nil for a
    /// multi-collateral book, whose walk goes by size key): see ``RepayBound``.
    func repayBound<M: LiquidationMechanism>(_ ctx: MechanismContext<M>) -> RepayBound? {
        let lending = ctx.lending
        guard lending.usesPriceIndex else { return nil }
        return RepayBound(rules: rules, asset: lending.assets[0], prices: ctx.oraclePrices)
    }

    /// Offer `i` of `menu` (0 = most profitable), or `nil` past the last one.
    ///
    /// Walks the flagged positions from the largest size down (``PositionBook/sizeKey(_:)``),
    /// quoting each exactly, and releases a quoted offer once its profit beats the bound of every position
    /// not yet quoted: the bound (``LiquidationMenu/profitBound(size:)``) does not decrease with size, and the
    /// next position in the walk has the largest size left. The walk stops for good once that bound is below the bot's
    /// threshold, so a wave of bots quotes the positions that can matter, not the whole liquidatable backlog;
    /// the offers come out in exactly the order sorting every quote would give.
    func offer<M: LiquidationMechanism>(_ menu: LiquidationMenu, at i: Int, _ ctx: MechanismContext<M>) -> LiquidationOffer? {
        if i < menu.offers.count { return menu.offers[i] }
        if menu.exhausted { return nil }
        let hidesVisibleBids = menu.spec.channel == .publicMempool
        let want = max(i + 1, menu.offers.count + 8)
        // Local copies: reading the engine's values once, not once per candidate.
        let lending = ctx.lending
        let venues = ctx.venues
        let prices = ctx.oraclePrices
        let debtPrice = ctx.debtPrice
        let spec = menu.spec
        while menu.offers.count < want {
            var bound = -Double.infinity
            if let size = lending.peekWalk(&menu.walk) {
                let u = menu.profitBound(size: size)
                if u >= spec.minProfitUSD { bound = u }
            }
            if let top = menu.popQuoted(ifAbove: bound) {
                menu.offers.append(top)
                continue
            }
            guard bound > -.infinity, let p = lending.nextInWalk(&menu.walk) else {
                menu.exhausted = true
                break
            }
            _invariant(lending.isFlagged(p), "Position \(p) is in the size order but not flagged")
            // A position with a visible public bid in flight is a race, not an offer: public bots look at those
            // only when the uncontested offers are used up (``wake(_:_:)``), so it is not quoted here.
            if hidesVisibleBids, publicBids[Int32(p)] != nil { continue }
            guard let o = Self.quote(p, menu: menu, rules: rules, lending: lending, venues: venues, prices: prices, debtPrice: debtPrice) else { continue }
            _invariant(o.profit <= bound, "Position \(p) earns \(o.profit) USD, above the walk's bound \(bound)")
            guard o.profit >= spec.minProfitUSD else {
                menu.bestRejectedGross = max(menu.bestRejectedGross, o.profit + menu.gasUSDPerGwei * (menu.baseFeeGwei + o.tip))
                continue
            }
            menu.pushQuoted(o)
        }
        return i < menu.offers.count ? menu.offers[i] : nil
    }

    /// The offer of liquidating `p` now for a bot with `menu`'s spec (its profit may be below the threshold), or
    /// nil when `p` is not liquidatable.
    ///
    /// A selling bot chooses how much debt to cover (Aave's `debtToCover` may be anything up to the close
    /// factor): the repayment x that maximises the sale's gross h(x) = V·u·x/(R_in + u·x) − C·x in the best
    /// pool, x* = (√(V·u·R_in/C) − R_in)/u (``GrossProfitBound``), when x* is below the most it may repay. A
    /// position too large for the pool is then liquidated in pool-sized chunks, as searchers do, instead of
    /// at a loss or not at all.
    static func quote(_ p: Int, menu: LiquidationMenu, rules: FixedSpreadSpec, lending: LendingProtocol, venues: [Venue],
                      prices: OraclePrices, debtPrice: Double) -> LiquidationOffer? {
        guard var q = lending.quoteFixedSpreadLeavingNoDust(p, spec: rules, prices: prices) else { return nil }
        if menu.spec.sellSeizedCollateral, q.debtRepaid > 0 {
            let kept = keptPerDebt(asset: q.asset, rules: rules, lending: lending, prices: prices)
            let c = prices.debt * (1 + menu.flashLoanFee)
            let best = GrossProfitBound.bestAmount(pools: venues[q.asset].pools, inputPerUnit: kept, debtPrice: debtPrice, outputShare: 1,
                                                   costPerUnit: c, cap: q.debtRepaid) ?? q.debtRepaid
            if best < q.debtRepaid * (1 - 1e-9), best > 0,
               let chunk = lending.quoteFixedSpreadLeavingNoDust(p, asset: q.asset, atMost: best, spec: rules, prices: prices) {
                q = chunk
            }
        }
        let collateral = q.collateralSeized - q.protocolFeeCollateral
        let proceeds = menu.spec.sellSeizedCollateral
            ? saleProceeds(collateral, asset: q.asset, venues: venues, debtPrice: debtPrice)
            : collateral * menu.referencePrices[q.asset]
        let cost = q.debtRepaid * prices.debt
        let (profit, tip) = menu.afterGas(gross: proceeds - cost * (1 + menu.flashLoanFee))
        return LiquidationOffer(profit: profit, position: p, asset: q.asset, debt: q.debtRepaid, cost: cost, tip: tip, collateral: collateral)
    }

    /// Collateral of asset `a` a liquidator keeps per unit of debt repaid, asset units: p_debt/p_a·(1 + i), less
    /// the protocol's share of the bonus.
    static func keptPerDebt(asset a: Int, rules: FixedSpreadSpec, lending: LendingProtocol, prices: OraclePrices) -> Double {
        let bonus = 1 + lending.assets[a].liquidationBonus
        return prices.debt / prices.collateral[a] * bonus * (1 - rules.protocolFeeShare * (1 - 1 / bonus))
    }

    /// What selling `collateral` of asset `a` in its best pool of `venues` pays, USD (0 for nothing to sell).
    static func saleProceeds(_ collateral: Double, asset a: Int, venues: [Venue], debtPrice: Double) -> Double {
        collateral > 0 ? (venues[a].bestQuoteExactIn(collateral, .sellCollateral).map { $0.quote.amountOut * debtPrice } ?? 0) : 0
    }

    /// Executes a fixed-spread liquidation under `rules` at inclusion; reverts when the position is no longer
    /// liquidatable (another bot got there first, or prices moved), and, atomically, when the bot's contract
    /// would not make its minimum profit: a flash-loan call whose sale proceeds are below the repayment plus
    /// the flash fee plus `min_profit_usd`, or a bundle whose value after its gas and builder payment
    /// (`gasUSD`) is below `min_profit_usd`.
    mutating func execute<M: LiquidationMechanism>(_ call: FixedSpreadCall, bot b: BotID, gasUSD: Double,
                                                   _ ctx: MechanismContext<M>) -> Bool {
        let p = call.position.index
        // Once one of the position's bids runs, the race is settled in this block: rivals see it in the next.
        publicBids[call.position.raw] = nil
        let prices = ctx.oraclePrices
        let reserved = call.debt * prices.debt
        ctx.withBot(b) { $0.removePending(position: call.position) }
        guard ctx.isLiquidatable(p),
              Self.clearsMinimumProfit(call, rules: rules, bot: b, gasUSD: gasUSD, ctx) else {
            ctx.withBot(b) { $0.cashUSD += reserved }
            return false
        }
        let g = ctx.generationOf(p)
        guard let r = ctx.withLending({ $0.liquidateFixedSpread(p, asset: call.asset.index, requestedDebt: call.debt, spec: rules, prices: prices) }) else {
            ctx.withBot(b) { $0.cashUSD += reserved }
            return false
        }
        let cost = r.debtRepaid * prices.debt
        ctx.withBot(b) { $0.cashUSD += reserved - cost }
        let seizedValueUSD = r.collateralSeized * ctx.referencePrice(r.asset)
        let proceeds = ctx.deliverCollateral(to: b, asset: r.asset, amount: r.collateralToLiquidator, paidUSD: cost, generation: g)
        ctx.withBot(b) {
            $0.profitUSD += proceeds - cost * (1 + $0.flashLoanFee)
            $0.pnl.flashFeesUSD += cost * $0.flashLoanFee
        }
        ctx.countLiquidation(debtUSD: cost, generation: g, toxic: r.healthFactorAfter < r.healthFactorBefore)
        ctx.countSeizedCollateral(valueUSD: seizedValueUSD)
        // The oracle price after the sale (an AMM-reading oracle may have moved with it).
        ctx.record(.fixedSpread, position: p, asset: r.asset, debtRepaid: r.debtRepaid, collateralSeized: r.collateralSeized,
                   price: ctx.oraclePrices.collateral[r.asset], bot: b, generation: g,
                   healthFactorBefore: r.healthFactorBefore, healthFactorAfter: r.healthFactorAfter, gasPaidUSD: gasUSD)
        ctx.checkConservation()
        return true
    }

    /// A call that never ran (an expired bundle): the position is no longer in flight, the cash comes back.
    static func withdrawn<M: LiquidationMechanism>(_ call: FixedSpreadCall, bot b: BotID, _ ctx: MechanismContext<M>) {
        let reserved = call.debt * ctx.oraclePrices.debt
        ctx.withBot(b) {
            $0.removePending(position: call.position)
            $0.cashUSD += reserved
        }
    }

    /// Whether the call clears the bot's minimum profit at execution, as its contract checks before it
    /// commits: always true for a public call with inventory capital (nothing is atomic there).
    static func clearsMinimumProfit<M: LiquidationMechanism>(_ call: FixedSpreadCall, rules: FixedSpreadSpec, bot b: BotID,
                                                             gasUSD: Double, _ ctx: MechanismContext<M>) -> Bool {
        let spec = ctx[bot: b].spec
        let fee = ctx[bot: b].flashLoanFee
        let bundle = spec.channel == .privateBundle
        guard spec.checksProfitAtExecution else { return true }
        let prices = ctx.oraclePrices
        guard let q = ctx.readLending({ $0.quoteFixedSpread(call.position.index, asset: call.asset.index, requestedDebt: call.debt,
                                                            spec: rules, prices: prices) }) else { return false }
        let value = ctx.valuation(by: b, asset: q.asset, amount: q.collateralSeized - q.protocolFeeCollateral)
        let required = q.debtRepaid * prices.debt * (1 + fee) + spec.minProfitUSD + (bundle ? gasUSD : 0)
        return value >= required
    }

}

/// The fixed-spread mechanism (Aave v3, Compound): keepers liquidate flagged positions directly.
final class FixedSpreadMechanism: LiquidationMechanism {
    let rules: FixedSpreadSpec
    private var keepers: FixedSpreadKeepers

    init(rules: FixedSpreadSpec) {
        self.rules = rules
        keepers = FixedSpreadKeepers(rules: rules)
    }

    func keeperWakes(_ bot: BotID, _ ctx: MechanismContext<FixedSpreadMechanism>) { keepers.wake(bot, ctx) }

    /// Keepers rank the flagged positions themselves: the engine needs only whether any became liquidatable.
    var listsNewlyLiquidatable: Bool { false }

    func execute(_ action: FixedSpreadCall, bot: BotID, gasUSD: Double, _ ctx: MechanismContext<FixedSpreadMechanism>) -> Bool {
        keepers.execute(action, bot: bot, gasUSD: gasUSD, ctx)
    }

    func stateMayChange() { keepers.stateMayChange() }

    func withdrawn(_ action: FixedSpreadCall, bot: BotID, _ ctx: MechanismContext<FixedSpreadMechanism>) {
        FixedSpreadKeepers.withdrawn(action, bot: bot, ctx)
    }

    /// The keepers' menu for `bot` and its offers (for tests comparing the lazy menu with quoting everything).
    func menu(for bot: LiquidatorBot, _ ctx: MechanismContext<FixedSpreadMechanism>) -> LiquidationMenu { keepers.menu(for: bot, ctx) }
    func offer(_ menu: LiquidationMenu, at i: Int, _ ctx: MechanismContext<FixedSpreadMechanism>) -> LiquidationOffer? { keepers.offer(menu, at: i, ctx) }
    func bestGross(_ menu: LiquidationMenu, _ ctx: MechanismContext<FixedSpreadMechanism>) -> Double { keepers.bestGross(menu, ctx) }
}

extension LiquidationStep {
    /// A fixed-spread liquidation call.
    public static let fixedSpread = LiquidationStep("fixed-spread", of: .fixedSpread)
}
