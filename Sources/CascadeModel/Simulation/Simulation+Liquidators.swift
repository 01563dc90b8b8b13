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

    /// Fixed spread: the bot sends its most profitable liquidations first, as many as it may per wake, among
    /// the offers whose sale proceeds after slippage, flash fee and gas clear its threshold.
    func sendLiquidations(_ b: Int, rules: FixedSpreadSpec) {
        let bot = bots[b]
        let menu = liquidationMenu(for: bot, rules: rules)
        var sent = 0
        var i = 0
        while sent < bot.spec.maxActionsPerWake, let c = offer(menu, at: i, rules: rules) {
            i += 1
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

    /// The menu of every live candidate a bot with `bot.spec` would find profitable now, most profitable first
    /// (ties by position), before its own filters (positions it has in flight, cash); built lazily by
    /// ``offer(_:at:rules:)``.
    ///
    /// The menu depends only on the state (prices, pools, base fee, the book and the index) and the bot's spec, so
    /// bots of one class that wake one after another with nothing else happening in between (the usual case: ten
    /// bots reacting to one oracle post within seconds) share it. `run()` drops the menus before any event that
    /// is not a bot wake; a bot wake changes nothing the menu reads (it only sends transactions).
    func liquidationMenu(for bot: LiquidatorBot, rules: FixedSpreadSpec) -> LiquidationMenu {
        if let cached = liquidationMenus.first(where: { $0.spec == bot.spec }) { return cached }
        pruneCandidates()
        let referencePrices = reference.map { $0.price() }
        let menu = LiquidationMenu(spec: bot.spec, flashLoanFee: bot.flashLoanFee,
                                   grossBound: grossBound(bot, rules: rules, referencePrices: referencePrices),
                                   gasUSDPerGwei: Double(bot.spec.gasPerAction) * 1e-9 * gasTokenPriceUSD,
                                   baseFeeGwei: network.baseFeeGwei, gasTokenUSD: gasTokenPriceUSD,
                                   referencePrices: referencePrices)
        menu.walk.start(lending.index.flaggedBySize)
        liquidationMenus.append(menu)
        return menu
    }

    /// What bounds the gross (before gas) a bot can make from liquidating one position, as a function of the
    /// position's size key: see ``GrossProfitBound``.
    func grossBound(_ bot: LiquidatorBot, rules: FixedSpreadSpec, referencePrices: [Double]) -> GrossProfitBound {
        let pd = oraclePrices.debt
        var terms: [GrossProfitBound.Term] = []
        for a in lending.assets.indices {
            let bonus = 1 + lending.assets[a].liquidationBonus
            // Collateral the bot keeps per unit of debt repaid, asset units.
            let kept = pd / oraclePrices.collateral[a] * bonus * (1 - rules.protocolFeeShare * (1 - 1 / bonus))
            if bot.spec.sellSeizedCollateral {
                for pool in venues[a].pools {
                    let (rIn, rOut) = pool.reserves(for: .sellCollateral)
                    terms.append(.pool(inputPerDebt: kept * (1 - pool.fee), reserveIn: rIn, outputValue: rOut * debtPrice))
                }
            } else {
                terms.append(.hold(valuePerDebt: kept * referencePrices[a]))
            }
        }
        // Size keys are debt, or (one collateral asset) collateral, of which at most c·p_c/(p_debt·(1 + i))
        // can be repaid.
        let repaidPerSize = lending.assets.count == 1
            ? oraclePrices.collateral[0] / (pd * (1 + lending.assets[0].liquidationBonus)) * (1 + 1e-12) : 1
        return GrossProfitBound(terms: terms, costPerDebt: pd * (1 + bot.flashLoanFee), repaidPerSize: repaidPerSize)
    }

    /// Offer `i` of `menu` (0 = most profitable), or `nil` past the last one.
    ///
    /// Walks the flagged positions from the largest size down (``LiquidationIndex/sizeKey(_:book:)``),
    /// quoting each exactly, and releases a quoted offer once its profit beats the bound of every position
    /// not yet quoted: the bound (``LiquidationMenu/profitBound(size:)``) does not decrease with size, and the
    /// next position in the walk has the largest size left. The walk stops for good once that bound is below the bot's
    /// threshold, so a wave of bots quotes the positions that can matter, not the whole liquidatable backlog;
    /// the offers come out in exactly the order sorting every quote would give.
    func offer(_ menu: LiquidationMenu, at i: Int, rules: FixedSpreadSpec) -> LiquidationOffer? {
        if i < menu.offers.count { return menu.offers[i] }
        if menu.exhausted { return nil }
        let want = max(i + 1, menu.offers.count + 8)
        // Local copies: calling methods on a struct stored in this class would otherwise copy it (and retain
        // every array it holds) once per candidate.
        let lending = self.lending
        let heap = lending.index.flaggedBySize
        let venues = self.venues
        let prices = oraclePrices
        let spec = menu.spec
        while menu.offers.count < want {
            var bound = -Double.infinity
            if let size = menu.walk.peekKey(heap) {
                let u = menu.profitBound(size: size)
                if u >= spec.minProfitUSD { bound = u }
            }
            if let top = menu.popQuoted(ifAbove: bound) {
                menu.offers.append(top)
                continue
            }
            guard bound > -.infinity, let p = menu.walk.next(heap) else {
                menu.exhausted = true
                break
            }
            assert(lending.index.isFlagged(p), "Position \(p) is in the size order but not flagged")
            assert(heap.key(of: p) == LiquidationIndex.sizeKey(p, book: lending.book), "The size order holds a stale key for position \(p)")
            guard let q = lending.quoteFixedSpread(p, spec: rules, prices: prices) else { continue }
            let collateral = q.collateralSeized - q.protocolFeeCollateral
            let proceeds: Double
            if spec.sellSeizedCollateral {
                proceeds = collateral > 0 ? (venues[q.asset].bestQuoteExactIn(collateral, .sellCollateral).map { $0.quote.amountOut * debtPrice } ?? 0) : 0
            } else {
                proceeds = collateral * menu.referencePrices[q.asset]
            }
            let cost = q.debtRepaid * prices.debt
            let (profit, tip) = menu.afterGas(gross: proceeds - cost * (1 + menu.flashLoanFee))
            assert(profit <= menu.profitBound(size: heap.key(of: p)), "Position \(p) earns \(profit) USD, above its bound")
            guard profit >= spec.minProfitUSD else { continue }
            menu.pushQuoted(LiquidationOffer(profit: profit, position: p, asset: q.asset, debt: q.debtRepaid, cost: cost, tip: tip))
        }
        return i < menu.offers.count ? menu.offers[i] : nil
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

/// The offers bots of one spec share until the next event that is not a bot wake, found lazily (see
/// ``Simulation/offer(_:at:rules:)``). A class: bots read and extend the same menu in place.
final class LiquidationMenu {
    let spec: LiquidatorSpec
    let flashLoanFee: Double
    let grossBound: GrossProfitBound
    let gasUSDPerGwei: Double
    let baseFeeGwei: Double
    let gasTokenUSD: Double
    /// Reference prices (USD) the menu values held collateral at; fixed for its life, as the menu is.
    let referencePrices: [Double]
    /// Offers released so far, in their final order (profit desc, position asc).
    var offers: [LiquidationOffer] = []
    /// Quoted offers not yet released: a max-heap on (profit, −position).
    private var quoted: [LiquidationOffer] = []
    var walk = PositionHeapWalk()
    var exhausted = false

    init(spec: LiquidatorSpec, flashLoanFee: Double, grossBound: GrossProfitBound, gasUSDPerGwei: Double,
         baseFeeGwei: Double, gasTokenUSD: Double, referencePrices: [Double]) {
        self.spec = spec
        self.flashLoanFee = flashLoanFee
        self.grossBound = grossBound
        self.gasUSDPerGwei = gasUSDPerGwei
        self.baseFeeGwei = baseFeeGwei
        self.gasTokenUSD = gasTokenUSD
        self.referencePrices = referencePrices
    }

    /// Profit after gas (USD) of an action expected to earn `gross` before gas, and the tip (gwei per gas) a
    /// bot of this spec offers for it (``LiquidatorBot/tipGwei(expectedProfitUSD:baseFeeGwei:gasTokenUSD:)``).
    func afterGas(gross: Double) -> (profit: Double, tip: Double) {
        let tip = LiquidatorBot.tipGwei(spec, expectedProfitUSD: gross, baseFeeGwei: baseFeeGwei, gasTokenUSD: gasTokenUSD)
        return (gross - gasUSDPerGwei * (baseFeeGwei + tip), tip)
    }

    /// An upper bound on the profit after gas of liquidating any position whose size key is at most `size`,
    /// non-decreasing in `size`: the profit of the largest gross possible (``GrossProfitBound``), tip
    /// included: ``afterGas(gross:)``, which quotes use too, is non-decreasing in gross (a profit-share tip
    /// takes at most all of the gain), so this bounds every exact quote; a 1e-9 relative margin covers
    /// rounding.
    func profitBound(size: Double) -> Double {
        let gross = grossBound.maxGross(size: size)
        if !gross.isFinite { return .infinity }
        let profit = afterGas(gross: gross).profit
        return profit + 1e-9 * (abs(gross) + (gross - profit)) + 1e-12
    }

    private static func precedes(_ a: LiquidationOffer, _ b: LiquidationOffer) -> Bool {
        a.profit != b.profit ? a.profit > b.profit : a.position < b.position
    }

    func pushQuoted(_ o: LiquidationOffer) {
        quoted.append(o)
        var i = quoted.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if !Self.precedes(o, quoted[parent]) { break }
            quoted[i] = quoted[parent]
            i = parent
        }
        quoted[i] = o
    }

    /// Removes and returns the best quoted offer if its profit is strictly above `bound`.
    func popQuoted(ifAbove bound: Double) -> LiquidationOffer? {
        guard let top = quoted.first, top.profit > bound else { return nil }
        let last = quoted.removeLast()
        if !quoted.isEmpty {
            let n = quoted.count
            var i = 0
            while true {
                var child = 2 * i + 1
                if child >= n { break }
                if child + 1 < n && Self.precedes(quoted[child + 1], quoted[child]) { child += 1 }
                if !Self.precedes(quoted[child], last) { break }
                quoted[i] = quoted[child]
                i = child
            }
            quoted[i] = last
        }
        return top
    }
}

/// The most a bot can make before gas from one fixed-spread liquidation of a position of size key at most s
/// (``LiquidationIndex/sizeKey(_:book:)``), at the current prices and pools.
///
/// The debt repaid is at most D = s·``repaidPerSize``: the debt itself, or for a single-collateral book
/// c·p_c/(p_debt·(1 + i)), as the seized c' = x·p_debt/p_c·(1 + i) cannot exceed c. Repaying x ≤ D leaves the bot k_a·x of asset a (k_a = p_debt/p_a·(1 + i)·(1 − fee share·(1 − 1/(1 + i))),
/// the bonus less the protocol's cut), which it sells into the best pool or holds at the reference price, and
/// costs x·p_debt·(1 + flash fee) = C·x. Selling into a constant-product pool pays
/// γ·k·x·R_out/(R_in + γ·k·x) (Uniswap v2 `getAmountOut`, increasing and concave in x), so per pool
///
///     h(x) = V·u·x/(R_in + u·x) − C·x,   u = γ·k,  V = R_out·p_debt,ref
///
/// is concave with its maximum at x* = (√(V·u·R_in/C) − R_in)/u, and the gross of any position with debt
/// ≤ D is at most max over assets and pools of h(min(D, x*)) (or 0). Holding is linear: (k·p_ref − C)·x. The
/// bound grows with D and stops growing at x*: positions too large to sell without eating the bonus in
/// slippage are bounded by what the pool can pay, not by their size.
struct GrossProfitBound {
    enum Term {
        case pool(inputPerDebt: Double, reserveIn: Double, outputValue: Double)
        case hold(valuePerDebt: Double)
    }

    let terms: [Term]
    let costPerDebt: Double
    let repaidPerSize: Double

    /// max(0, max over terms of the term's maximum for x ≤ D = `size`·``repaidPerSize``), USD, with a 1e-9
    /// relative margin.
    func maxGross(size: Double) -> Double {
        let c = costPerDebt
        let debt = size * repaidPerSize
        var best = 0.0
        for term in terms {
            switch term {
            case .pool(let u, let rIn, let v):
                guard u > 0 else { continue }
                let xStar = ((v * u * rIn / c).squareRoot() - rIn) / u
                let x = min(debt, xStar)
                guard x > 0 else { continue }
                let out = v * u * x / (rIn + u * x)
                best = max(best, out - c * x + 1e-9 * (out + c * x))
            case .hold(let valuePerDebt):
                best = max(best, (valuePerDebt * (1 + 1e-9) - c * (1 - 1e-9)) * debt)
            }
        }
        return best.isNaN ? .infinity : best
    }
}
