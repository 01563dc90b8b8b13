/// A keeper's call into MakerDAO Liquidations 1.2 (dss `cat.sol`, `flip.sol`).
enum EnglishAuctionAction: Sendable, Equatable {
    /// `Cat.bite` + `Flipper.kick`: start auctions for a liquidatable vault.
    case kick(position: PositionID)
    /// `Flipper.tend`: bid `bid` for the whole lot.
    case tend(auction: AuctionID, bid: Double)
    /// `Flipper.dent`: pay the whole tab for `lot` only.
    case dent(auction: AuctionID, lot: Double)
}

/// The English-auction mechanism (flip): keepers kick liquidatable vaults and bid with locked capital; anyone
/// settles (`deal`) an auction whose bid expired and restarts (`tick`) one that ended without a bid.
final class EnglishAuctionMechanism: LiquidationMechanism {
    private(set) var house: EnglishAuctionHouse
    /// The keepers look at running auctions every minute.
    private var starts = AuctionStarts(timerSeconds: 60)
    /// Stablecoin each auction's high bidder has locked, USD (refunded when outbid).
    private var reservedUSD: [Double] = []

    init(spec: EnglishAuctionSpec) { house = EnglishAuctionHouse(spec: spec) }

    private var running: Bool { house.auctions.contains(where: \.isActive) }

    func hasKeeperWork(_ ctx: MechanismContext<EnglishAuctionMechanism>) -> Bool {
        running || ctx.flaggedCount > 0
    }

    func prepare(_ ctx: MechanismContext<EnglishAuctionMechanism>) { starts.prepare(ctx) }

    func noteLiquidatable(_ positions: [Int], _ ctx: MechanismContext<EnglishAuctionMechanism>) { starts.note(positions, ctx) }

    /// Auctions whose bid expired are settled (flip `deal`, which anyone may call), ended ones without bids
    /// restart (flip `tick`), and the bots look again.
    func timerFired(_ ctx: MechanismContext<EnglishAuctionMechanism>) {
        settle(ctx)
        starts.timerFired(running: running, ctx)
    }

    /// Keepers kick every unsafe vault they see, then bid where their valuation leaves a profit: tend (open at
    /// a share of the valuation, or outbid with the whole valuation, capped at the tab), then dent.
    func keeperWakes(_ b: BotID, _ ctx: MechanismContext<EnglishAuctionMechanism>) {
        let bot = ctx[bot: b]
        let gasUSD = ctx.gasCostUSD(bot.spec.gasPerAction, tipGwei: bot.tipGwei(expectedProfitUSD: 0, baseFeeGwei: ctx.baseFeeGwei, gasTokenUSD: ctx.gasTokenPriceUSD))
        starts.sendStarts(by: b, ctx) { .kick(position: $0) }
        // What is left of this wake's capacity after the starts (in flight now).
        let capacity = ctx.actionsPerWake(b)
        var sent = 0
        let debtUnitUSD = ctx.debtPrice
        for id in house.auctions.indices {
            let s = house.auctions[id]
            let auctionID = AuctionID(id)
            guard s.isActive, s.bidder != b.index, !ctx[bot: b].pendingAuctions.contains(auctionID) else { continue }
            guard sent < capacity else {
                ctx.keepWorking(b)
                break
            }
            let proceeds = ctx.valuation(by: b, asset: s.asset, amount: s.lot)
            let value = proceeds * (1 - bot.spec.auctionMargin)
            let valueInDebt = value / debtUnitUSD
            let cash = ctx[bot: b].cashUSD
            if !s.isDentPhase || s.bidder == nil {
                // The valuation already leaves the margin, so the expected profit is proceeds − bid: measured
                // against the discounted value it would be 0 for every bid below the tab.
                let bid = s.bidder == nil ? min(s.tab, bot.spec.openingBidShare * valueInDebt) : min(s.tab, valueInDebt)
                let cost = bid * debtUnitUSD
                guard house.validateTend(id, bid: bid, time: ctx.now) == nil, cost <= cash,
                      proceeds - cost - gasUSD >= bot.spec.minProfitUSD else { continue }
                lock(cost, auction: auctionID, bot: b, ctx)
                ctx.submit(.tend(auction: auctionID, bid: bid), bot: b, expectedProfitUSD: proceeds - cost)
            } else {
                // Dent: the full tab for less collateral, by the smallest allowed step.
                let lot = s.lot / house.spec.beg
                let lotValue = value * lot / s.lot
                let cost = s.tab * debtUnitUSD
                guard house.validateDent(id, lot: lot, time: ctx.now) == nil, cost <= cash,
                      lotValue - cost - gasUSD >= bot.spec.minProfitUSD else { continue }
                lock(cost, auction: auctionID, bot: b, ctx)
                ctx.submit(.dent(auction: auctionID, lot: lot), bot: b, expectedProfitUSD: lotValue - cost)
            }
            sent += 1
        }
    }

