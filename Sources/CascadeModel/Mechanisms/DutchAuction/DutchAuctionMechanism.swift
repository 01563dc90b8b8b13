/// A keeper's call into MakerDAO Liquidations 2.0 (dss `dog.sol`, `clip.sol`).
enum DutchAuctionAction: Sendable, Equatable {
    /// `Dog.bark`: start auctions for a liquidatable vault.
    case bark(position: PositionID)
    /// `Clipper.redo`: restart an auction that needs a reset.
    case redo(auction: AuctionID)
    /// `Clipper.take`: buy up to `amount` of the lot if the price is at most `maxPrice`.
    case take(auction: AuctionID, amount: Double, maxPrice: Double)
}

/// The Dutch-auction mechanism: keepers bark liquidatable vaults, then take from the falling price curve.
final class DutchAuctionMechanism: LiquidationMechanism {
    private(set) var house: DutchAuctionHouse
    private var starts: AuctionStarts

    init(spec: DutchAuctionSpec) {
        house = DutchAuctionHouse(spec: spec)
        // The keepers look at running auctions every step of a stairstep curve, else every minute.
        if case .stairstepExponential(_, let step) = spec.curve {
            starts = AuctionStarts(timerSeconds: step)
        } else {
            starts = AuctionStarts(timerSeconds: 60)
        }
    }

    func prepare(_ ctx: MechanismContext<DutchAuctionMechanism>) { starts.prepare(ctx) }

    func noteLiquidatable(_ positions: [Int], _ ctx: MechanismContext<DutchAuctionMechanism>) { starts.note(positions, ctx) }

    /// The bots look again at falling prices while auctions run.
    func timerFired(_ ctx: MechanismContext<DutchAuctionMechanism>) { starts.timerFired(running: !house.active.isEmpty, ctx) }

    /// Keepers bark every unsafe vault they see (the bark opens the auction they then bid in, and the incentive
    /// tip + chip·tab offsets the gas), reset auctions that need it when the incentive pays for the call, and
    /// take where the price leaves a profit. Where it does not yet, a keeper computes from the curve, in
    /// closed form, when the price falls to its take threshold and plans its next look for that moment; the
    /// plan is remade at every look (the mechanism's timer, oracle posts, blocks), as the threshold moves
    /// with the pools and prices.
    func keeperWakes(_ b: BotID, _ ctx: MechanismContext<DutchAuctionMechanism>) {
        let bot = ctx[bot: b]
        let gasUSD = ctx.gasCostUSD(bot.spec.gasPerAction, tipGwei: bot.tipGwei(expectedProfitUSD: 0, baseFeeGwei: ctx.baseFeeGwei, gasTokenUSD: ctx.gasTokenPriceUSD))
        // A bark with no room under Hole or the collateral's hole reverts (Dog/liquidation-limit-hit): keepers
        // read Dirt and hole before sending one, and bark again once takes have freed room.
        if (0..<ctx.lending.assets.count).contains(where: { house.room(asset: $0) > 0 }) {
            starts.sendStarts(by: b, ctx) { .bark(position: $0) }
        }
        // What is left of this wake's capacity after the starts (in flight now).
        let capacity = ctx.actionsPerWake(b)
        var sent = 0
        let prices = ctx.oraclePrices
        var nextLook = Double.infinity
        // No take pays above bound = marginal value · (1 − margin) / p_debt (profit ≤ amount·(bound − price)·p_debt
        // − gas < min profit when min profit ≥ −gas): per asset, the same for every lot of this wake (the pools
        // move only when the wake's takes are mined).
        let bounded = bot.spec.minProfitUSD >= -gasUSD
        var bounds: [Double] = Array(repeating: .nan, count: ctx.lending.assets.count)
        func bound(_ a: Int) -> Double {
            if bounds[a].isNaN { bounds[a] = ctx.marginalValuationBound(by: b, asset: a) * (1 - bot.spec.auctionMargin) / ctx.debtPrice }
            return bounds[a]
        }
        for id in house.active.sorted() where !bot.pendingAuctions.contains(AuctionID(id)) {
            guard sent < capacity else {
                ctx.keepWorking(b)
                break
            }
            let auctionID = AuctionID(id)
            let status = house.status(id, time: ctx.now)
            let auction = house.auctions[id]
            if status.needsReset {
                let profit = redoIncentiveUSD(id, prices: prices, debtUSD: ctx.debtPrice) - gasUSD
                guard profit >= bot.spec.minProfitUSD else { continue }
                ctx.withBot(b) { _ = $0.pendingAuctions.insert(auctionID) }
                ctx.submit(.redo(auction: auctionID), bot: b, expectedProfitUSD: profit)
                sent += 1
                continue
            }
            if bounded, status.price > bound(auction.asset) {
                // Not takeable yet: look again when the price reaches the bound, without valuing the lot.
                if bound(auction.asset) > 0, let dur = house.spec.curve.elapsedToReach(price: bound(auction.asset), top: auction.top) {
                    nextLook = min(nextLook, auction.startTime + dur)
                }
                planReset(auction, &nextLook)
                continue
            }
            let terms = TakeTerms(cashUSD: ctx[bot: b].cashUSD, spec: bot.spec, gasUSD: gasUSD)
            if let (amount, profit) = takeQuote(id, price: status.price, terms, ctx) {
                let priceUSD = status.price * ctx.debtPrice
                ctx.withBot(b) {
                    $0.cashUSD -= amount * priceUSD
                    _ = $0.pendingAuctions.insert(auctionID)
                }
                ctx.submit(.take(auction: auctionID, amount: amount, maxPrice: status.price), bot: b, expectedProfitUSD: profit + gasUSD)
                sent += 1
                continue
            }
            // Below the bound but not yet profitable: when will the falling price reach the keeper's exact
            // threshold (or the auction need a reset)?
            if let threshold = takeThreshold(id, below: status.price, terms, ctx),
               let dur = house.spec.curve.elapsedToReach(price: threshold, top: auction.top) {
                nextLook = min(nextLook, auction.startTime + dur)
            }
            planReset(auction, &nextLook)
        }
        if nextLook > ctx.now && nextLook <= ctx.horizonSeconds { ctx.wakeKeeper(b, at: nextLook) }
    }

