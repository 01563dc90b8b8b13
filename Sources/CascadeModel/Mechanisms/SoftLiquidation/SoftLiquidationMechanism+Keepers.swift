import Foundation

/// The keepers under soft liquidation: hard liquidators of loans with health < 0, and arbitrageurs between the
/// LLAMMA and the outside market (the pools for a keeper that sells what it takes, the reference price for one
/// that holds it).
extension SoftLiquidationMechanism {
    /// What one keeper's quotes need, read once per wake.
    struct Terms {
        var sells: Bool
        var flashFee: Double
        var cashUSD: Double
        var minProfitUSD: Double
        var gasUSD: Double
        /// Whether its contract checks the profit at execution and reverts (a bundle or a flash loan).
        var atomic: Bool
        var bundle: Bool
    }

    /// `gasUSD`: what the transaction's gas costs, given at execution (the chain is busy producing the block
    /// then), computed from the base fee and the keeper's tip when nil.
    func terms(_ b: BotID, gasUSD: Double? = nil, _ ctx: MechanismContext<SoftLiquidationMechanism>) -> Terms {
        let bot = ctx[bot: b]
        let gas = gasUSD ?? ctx.gasCostUSD(bot.spec.gasPerAction, tipGwei: bot.tipGwei(
            expectedProfitUSD: 0, baseFeeGwei: ctx.baseFeeGwei, gasTokenUSD: ctx.gasTokenPriceUSD))
        return Terms(sells: bot.spec.sellSeizedCollateral, flashFee: bot.flashLoanFee, cashUSD: bot.cashUSD,
                     minProfitUSD: bot.spec.minProfitUSD, gasUSD: gas,
                     atomic: bot.spec.checksProfitAtExecution, bundle: bot.spec.channel == .privateBundle)
    }

    /// Keeper `b` liquidates every flagged loan whose USD and collateral are worth more than its debt by its
    /// minimum profit after gas, then sends the arbitrage swap that pays it most, if one clears its minimum.
    func keeperWakes(_ b: BotID, _ ctx: MechanismContext<SoftLiquidationMechanism>) {
        syncOracle(ctx)
        refresh(ctx)
        let t = terms(b, ctx)
        var capacity = ctx.actionsPerWake(b) - (swapInFlight[b.index] ? 1 : 0)
        let pending = ctx[bot: b].pendingPositions
        let bound = ctx.marginalValuationBound(sells: t.sells, asset: 0), debtPrice = ctx.debtPrice, now = ctx.now
        for k in flaggedOrder {
            let position = PositionID(positionOfLoan[k])
            guard !pending.contains(position) else { continue }
            // No liquidation pays more than the loan's USD and its collateral at the keeper's marginal price.
            let xy = flagged[k]!
            let debtUSD = inLoans { $0.debt(SoftLoanID(k), at: now) } * debtPrice
            guard xy.x * debtPrice + xy.y * bound - debtUSD - t.gasUSD >= t.minProfitUSD else { continue }
            guard capacity > 0 else {
                ctx.keepWorking(b)
                return
            }
            guard let q = liquidationQuote(k, t, ctx), q.profit - t.gasUSD >= t.minProfitUSD else { continue }
            guard ctx.reserve(q.cashUSD, bot: b, position: position) else { continue }
            ctx.submit(.liquidate(loan: k, reservedUSD: q.cashUSD), bot: b, expectedProfitUSD: q.profit)
            capacity -= 1
        }
        guard capacity > 0, !swapInFlight[b.index] else { return }
        guard let swap = bestSwap(t, cap: nil, ctx), swap.profit - t.gasUSD >= t.minProfitUSD else { return }
        let reserved = swap.action.swapReservationUSD(debtPrice: ctx.debtPrice)
        guard reserved <= t.cashUSD else { return }
        ctx.withBot(b) { $0.cashUSD -= reserved }
        swapInFlight[b.index] = true
        ctx.submit(swap.action, bot: b, expectedProfitUSD: swap.profit)
    }