    private func lock(_ usd: Double, auction id: AuctionID, bot b: BotID, _ ctx: MechanismContext<EnglishAuctionMechanism>) {
        ctx.withBot(b) {
            $0.cashUSD -= usd
            _ = $0.pendingAuctions.insert(id)
        }
    }

    func execute(_ action: EnglishAuctionAction, bot b: BotID, gasUSD: Double, _ ctx: MechanismContext<EnglishAuctionMechanism>) -> Bool {
        switch action {
        case .kick(let p): return kick(p, bot: b, gasUSD: gasUSD, ctx)
        case .tend(let id, let bid): return tend(id, bid: bid, bot: b, ctx)
        case .dent(let id, let lot): return dent(id, lot: lot, bot: b, ctx)
        }
    }

    func withdrawn(_ action: EnglishAuctionAction, bot b: BotID, _ ctx: MechanismContext<EnglishAuctionMechanism>) {
        let debtUnitUSD = ctx.debtPrice
        switch action {
        case .kick(let p): ctx.withBot(b) { $0.removePending(position: p) }
        case .tend(let id, let bid):
            ctx.withBot(b) {
                $0.removePending(auction: id)
                $0.cashUSD += bid * debtUnitUSD
            }
        case .dent(let id, _):
            let tab = house.auctions[id.index].tab
            ctx.withBot(b) {
                $0.removePending(auction: id)
                $0.cashUSD += tab * debtUnitUSD
            }
        }
    }

    private func kick(_ position: PositionID, bot b: BotID, gasUSD: Double, _ ctx: MechanismContext<EnglishAuctionMechanism>) -> Bool {
        guard let (p, g, hf) = AuctionStarts.beginStart(position, bot: b, ctx) else { return false }
        let prices = ctx.oraclePrices
        let ids: Range<Int>
        do { ids = try ctx.withLending { l throws(BidRejection) in try house.kick(p, time: ctx.now, prices: prices, protocol: &l) } } catch { return false }
        while reservedUSD.count < ids.upperBound { reservedUSD.append(0) }
        starts.started(ids, position: p, generation: g, healthFactor: hf, step: .englishKick, bot: b, gasUSD: gasUSD,
                       lot: { (self.house.auctions[$0].asset, self.house.auctions[$0].lot, self.house.auctions[$0].principal) }, ctx)
        return true
    }

    private func tend(_ auction: AuctionID, bid: Double, bot b: BotID, _ ctx: MechanismContext<EnglishAuctionMechanism>) -> Bool {
        ctx.withBot(b) { $0.removePending(auction: auction) }
        let id = auction.index
        let reserved = bid * ctx.debtPrice
        let previous = house.auctions[id].bidder
        do { try house.tend(id, bidder: b.index, bid: bid, time: ctx.now) } catch {
            ctx.withBot(b) { $0.cashUSD += reserved }
            return false
        }
        refundPreviousBidder(previous, auction: id, ctx)
        reservedUSD[id] = reserved
        ctx.wakeAllKeepers()
        starts.scheduleTimer(running: running, ctx)
        return true
    }