    /// Brings `nextLook` forward to when `auction` will need a reset (its price below cusp · top, or its tail).
    private func planReset(_ auction: DutchAuction, _ nextLook: inout Double) {
        if let dur = house.spec.curve.elapsedToReach(price: auction.top * house.spec.cusp * (1 - 1e-12), top: auction.top) {
            nextLook = min(nextLook, auction.startTime + min(dur, house.spec.tailSeconds + 1e-6))
        } else {
            nextLook = min(nextLook, auction.startTime + house.spec.tailSeconds + 1e-6)
        }
    }

    /// What a redo of auction `id` would pay its caller now, USD at the stablecoin's market price `debtUSD`:
    /// tip + chip·tab when tab ≥ chost and lot·feed ≥ chost (dss `Clipper.redo`), else 0.
    private func redoIncentiveUSD(_ id: Int, prices: OraclePrices, debtUSD: Double) -> Double {
        let spec = house.spec, s = house.auctions[id]
        guard spec.tip > 0 || spec.chip > 0, s.tab >= spec.chost, s.lot * prices.inDebtUnits(s.asset) >= spec.chost else { return 0 }
        return (spec.tip + spec.chip * s.tab) * debtUSD
    }

    /// What keeper `b` would take from auction `id` at `price` (debt units per collateral unit) and its profit
    /// after its margin and gas, USD, when that clears its minimum profit.
    private func takeQuote(_ id: Int, price: Double, _ terms: TakeTerms,
                           _ ctx: MechanismContext<DutchAuctionMechanism>) -> (amount: Double, profit: Double)? {
        let auction = house.auctions[id]
        let priceUSD = price * ctx.debtPrice
        guard priceUSD > 0 else { return nil }
        let amount = min(auction.lot, auction.tab / price, terms.cashUSD / priceUSD,
                         bestSlice(asset: auction.asset, priceUSD: priceUSD, terms, ctx))
        guard amount > 0 else { return nil }
        let proceeds = ctx.valuation(sells: terms.sells, asset: auction.asset, amount: amount)
        let profit = proceeds * (1 - terms.margin) - amount * priceUSD - terms.gasUSD
        return profit >= terms.minProfitUSD ? (amount, profit) : nil
    }

    /// What a take's quote needs of its keeper, read once per lot (not a copy of the whole ``LiquidatorBot``
    /// per quote): its cash now, whether it sells, its margin, minimum profit and the action's gas.
    private struct TakeTerms {
        let cashUSD: Double
        let sells: Bool
        let margin: Double
        let minProfitUSD: Double
        let gasUSD: Double

        init(cashUSD: Double, spec: LiquidatorSpec, gasUSD: Double) {
            self.cashUSD = cashUSD
            sells = spec.sellSeizedCollateral
            margin = spec.auctionMargin
            minProfitUSD = spec.minProfitUSD
            self.gasUSD = gasUSD
        }
    }