    /// What hard-liquidating loan `k` pays before gas, and the cash it needs (the debt the bands' USD does not
    /// cover).
    func liquidationQuote(_ k: Int, _ t: Terms, _ ctx: MechanismContext<SoftLiquidationMechanism>) -> (profit: Double, cashUSD: Double)? {
        let loan = SoftLoanID(k)
        let now = ctx.now
        guard let (xy, debt) = inLoans({ l in l.isOpen(loan) ? (l.amm.sumXY(l.bandUser(loan)), l.debt(loan, at: now)) : nil })
        else { return nil }
        let debtUSD = debt * ctx.debtPrice
        let cash = max(0, debtUSD - xy.x * ctx.debtPrice)
        let value = ctx.valuation(sells: t.sells, asset: 0, amount: xy.y) + xy.x * ctx.debtPrice
        return (value - debtUSD - cash * t.flashFee, cash)
    }

    /// The most profitable swap against the bands before gas, at most `cap` (the amount sent, at execution):
    /// a pump when the AMM's price is below the outside price, a dump when above. Profit is concave in the
    /// size (both legs have falling marginal prices), so a golden-section search over (0, the size that brings
    /// the AMM to the outside price] finds its maximum.
    func bestSwap(_ t: Terms, cap: SoftLiquidationAction?, _ ctx: MechanismContext<SoftLiquidationMechanism>)
        -> (action: SoftLiquidationAction, profit: Double)? {
        inLoans { l in bestSwap(on: &l, t, cap: cap, ctx) }
    }

    /// ``bestSwap(_:cap:_:)`` on the loans' AMM (the mechanism's, in place).
    private func bestSwap(on l: inout SoftLiquidationLoans, _ t: Terms, cap: SoftLiquidationAction?,
                          _ ctx: MechanismContext<SoftLiquidationMechanism>) -> (action: SoftLiquidationAction, profit: Double)? {
        let now = ctx.now, debtPrice = ctx.debtPrice
        let p = l.amm.price(at: now)
        let outsideUSD = t.sells ? ctx.marginalValuationBound(sells: true, asset: 0) : ctx.referencePrice(0)
        let outside = outsideUSD / debtPrice
        let flash = 1 + t.flashFee
        if p < outside, cap?.isPump ?? true {
            var upper = l.amm.amountForPrice(outside, at: now).amount
            if case .pump(let sent)? = cap { upper = min(upper, sent) }
            upper = min(upper, t.cashUSD / (debtPrice * flash))
            guard upper > 0 else { return nil }
            func profit(_ a: Double) -> Double {
                let out = l.amm.quoteSwap(.pump, amountIn: a, at: now).amountOut
                return ctx.valuation(sells: t.sells, asset: 0, amount: out) - a * debtPrice * flash
            }
            let (a, best) = SoftLiquidationArbitrage.maximize(profit, upTo: upper)
            return best > 0 ? (.pump(amountIn: a), best) : nil
        }
        let inside = t.sells ? ctx.poolSpot(0) : ctx.referencePrice(0) / debtPrice
        if p > inside, cap?.isDump ?? true {
            // Collateral that brings the AMM down to the outside price, at the outside price plus its slippage.
            let yMax = l.amm.amountForPrice(inside, at: now).amount
            var upper = yMax * inside * debtPrice * 2
            if case .dump(let sent)? = cap { upper = min(upper, sent) }
            upper = min(upper, t.cashUSD / flash)
            guard upper > 0 else { return nil }
            func profit(_ usd: Double) -> Double {
                let y = ctx.quoteAcquisition(sells: t.sells, asset: 0, usd: usd)
                let out = l.amm.quoteSwap(.dump, amountIn: y, at: now).amountOut
                return out * debtPrice - usd * flash
            }
            let (u, best) = SoftLiquidationArbitrage.maximize(profit, upTo: upper)
            return best > 0 ? (.dump(usd: u), best) : nil
        }
        return nil
    }

    // MARK: Execution

    func execute(_ action: SoftLiquidationAction, bot b: BotID, gasUSD: Double,
                 _ ctx: MechanismContext<SoftLiquidationMechanism>) -> Bool {
        switch action {
        case .liquidate(let k, let reserved): return liquidate(k, reserved: reserved, bot: b, gasUSD: gasUSD, ctx)
        case .pump, .dump: return swap(action, bot: b, gasUSD: gasUSD, ctx)
        }
    }

