import Foundation
import SimKernel
import Stochastic

extension Simulation {
    /// The fixed-spread rules bots liquidate under: the mechanism's, or the backstop pool's fallback.
    var fixedSpreadRules: FixedSpreadSpec? {
        switch spec.protocolSpec.liquidation {
        case .fixedSpread(let s): return s
        case .backstopPool(let b):
            if case .fixedSpread(let s) = b.fallback { return s }
            return nil
        case .dutchAuction, .englishAuction: return nil
        }
    }

    /// Tells the bots that watch oracle posts that something became liquidatable.
    func notifyBots() {
        for b in bots.indices where !bots[b].wakeScheduled {
            guard case .oraclePosts = bots[b].spec.monitoring else { continue }
            scheduleBot(b)
        }
    }

    func scheduleBot(_ b: Int) {
        let delay = max(0, bots[b].spec.reactionLatency.sample(bots[b].stream))
        bots[b].wakeScheduled = true
        kernel.schedule(.botWake(bot: Int32(b)), after: delay, priority: .action)
    }

    /// A bot looks at the protocol and sends what it finds profitable.
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
        if let rules = fixedSpreadRules { sendLiquidations(b, rules: rules) }
        if dutch != nil { actOnDutchAuctions(b) }
        if english != nil { actOnEnglishAuctions(b) }
    }

    /// Fixed spread: quote every liquidatable position, keep those whose sale proceeds after slippage, flash
    /// fee and gas clear the bot's threshold, and send the most profitable first.
    func sendLiquidations(_ b: Int, rules: FixedSpreadSpec) {
        let bot = bots[b]
        let menu = liquidationMenu(for: bot, rules: rules)
        var sent = 0
        for c in menu where sent < bot.spec.maxActionsPerWake {
            // The menu is sorted by (profit desc, position asc) before these per-bot filters, as filtering
            // first and sorting after would give the same list in the same order.
            guard c.cost <= bot.cashUSD, !bot.pendingPositions.contains(Int32(c.position)) else { continue }
            sent += 1
            guard c.cost <= bots[b].cashUSD else { continue }
            bots[b].cashUSD -= c.cost
            bots[b].pendingPositions.append(Int32(c.position))
            submit(gas: bot.spec.gasPerAction, tip: c.tip, maxFee: bot.spec.maxFeeGwei,
                   payload: .liquidate(bot: Int32(b), position: Int32(c.position), asset: Int32(c.asset), debt: c.debt))
        }
    }

    /// Every live candidate a bot with `bot.spec` would find profitable now, most profitable first (ties by
    /// position), before its own filters (positions it has in flight, cash).
    ///
    /// The menu depends only on the state (prices, pools, base fee, the book and the index) and the bot's spec, so
    /// bots of one class that wake one after another with nothing else happening in between (the usual case: ten
    /// bots reacting to one oracle post within seconds) share it. `run()` drops the menus before any event that
    /// is not a bot wake; a bot wake changes nothing the menu reads (it only sends transactions).
    func liquidationMenu(for bot: LiquidatorBot, rules: FixedSpreadSpec) -> [LiquidationOffer] {
        if let cached = liquidationMenus.first(where: { $0.spec == bot.spec }) { return cached.offers }
        pruneCandidates()
        let base = network.baseFeeGwei
        let gasTokenUSD = gasTokenPriceUSD
        let gasUSDPerGwei = Double(bot.spec.gasPerAction) * 1e-9 * gasTokenUSD
        let flashFee = bot.flashLoanFee
        let sells = bot.spec.sellSeizedCollateral
        // Local copies: calling methods on a struct stored in this class would otherwise copy it (and retain
        // every array it holds) once per candidate.
        let lending = self.lending
        let venues = self.venues
        let prices = oraclePrices
        let referencePrices = reference.map { $0.price() }
        var offers: [LiquidationOffer] = []
        for p32 in candidates {
            let p = Int(p32)
            guard let q = lending.quoteFixedSpread(p, spec: rules, prices: prices) else { continue }
            let collateral = q.collateralSeized - q.protocolFeeCollateral
            let proceeds: Double
            if sells {
                proceeds = collateral > 0 ? (venues[q.asset].bestQuoteExactIn(collateral, .sellCollateral).map { $0.quote.amountOut * debtPrice } ?? 0) : 0
            } else {
                proceeds = collateral * referencePrices[q.asset]
            }
            let cost = q.debtRepaid * prices.debt
            let gross = proceeds - cost * (1 + flashFee)
            let tip = bot.tipGwei(expectedProfitUSD: gross, baseFeeGwei: base, gasTokenUSD: gasTokenUSD)
            let profit = gross - gasUSDPerGwei * (base + tip)
            guard profit >= bot.spec.minProfitUSD else { continue }
            offers.append(LiquidationOffer(profit: profit, position: p, asset: q.asset, debt: q.debtRepaid, cost: cost, tip: tip))
        }
        offers.sort { $0.profit != $1.profit ? $0.profit > $1.profit : $0.position < $1.position }
        liquidationMenus.append(LiquidationMenuCache(spec: bot.spec, offers: offers))
        return offers
    }

    /// Executes a fixed-spread liquidation at inclusion; reverts when the position is no longer
    /// liquidatable (another bot got there first, or prices moved).
    func executeLiquidation(bot b: Int, position p: Int, asset: Int, debt: Double, gasUSD: Double) -> Bool {
        removePending(b, position: p)
        let reserved = debt * oraclePrices.debt
        guard let rules = fixedSpreadRules, lending.isLiquidatable(p, prices: oraclePrices) else {
            bots[b].cashUSD += reserved
            return false
        }
        let g = generationOf(p)
        guard let r = lending.liquidateFixedSpread(p, asset: asset, requestedDebt: debt, spec: rules, prices: oraclePrices) else {
            bots[b].cashUSD += reserved
            return false
        }
        let cost = r.debtRepaid * oraclePrices.debt
        bots[b].cashUSD += reserved - cost
        let received = r.collateralToLiquidator
        let valueAtReference = r.collateralSeized * reference[r.asset].price()
        var proceeds = 0.0
        if bots[b].spec.sellSeizedCollateral {
            proceeds = sellCollateral(r.asset, amount: received, generation: g)
            bots[b].cashUSD += proceeds
        } else {
            bots[b].held[r.asset] += received
        }
        bots[b].profitUSD += proceeds - cost * (1 + bots[b].flashLoanFee)
        metrics.liquidations += 1
        metrics.liquidatedDebt += cost
        metrics.seizedCollateralValue += valueAtReference
        metrics.realizedBadDebt += r.badDebtWrittenOff * oraclePrices.debt
        addGenerationDebt(g, cost)
        if r.healthFactorAfter < r.healthFactorBefore { metrics.toxicLiquidations += 1 }
        noteGeneration(g)
        record(LiquidationRecord(timeSeconds: now, position: p, mechanism: "fixed-spread", asset: assetNames[r.asset],
                                 debtRepaid: r.debtRepaid, collateralSeized: r.collateralSeized,
                                 price: oraclePrices.collateral[r.asset], liquidator: bots[b].name, generation: g,
                                 healthFactorBefore: r.healthFactorBefore, healthFactorAfter: r.healthFactorAfter, gasPaidUSD: gasUSD))
        checkConservation()
        return true
    }

    func removePending(_ b: Int, position p: Int) {
        if let i = bots[b].pendingPositions.firstIndex(of: Int32(p)) { bots[b].pendingPositions.remove(at: i) }
    }

    func removePending(_ b: Int, auction id: Int) {
        if let i = bots[b].pendingAuctions.firstIndex(of: Int32(id)) { bots[b].pendingAuctions.remove(at: i) }
    }
}

/// One liquidation a bot could send, as ``Simulation/liquidationMenu(for:rules:)`` lists it.
struct LiquidationOffer {
    var profit: Double
    var position: Int
    var asset: Int
    var debt: Double
    var cost: Double
    var tip: Double
}

/// The menu bots of one spec share until the next event that is not a bot wake.
struct LiquidationMenuCache {
    let spec: LiquidatorSpec
    let offers: [LiquidationOffer]
}