    /// The slice a selling keeper buys at `priceUSD` a unit: the one that maximises its sale's gross in the
    /// best pool, h(s) = V·γ·s/(R_in + γ·s) − price·s with V = R_out·p_debt·(1 − margin), at
    /// s* = (√(V·γ·R_in/price) − R_in)/γ (``GrossProfitBound/bestRepayment``, the fixed-spread keepers' rule
    /// for how much debt to cover): a lot too large for the pool is bought in pool-sized slices, as Liquidations
    /// 2.0 keepers do with partial takes, rather than only once its price has fallen far enough to pay for
    /// selling it whole. Unlimited for a keeper that holds what it buys.
    private func bestSlice(asset a: Int, priceUSD: Double, _ terms: TakeTerms, _ ctx: MechanismContext<DutchAuctionMechanism>) -> Double {
        guard terms.sells else { return .infinity }
        return GrossProfitBound.bestAmount(pools: ctx.venues[a].pools, inputPerUnit: 1, debtPrice: ctx.debtPrice, outputShare: 1 - terms.margin,
                                           costPerUnit: priceUSD, cap: .infinity) ?? 0
    }

    /// The highest price below `current` at which keeper `b` would take from auction `id` now (its profit
    /// falls as the price rises, so the threshold is found by bisection on the price), or nil if none.
    /// (Called only once the price is below the keeper's marginal-value bound, see ``keeperWakes``.)
    private func takeThreshold(_ id: Int, below current: Double, _ terms: TakeTerms,
                               _ ctx: MechanismContext<DutchAuctionMechanism>) -> Double? {
        var lo = current * 1e-6, hi = current
        guard takeQuote(id, price: lo, terms, ctx) != nil else { return nil }
        for _ in 0..<48 where hi - lo > 1e-7 * hi {
            let mid = 0.5 * (lo + hi)
            if takeQuote(id, price: mid, terms, ctx) != nil { lo = mid } else { hi = mid }
        }
        return lo
    }

    func hasKeeperWork(_ ctx: MechanismContext<DutchAuctionMechanism>) -> Bool {
        !house.active.isEmpty || ctx.flaggedCount > 0
    }

    func execute(_ action: DutchAuctionAction, bot b: BotID, gasUSD: Double, _ ctx: MechanismContext<DutchAuctionMechanism>) -> Bool {
        switch action {
        case .bark(let p): return bark(p, bot: b, gasUSD: gasUSD, ctx)
        case .redo(let id): return redo(id, bot: b, ctx)
        case .take(let id, let amount, let maxPrice): return take(id, amount: amount, maxPrice: maxPrice, bot: b, gasUSD: gasUSD, ctx)
        }
    }

    func withdrawn(_ action: DutchAuctionAction, bot b: BotID, _ ctx: MechanismContext<DutchAuctionMechanism>) {
        switch action {
        case .bark(let p): ctx.withBot(b) { $0.removePending(position: p) }
        case .redo(let id): ctx.withBot(b) { $0.removePending(auction: id) }
        case .take(let id, let amount, let maxPrice):
            let reserved = amount * maxPrice * ctx.debtPrice
            ctx.withBot(b) {
                $0.removePending(auction: id)
                $0.cashUSD += reserved
            }
        }
    }

    private func bark(_ position: PositionID, bot b: BotID, gasUSD: Double, _ ctx: MechanismContext<DutchAuctionMechanism>) -> Bool {
        guard let (p, g, hf) = AuctionStarts.beginStart(position, bot: b, ctx) else { return false }
        let prices = ctx.oraclePrices
        let incentivesBefore = ctx.lending.ledger.keeperIncentives
        let ids: Range<Int>
        do { ids = try ctx.withLending { l throws(DutchAuctionError) in try house.bark(p, time: ctx.now, prices: prices, protocol: &l) } } catch { return false }
        let incentive = (ctx.lending.ledger.keeperIncentives - incentivesBefore) * ctx.debtPrice
        ctx.withBot(b) {
            $0.profitUSD += incentive
            $0.pnl.incentivesUSD += incentive
        }
        starts.started(ids, position: p, generation: g, healthFactor: hf, step: .dutchBark, bot: b, gasUSD: gasUSD,
                       lot: { (self.house.auctions[$0].asset, self.house.auctions[$0].lot, self.house.auctions[$0].principal) }, ctx)
        return true
    }