    func withdrawn(_ action: SoftLiquidationAction, bot b: BotID, _ ctx: MechanismContext<SoftLiquidationMechanism>) {
        switch action {
        case .liquidate(let k, let reserved):
            ctx.withBot(b) {
                $0.removePending(position: PositionID(positionOfLoan[k]))
                $0.cashUSD += reserved
            }
        case .pump, .dump:
            swapInFlight[b.index] = false
            let reserved = action.swapReservationUSD(debtPrice: ctx.debtPrice)
            ctx.withBot(b) { $0.cashUSD += reserved }
        }
    }

    /// A swap at inclusion. A keeper whose contract checks (a bundle or a flash loan) re-sizes it to what pays
    /// most now, at most what it sent, and reverts unless that clears its minimum profit (and, in a bundle, its
    /// gas); a public swap with its own money runs as sent.
    private func swap(_ action: SoftLiquidationAction, bot b: BotID, gasUSD: Double,
                      _ ctx: MechanismContext<SoftLiquidationMechanism>) -> Bool {
        swapInFlight[b.index] = false
        let debtPrice = ctx.debtPrice
        let reserved = action.swapReservationUSD(debtPrice: debtPrice)
        ctx.withBot(b) { $0.cashUSD += reserved }
        writeOracle(ctx)
        let t = terms(b, gasUSD: gasUSD, ctx)
        var run = action
        if t.atomic {
            guard let best = bestSwap(t, cap: action, ctx),
                  best.profit >= t.minProfitUSD + (t.bundle ? gasUSD : 0) else { return false }
            run = best.action
        }
        let now = ctx.now
        let startTop = inLoans { $0.amm.oracleUp($0.amm.activeBand, at: now) }
        let g = ctx.generationReaching(0, below: startTop * debtPrice)
        accountTime(ctx.now)
        let trade: BandTrade
        switch run {
        case .pump(let a):
            guard a <= ctx[bot: b].cashUSD / (debtPrice * (1 + t.flashFee)) || ctx[bot: b].cashUSD.isInfinite else { return false }
            trade = loans.withAMM { $0.exchange(.pump, amountIn: a, at: ctx.now) }
            guard trade.amountIn > 0 else { return false }
            let paid = trade.amountIn * debtPrice
            ctx.withLending { $0._bandsTraded(asset: 0, collateralOut: trade.amountOut) }
            ctx.withBot(b) { $0.cashUSD -= paid * (1 + $0.flashLoanFee); $0.pnl.flashFeesUSD += paid * $0.flashLoanFee }
            let proceeds = ctx.deliverCollateral(to: b, asset: 0, amount: trade.amountOut, paidUSD: paid, generation: g)
            ctx.withBot(b) { $0.profitUSD += proceeds - paid * (1 + $0.flashLoanFee) }
            ctx.record(.softSwap, position: -1, asset: 0, debtRepaid: 0, collateralSeized: trade.amountOut,
                       price: paid / trade.amountOut, bot: b, generation: g, gasPaidUSD: gasUSD)
        case .dump(let usd):
            guard usd <= ctx[bot: b].cashUSD else { return false }
            let y = ctx.acquireCollateral(by: b, asset: 0, usd: usd)
            trade = loans.withAMM { $0.exchange(.dump, amountIn: y, at: ctx.now) }
            // A dump the bands cannot take leaves the keeper holding what it bought.
            let used = trade.amountIn
            if used < y { ctx.withBot(b) { $0.held[0] += y - used; $0.heldValueAtReceiptUSD += (y - used) * ctx.referencePrice(0) } }
            guard used > 0 else { return true }
            ctx.withLending { $0._bandsTraded(asset: 0, collateralOut: -used) }
            let received = trade.amountOut * debtPrice
            let referenceValue = used * ctx.referencePrice(0)
            ctx.withBot(b) {
                $0.cashUSD += received - usd * $0.flashLoanFee
                $0.pnl.flashFeesUSD += usd * $0.flashLoanFee
                $0.pnl.bonusUSD += received - referenceValue
                $0.profitUSD += received - usd * (1 + $0.flashLoanFee)
            }
            ctx.record(.softSwap, position: -1, asset: 0, debtRepaid: 0, collateralSeized: -used,
                       price: received / used, bot: b, generation: g, gasPaidUSD: gasUSD)
        case .liquidate:
            return false
        }
        swaps += 1
        noteBandsMoved(trade)
        checkBands(ctx)
        return true
    }

