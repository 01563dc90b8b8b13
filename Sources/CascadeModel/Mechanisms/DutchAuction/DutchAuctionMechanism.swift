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
    /// tip + chip·tab offsets the gas), reset auctions that need it, and take where the price leaves a profit.
    func keeperWakes(_ b: BotID, _ ctx: MechanismContext<DutchAuctionMechanism>) {
        let bot = ctx[bot: b]
        let gasUSD = ctx.gasCostUSD(bot.spec.gasPerAction, tipGwei: bot.tipGwei(expectedProfitUSD: 0, baseFeeGwei: ctx.baseFeeGwei, gasTokenUSD: ctx.gasTokenPriceUSD))
        var sent = starts.sendStarts(by: b, ctx) { .bark(position: $0) }
        let prices = ctx.oraclePrices
        for id in house.active.sorted() where sent < bot.spec.maxActionsPerWake && !bot.pendingAuctions.contains(AuctionID(id)) {
            let auctionID = AuctionID(id)
            let status = house.status(id, time: ctx.now)
            let auction = house.auctions[id]
            if status.needsReset {
                ctx.withBot(b) { $0.pendingAuctions.append(auctionID) }
                ctx.submit(.redo(auction: auctionID), bot: b, expectedProfitUSD: 0)
                sent += 1
                continue
            }
            let priceUSD = status.price * prices.debt
            guard priceUSD > 0 else { continue }
            var amount = min(auction.lot, auction.tab / status.price)
            amount = min(amount, ctx[bot: b].cashUSD / priceUSD)
            guard amount > 0 else { continue }
            let proceeds = ctx.valuation(by: b, asset: auction.asset, amount: amount)
            let profit = proceeds * (1 - bot.spec.auctionMargin) - amount * priceUSD - gasUSD
            guard profit >= bot.spec.minProfitUSD else { continue }
            ctx.withBot(b) {
                $0.cashUSD -= amount * priceUSD
                $0.pendingAuctions.append(auctionID)
            }
            ctx.submit(.take(auction: auctionID, amount: amount, maxPrice: status.price), bot: b, expectedProfitUSD: profit + gasUSD)
            sent += 1
        }
    }

    func execute(_ action: DutchAuctionAction, bot b: BotID, gasUSD: Double, _ ctx: MechanismContext<DutchAuctionMechanism>) -> Bool {
        switch action {
        case .bark(let p): return bark(p, bot: b, gasUSD: gasUSD, ctx)
        case .redo(let id): return redo(id, bot: b, ctx)
        case .take(let id, let amount, let maxPrice): return take(id, amount: amount, maxPrice: maxPrice, bot: b, gasUSD: gasUSD, ctx)
        }
    }

    private func bark(_ position: PositionID, bot b: BotID, gasUSD: Double, _ ctx: MechanismContext<DutchAuctionMechanism>) -> Bool {
        guard let (p, g, hf, debt) = AuctionStarts.beginStart(position, bot: b, ctx) else { return false }
        let prices = ctx.oraclePrices
        let incentivesBefore = ctx.lending.ledger.keeperIncentives
        let ids: Range<Int>
        do { ids = try ctx.withLending { l throws(DutchAuctionError) in try house.bark(p, time: ctx.now, prices: prices, protocol: &l) } } catch { return false }
        let incentive = (ctx.lending.ledger.keeperIncentives - incentivesBefore) * prices.debt
        ctx.withBot(b) {
            $0.profitUSD += incentive
            $0.pnl.incentivesUSD += incentive
        }
        starts.started(ids, position: p, generation: g, healthFactor: hf, debt: debt, step: .dutchBark, bot: b, gasUSD: gasUSD,
                       lot: { (self.house.auctions[$0].asset, self.house.auctions[$0].lot) }, ctx)
        return true
    }

    private func redo(_ auction: AuctionID, bot b: BotID, _ ctx: MechanismContext<DutchAuctionMechanism>) -> Bool {
        ctx.withBot(b) { $0.removePending(auction: auction) }
        let id = auction.index
        let prices = ctx.oraclePrices
        let before = ctx.lending.ledger.keeperIncentives
        do { try ctx.withLending { l throws(DutchAuctionError) in try house.redo(id, time: ctx.now, prices: prices, protocol: &l) } } catch { return false }
        let incentive = (ctx.lending.ledger.keeperIncentives - before) * prices.debt
        ctx.withBot(b) {
            $0.profitUSD += incentive
            $0.pnl.incentivesUSD += incentive
        }
        ctx.checkConservation()
        return true
    }

    private func take(_ auction: AuctionID, amount: Double, maxPrice: Double, bot b: BotID, gasUSD: Double,
                      _ ctx: MechanismContext<DutchAuctionMechanism>) -> Bool {
        ctx.withBot(b) { $0.removePending(auction: auction) }
        let id = auction.index
        let debtUnitUSD = ctx.oraclePrices.debt
        let reserved = amount * maxPrice * debtUnitUSD
        ctx.withBot(b) { $0.cashUSD += reserved }
        let take: DutchTake
        do { take = try ctx.withLending { l throws(DutchAuctionError) in try house.take(id, amount: amount, maxPrice: maxPrice, time: ctx.now, protocol: &l) } } catch { return false }
        let asset = house.auctions[id].asset
        let paidUSD = take.paid * debtUnitUSD
        ctx.withBot(b) { $0.cashUSD -= paidUSD }
        let g = starts.generation[id]
        let proceeds = ctx.deliverCollateral(to: b, asset: asset, amount: take.collateralBought, paidUSD: paidUSD, generation: g)
        ctx.withBot(b) { $0.profitUSD += proceeds - paidUSD }
        ctx.record(.dutchTake, position: house.auctions[id].position, asset: asset, debtRepaid: take.paid,
                   collateralSeized: take.collateralBought, price: take.price * ctx.oraclePrices.debt, bot: b, generation: g,
                   gasPaidUSD: gasUSD)
        ctx.checkConservation()
        return true
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