    private func dent(_ auction: AuctionID, lot: Double, bot b: BotID, _ ctx: MechanismContext<EnglishAuctionMechanism>) -> Bool {
        ctx.withBot(b) { $0.removePending(auction: auction) }
        let id = auction.index
        let reserved = house.auctions[id].tab * ctx.debtPrice
        let previous = house.auctions[id].bidder
        do { try ctx.withLending { l throws(BidRejection) in try house.dent(id, bidder: b.index, lot: lot, time: ctx.now, protocol: &l) } } catch {
            ctx.withBot(b) { $0.cashUSD += reserved }
            return false
        }
        refundPreviousBidder(previous, auction: id, ctx)
        reservedUSD[id] = reserved
        ctx.checkConservation()
        ctx.wakeAllKeepers()
        return true
    }

    private func refundPreviousBidder(_ previous: Int?, auction id: Int, _ ctx: MechanismContext<EnglishAuctionMechanism>) {
        if let prev = previous, ctx.isBot(prev) {
            let refund = reservedUSD[id]
            ctx.withBot(BotID(prev)) { $0.cashUSD += refund }
        }
        reservedUSD[id] = 0
    }

    /// flip `deal` for every auction whose bid expired or that ended with a bid; flip `tick` for those that
    /// ended without one.
    private func settle(_ ctx: MechanismContext<EnglishAuctionMechanism>) {
        for id in house.auctions.indices where house.auctions[id].isActive {
            let s = house.auctions[id]
            let now = ctx.now
            if house.canDeal(id, time: now) {
                guard let deal = try? ctx.withLending({ l throws(BidRejection) in try house.deal(id, time: now, protocol: &l) }) else { continue }
                let winner = BotID(deal.winner)
                reservedUSD[id] = 0
                let paidUSD = deal.paid * ctx.debtPrice
                if deal.paid <= 0.01 * s.tab { ctx.countZeroBidAuction(principal: s.principal, asset: s.asset, collateral: deal.collateralBought) }
                let isBot = ctx.isBot(deal.winner)
                if isBot {
                    let proceeds = ctx.deliverCollateral(to: winner, asset: s.asset, amount: deal.collateralBought, paidUSD: paidUSD,
                                                         generation: starts.generation[id])
                    ctx.withBot(winner) { $0.profitUSD += proceeds - paidUSD }
                }
                ctx.record(.englishDeal, position: s.position, asset: s.asset, debtRepaid: deal.paid, collateralSeized: deal.collateralBought,
                           price: deal.collateralBought > 0 ? paidUSD / deal.collateralBought : 0,
                           bot: isBot ? winner : nil, generation: starts.generation[id], gasPaidUSD: 0)
                ctx.checkConservation()
            } else if s.bidder == nil && s.end < now {
                try? house.tick(id, time: now)
            }
        }
    }

    func unrealizedShortfallUSD(_ ctx: MechanismContext<EnglishAuctionMechanism>) -> Double {
        var total = 0.0
        let debtPrice = ctx.debtPrice
        for s in house.auctions where s.isActive {
            total += max(0, s.principal * debtPrice - s.lot * ctx.referencePrice(s.asset))
        }
        return total
    }

    func addUnrealizedShortfall(byAsset: inout [Double], _ ctx: MechanismContext<EnglishAuctionMechanism>) {
        let debtPrice = ctx.debtPrice
        for s in house.auctions where s.isActive {
            byAsset[s.asset] += max(0, s.principal * debtPrice - s.lot * ctx.referencePrice(s.asset))
        }
    }

    func addCollateralHeld(asset: Int, to total: inout Double) {
        for s in house.auctions where s.isActive && s.asset == asset { total += s.lot }
    }
}

extension LiquidationStep {
    /// A kick: the vault moves into auctions.
    public static let englishKick = LiquidationStep("english-kick", of: .englishAuction)
    /// A settled auction.
    public static let englishDeal = LiquidationStep("english-deal", of: .englishAuction)
}