    /// A hard liquidation at inclusion (`liquidate`): it reverts unless health(full) < 0 ("Not enough rekt"), and
    /// for a keeper whose contract checks, unless the loan's USD and collateral still pay for its debt and its
    /// minimum profit.
    private func liquidate(_ k: Int, reserved: Double, bot b: BotID, gasUSD: Double,
                           _ ctx: MechanismContext<SoftLiquidationMechanism>) -> Bool {
        let position = PositionID(positionOfLoan[k])
        let loan = SoftLoanID(k)
        let t = terms(b, gasUSD: gasUSD, ctx)
        ctx.withBot(b) { $0.removePending(position: position) }
        writeOracle(ctx)
        let now = ctx.now
        guard let healthBefore = inLoans({ $0.isOpen(loan) ? $0.health(loan, full: true, at: now) : nil }),
              healthBefore < 0 else {
            ctx.withBot(b) { $0.cashUSD += reserved }
            return false
        }
        let q = liquidationQuote(k, t, ctx)!
        ctx.withBot(b) { $0.cashUSD += reserved }
        if t.atomic && q.profit < t.minProfitUSD + (t.bundle ? gasUSD : 0) { return false }
        guard q.cashUSD <= ctx[bot: b].cashUSD else { return false }
        let (n1, top) = inLoans { l in
            let range = l.amm.bands(of: l.bandUser(loan))
            return (range, l.amm.oracleUp(range.lowerBound, at: now))
        }
        let g = ctx.generationReaching(0, below: top * ctx.debtPrice)
        let lossNow = loss(k, ctx)
        accountTime(ctx.now)
        let o = inLoans { $0.liquidate(loan, at: now) }
        let debtUSD = o.debtRepaid * ctx.debtPrice
        let paidUSD = max(0, o.liquidatorPays) * ctx.debtPrice
        ctx.withLending { l in
            l._auctionSold(asset: 0, amount: o.yWithdrawn)
            l._auctionProceeds(principal: principal[k], penalty: o.debtRepaid - principal[k])
        }
        ctx.withBot(b) {
            $0.cashUSD -= paidUSD * (1 + $0.flashLoanFee)
            $0.pnl.flashFeesUSD += paidUSD * $0.flashLoanFee
            // USD in the bands above the debt goes to the liquidator.
            let surplus = max(0, -o.liquidatorPays) * ctx.debtPrice
            $0.cashUSD += surplus
            $0.profitUSD += surplus - paidUSD * (1 + $0.flashLoanFee)
            $0.pnl.bonusUSD += surplus
        }
        let proceeds = ctx.deliverCollateral(to: b, asset: 0, amount: o.yWithdrawn, paidUSD: paidUSD, generation: g)
        ctx.withBot(b) { $0.profitUSD += proceeds }
        index.close(n1: n1.lowerBound, n2: n1.upperBound)
        flagged.removeValue(forKey: k)
        flaggedOrderCache = nil
        if n1.lowerBound <= maxActive {
            liquidatedEntered += 1
            liquidatedLossSum += lossNow
            liquidatedLossMax = max(liquidatedLossMax, lossNow)
        }
        noteBandsMoved(nil)
        ctx.countLiquidation(debtUSD: debtUSD, generation: g, toxic: false)
        ctx.countSeizedCollateral(valueUSD: o.yWithdrawn * ctx.referencePrice(0))
        ctx.record(.softLiquidate, position: positionOfLoan[k], asset: 0, debtRepaid: o.debtRepaid,
                   collateralSeized: o.yWithdrawn, price: ctx.oraclePrices.collateral[0], bot: b, generation: g,
                   healthFactorBefore: healthBefore, gasPaidUSD: gasUSD)
        checkBands(ctx)
        return true
    }
}