    private func redo(_ auction: AuctionID, bot b: BotID, _ ctx: MechanismContext<DutchAuctionMechanism>) -> Bool {
        ctx.withBot(b) { $0.removePending(auction: auction) }
        let id = auction.index
        let prices = ctx.oraclePrices
        let before = ctx.lending.ledger.keeperIncentives
        do { try ctx.withLending { l throws(DutchAuctionError) in try house.redo(id, time: ctx.now, prices: prices, protocol: &l) } } catch { return false }
        let incentive = (ctx.lending.ledger.keeperIncentives - before) * ctx.debtPrice
        ctx.withBot(b) {
            $0.profitUSD += incentive
            $0.pnl.incentivesUSD += incentive
        }
        ctx.countAuctionReset()
        ctx.checkConservation()
        return true
    }

    private func take(_ auction: AuctionID, amount: Double, maxPrice: Double, bot b: BotID, gasUSD: Double,
                      _ ctx: MechanismContext<DutchAuctionMechanism>) -> Bool {
        ctx.withBot(b) { $0.removePending(auction: auction) }
        let id = auction.index
        let debtUnitUSD = ctx.debtPrice
        let reserved = amount * maxPrice * debtUnitUSD
        ctx.withBot(b) { $0.cashUSD += reserved }
        guard clearsMinimumProfit(id, amount: amount, maxPrice: maxPrice, bot: b, gasUSD: gasUSD, ctx) else { return false }
        let take: DutchTake
        do { take = try ctx.withLending { l throws(DutchAuctionError) in try house.take(id, amount: amount, maxPrice: maxPrice, time: ctx.now, protocol: &l) } } catch { return false }
        let asset = house.auctions[id].asset
        let paidUSD = take.paid * debtUnitUSD
        ctx.withBot(b) { $0.cashUSD -= paidUSD }
        let g = starts.generation[id]
        let proceeds = ctx.deliverCollateral(to: b, asset: asset, amount: take.collateralBought, paidUSD: paidUSD, generation: g)
        ctx.withBot(b) { $0.profitUSD += proceeds - paidUSD }
        ctx.record(.dutchTake, position: house.auctions[id].position, asset: asset, debtRepaid: take.paid,
                   collateralSeized: take.collateralBought, price: take.price * ctx.debtPrice, bot: b, generation: g,
                   gasPaidUSD: gasUSD)
        ctx.checkConservation()
        return true
    }

    /// Whether a take clears the keeper's minimum profit at execution, as its contract checks before it
    /// commits when the take and the sale are one atomic transaction: a bundle (left out otherwise, at no
    /// cost) or a flash loan (reverts). The same rule as ``FixedSpreadKeepers/clearsMinimumProfit``: the
    /// value of the slice (its sale now, for a keeper that sells) must cover what it pays, the flash fee,
    /// `min_profit_usd` and, in a bundle, its gas and builder payment. A public take with the keeper's own
    /// money always runs.
    private func clearsMinimumProfit(_ id: Int, amount: Double, maxPrice: Double, bot b: BotID, gasUSD: Double,
                                     _ ctx: MechanismContext<DutchAuctionMechanism>) -> Bool {
        let spec = ctx[bot: b].spec
        let bundle = spec.channel == .privateBundle
        guard spec.checksProfitAtExecution else { return true }
        guard let q = try? house.quoteTake(id, amount: amount, maxPrice: maxPrice, time: ctx.now) else { return true }  // take reverts
        let value = ctx.valuation(by: b, asset: house.auctions[id].asset, amount: q.slice)
        let paid = q.owe * ctx.debtPrice
        return value >= paid * (1 + ctx[bot: b].flashLoanFee) + spec.minProfitUSD + (bundle ? gasUSD : 0)
    }

    func unrealizedShortfallUSD(_ ctx: MechanismContext<DutchAuctionMechanism>) -> Double {
        var total = 0.0
        let debtPrice = ctx.debtPrice
        for id in house.active {
            let s = house.auctions[id]
            total += max(0, s.principal * debtPrice - s.lot * ctx.referencePrice(s.asset))
        }
        return total
    }

    func addUnrealizedShortfall(byAsset: inout [Double], _ ctx: MechanismContext<DutchAuctionMechanism>) {
        let debtPrice = ctx.debtPrice
        for id in house.active {
            let s = house.auctions[id]
            byAsset[s.asset] += max(0, s.principal * debtPrice - s.lot * ctx.referencePrice(s.asset))
        }
    }

    func addCollateralHeld(asset: Int, to total: inout Double) {
        for id in house.active where house.auctions[id].asset == asset { total += house.auctions[id].lot }
    }
}

extension LiquidationStep {
    /// A bark: the vault moves into auctions.
    public static let dutchBark = LiquidationStep("dutch-bark", of: .dutchAuction)
    /// A take from a running auction.
    public static let dutchTake = LiquidationStep("dutch-take", of: .dutchAuction)
}
