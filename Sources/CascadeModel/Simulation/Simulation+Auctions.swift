import Foundation
import SimKernel
import Stochastic

extension Simulation {
    /// Seconds between re-evaluations of running auctions: the stairstep's step, else one minute.
    var auctionTickSeconds: Double {
        if case .dutchAuction(let s) = spec.protocolSpec.liquidation, case .stairstepExponential(_, let step) = s.curve { return step }
        return 60
    }

    var hasRunningAuctions: Bool {
        if let d = dutch, !d.active.isEmpty { return true }
        if let e = english, e.auctions.contains(where: \.isActive) { return true }
        return false
    }

    func scheduleAuctionTick() {
        guard !auctionTickScheduled, hasRunningAuctions, now + auctionTickSeconds <= spec.horizonSeconds else { return }
        auctionTickScheduled = true
        kernel.schedule(.auctionTick, after: auctionTickSeconds, priority: .action)
    }

    /// Running auctions move on: English auctions whose bid expired are settled (flip `deal`, which anyone may
    /// call), ended ones without bids restart (flip `tick`), and the bots look again at falling Dutch prices.
    func onAuctionTick() {
        auctionTickScheduled = false
        if english != nil { settleEnglishAuctions() }
        for b in bots.indices where !bots[b].wakeScheduled { scheduleBot(b) }
        scheduleAuctionTick()
    }

    // MARK: Dutch auctions (MakerDAO Liquidations 2.0)

    /// Sends one auction-starting transaction (a bark or a kick) per liquidatable position the bot has
    /// nothing in flight for, up to its per-wake limit.
    func startAuctions(_ b: Int, sent: inout Int, _ payload: (Int) -> TxPayload) {
        for p in liveCandidates() where sent < bots[b].spec.maxActionsPerWake && !bots[b].pendingPositions.contains(Int32(p)) {
            bots[b].pendingPositions.append(Int32(p))
            submitBotAction(b, payload(p), expectedProfitUSD: 0)
            sent += 1
        }
    }

    func actOnDutchAuctions(_ b: Int) {
        guard let house = dutch else { return }
        let bot = bots[b]
        var sent = 0
        let gasUSD = gasCostUSD(bot.spec.gasPerAction, tipGwei: bot.tipGwei(expectedProfitUSD: 0, baseFeeGwei: network.baseFeeGwei, gasTokenUSD: gasTokenPriceUSD))
        // Keepers bark every unsafe vault they see: the bark opens the auction they then bid in, and the
        // incentive (tip + chip·tab) offsets the gas.
        startAuctions(b, sent: &sent) { .bark(bot: Int32(b), position: Int32($0)) }
        for id in house.active.sorted() where sent < bot.spec.maxActionsPerWake && !bot.pendingAuctions.contains(Int32(id)) {
            let status = house.status(id, time: now)
            let auction = house.auctions[id]
            if status.needsReset {
                bots[b].pendingAuctions.append(Int32(id))
                submitBotAction(b, .redo(bot: Int32(b), auction: Int32(id)), expectedProfitUSD: 0)
                sent += 1
                continue
            }
            let priceUSD = status.price * oraclePrices.debt
            guard priceUSD > 0 else { continue }
            var amount = min(auction.lot, auction.tab / status.price)
            amount = min(amount, bots[b].cashUSD / priceUSD)
            guard amount > 0 else { continue }
            let proceeds = bot.spec.sellSeizedCollateral ? quoteSale(auction.asset, amount: amount) : amount * reference[auction.asset].price()
            let profit = proceeds * (1 - bot.spec.auctionMargin) - amount * priceUSD - gasUSD
            guard profit >= bot.spec.minProfitUSD else { continue }
            bots[b].cashUSD -= amount * priceUSD
            bots[b].pendingAuctions.append(Int32(id))
            submitBotAction(b, .take(bot: Int32(b), auction: Int32(id), amount: amount, maxPrice: status.price), expectedProfitUSD: profit + gasUSD)
            sent += 1
        }
    }

    func executeBark(bot b: Int, position p: Int, gasUSD: Double) -> Bool {
        removePending(b, position: p)
        guard dutch != nil, lending.isLiquidatable(p, prices: oraclePrices) else { return false }
        let g = generationOf(p)
        let hf = lending.healthFactor(p, prices: oraclePrices)
        let debt = lending.book.debt[p]
        let incentivesBefore = lending.ledger.keeperIncentives
        let ids: Range<Int>
        do { ids = try dutch!.bark(p, time: now, prices: oraclePrices, protocol: &lending) } catch { return false }
        bots[b].profitUSD += (lending.ledger.keeperIncentives - incentivesBefore) * oraclePrices.debt
        startedAuctions(ids, position: p, generation: g, healthFactor: hf, debt: debt, mechanism: "dutch-bark", bot: b, gasUSD: gasUSD,
                        lots: ids.map { (dutch!.auctions[$0].asset, dutch!.auctions[$0].lot) })
        return true
    }

    func executeRedo(bot b: Int, auction id: Int) -> Bool {
        removePending(b, auction: id)
        let before = lending.ledger.keeperIncentives
        do { try dutch!.redo(id, time: now, prices: oraclePrices, protocol: &lending) } catch { return false }
        bots[b].profitUSD += (lending.ledger.keeperIncentives - before) * oraclePrices.debt
        checkConservation()
        return true
    }

    func executeTake(bot b: Int, auction id: Int, amount: Double, maxPrice: Double, gasUSD: Double) -> Bool {
        removePending(b, auction: id)
        let reserved = amount * maxPrice * oraclePrices.debt
        bots[b].cashUSD += reserved
        let take: DutchTake
        do { take = try dutch!.take(id, amount: amount, maxPrice: maxPrice, time: now, protocol: &lending) } catch { return false }
        let asset = dutch!.auctions[id].asset
        let paidUSD = take.paid * oraclePrices.debt
        bots[b].cashUSD -= paidUSD
        let g = auctionGeneration[id]
        var proceeds = 0.0
        if bots[b].spec.sellSeizedCollateral {
            proceeds = sellCollateral(asset, amount: take.collateralBought, generation: g)
            bots[b].cashUSD += proceeds
        } else {
            bots[b].held[asset] += take.collateralBought
        }
        bots[b].profitUSD += proceeds - paidUSD
        record(LiquidationRecord(timeSeconds: now, position: dutch!.auctions[id].position, mechanism: "dutch-take", asset: assetNames[asset],
                                 debtRepaid: take.paid, collateralSeized: take.collateralBought, price: take.price * oraclePrices.debt,
                                 liquidator: bots[b].name, generation: g, healthFactorBefore: .infinity, healthFactorAfter: .infinity,
                                 gasPaidUSD: gasUSD))
        checkConservation()
        return true
    }

    /// Book-keeping shared by barks and kicks: metrics, generation, the record, and the auctions' clock.
    func startedAuctions(_ ids: Range<Int>, position p: Int, generation g: Int, healthFactor hf: Double, debt: Double,
                         mechanism: String, bot b: Int, gasUSD: Double, lots: [(asset: Int, lot: Double)]) {
        while auctionGeneration.count < ids.upperBound { auctionGeneration.append(g) }
        metrics.liquidations += 1
        let debtUSD = debt * oraclePrices.debt
        metrics.liquidatedDebt += debtUSD
        addGenerationDebt(g, debtUSD)
        noteGeneration(g)
        for (asset, lot) in lots {
            metrics.seizedCollateralValue += lot * reference[asset].price()
            record(LiquidationRecord(timeSeconds: now, position: p, mechanism: mechanism, asset: assetNames[asset],
                                     debtRepaid: debt, collateralSeized: lot, price: oraclePrices.collateral[asset],
                                     liquidator: bots[b].name, generation: g, healthFactorBefore: hf,
                                     healthFactorAfter: .infinity, gasPaidUSD: gasUSD))
        }
        checkConservation()
        notifyAllBots()
        scheduleAuctionTick()
    }

    func notifyAllBots() {
        for b in bots.indices where !bots[b].wakeScheduled { scheduleBot(b) }
    }

    // MARK: English auctions (MakerDAO Liquidations 1.2, flip)

    func actOnEnglishAuctions(_ b: Int) {
        guard let house = english else { return }
        let bot = bots[b]
        var sent = 0
        let gasUSD = gasCostUSD(bot.spec.gasPerAction, tipGwei: bot.tipGwei(expectedProfitUSD: 0, baseFeeGwei: network.baseFeeGwei, gasTokenUSD: gasTokenPriceUSD))
        startAuctions(b, sent: &sent) { .kick(bot: Int32(b), position: Int32($0)) }
        for id in house.auctions.indices where sent < bot.spec.maxActionsPerWake {
            let s = house.auctions[id]
            guard s.isActive, s.bidder != b, !bots[b].pendingAuctions.contains(Int32(id)) else { continue }
            let proceeds = bot.spec.sellSeizedCollateral ? quoteSale(s.asset, amount: s.lot) : s.lot * reference[s.asset].price()
            let value = proceeds * (1 - bot.spec.auctionMargin)
            let valueInDebt = value / oraclePrices.debt
            if !s.isDentPhase || s.bidder == nil {
                // Tend: open at a share of the valuation, or outbid with the whole valuation (capped at the tab).
                // The valuation already leaves the margin, so the expected profit is proceeds − bid: measured
                // against the discounted value it would be 0 for every bid below the tab.
                let bid = s.bidder == nil ? min(s.tab, bot.spec.openingBidShare * valueInDebt) : min(s.tab, valueInDebt)
                let cost = bid * oraclePrices.debt
                guard house.validateTend(id, bid: bid, time: now) == nil, cost <= bots[b].cashUSD,
                      proceeds - cost - gasUSD >= bot.spec.minProfitUSD else { continue }
                bots[b].cashUSD -= cost
                bots[b].pendingAuctions.append(Int32(id))
                submitBotAction(b, .tend(bot: Int32(b), auction: Int32(id), bid: bid), expectedProfitUSD: proceeds - cost)
                sent += 1
            } else {
                // Dent: the full tab for less collateral, by the smallest allowed step.
                let lot = s.lot / house.spec.beg
                let lotValue = value * lot / s.lot
                let cost = s.tab * oraclePrices.debt
                guard house.validateDent(id, lot: lot, time: now) == nil, cost <= bots[b].cashUSD,
                      lotValue - cost - gasUSD >= bot.spec.minProfitUSD else { continue }
                bots[b].cashUSD -= cost
                bots[b].pendingAuctions.append(Int32(id))
                submitBotAction(b, .dent(bot: Int32(b), auction: Int32(id), lot: lot), expectedProfitUSD: lotValue - cost)
                sent += 1
            }
        }
    }

    func executeKick(bot b: Int, position p: Int, gasUSD: Double) -> Bool {
        removePending(b, position: p)
        guard english != nil, lending.isLiquidatable(p, prices: oraclePrices) else { return false }
        let g = generationOf(p)
        let hf = lending.healthFactor(p, prices: oraclePrices)
        let debt = lending.book.debt[p]
        let ids: Range<Int>
        do { ids = try english!.kick(p, time: now, prices: oraclePrices, protocol: &lending) } catch { return false }
        while englishReservedUSD.count < ids.upperBound { englishReservedUSD.append(0) }
        startedAuctions(ids, position: p, generation: g, healthFactor: hf, debt: debt, mechanism: "english-kick", bot: b, gasUSD: gasUSD,
                        lots: ids.map { (english!.auctions[$0].asset, english!.auctions[$0].lot) })
        return true
    }

    func executeTend(bot b: Int, auction id: Int, bid: Double) -> Bool {
        removePending(b, auction: id)
        let reserved = bid * oraclePrices.debt
        let previous = english!.auctions[id].bidder
        do { try english!.tend(id, bidder: b, bid: bid, time: now) } catch {
            bots[b].cashUSD += reserved
            return false
        }
        refundPreviousBidder(previous, auction: id)
        englishReservedUSD[id] = reserved
        notifyAllBots()
        scheduleAuctionTick()
        return true
    }

    func executeDent(bot b: Int, auction id: Int, lot: Double) -> Bool {
        removePending(b, auction: id)
        let reserved = english!.auctions[id].tab * oraclePrices.debt
        let previous = english!.auctions[id].bidder
        do { try english!.dent(id, bidder: b, lot: lot, time: now, protocol: &lending) } catch {
            bots[b].cashUSD += reserved
            return false
        }
        refundPreviousBidder(previous, auction: id)
        englishReservedUSD[id] = reserved
        checkConservation()
        notifyAllBots()
        return true
    }

    private func refundPreviousBidder(_ previous: Int?, auction id: Int) {
        if let prev = previous, prev < bots.count { bots[prev].cashUSD += englishReservedUSD[id] }
        englishReservedUSD[id] = 0
    }

    /// flip `deal` for every auction whose bid expired or that ended with a bid; flip `tick` for those that
    /// ended without one.
    func settleEnglishAuctions() {
        guard english != nil else { return }
        for id in english!.auctions.indices where english!.auctions[id].isActive {
            let s = english!.auctions[id]
            if english!.canDeal(id, time: now) {
                guard let deal = try? english!.deal(id, time: now, protocol: &lending) else { continue }
                let winner = deal.winner
                englishReservedUSD[id] = 0
                let paidUSD = deal.paid * oraclePrices.debt
                if deal.paid <= 0.01 * s.tab { metrics.auctionZeroBids += 1 }
                var proceeds = 0.0
                if winner < bots.count {
                    if bots[winner].spec.sellSeizedCollateral {
                        proceeds = sellCollateral(s.asset, amount: deal.collateralBought, generation: auctionGeneration[id])
                        bots[winner].cashUSD += proceeds
                    } else {
                        bots[winner].held[s.asset] += deal.collateralBought
                    }
                    bots[winner].profitUSD += proceeds - paidUSD
                }
                record(LiquidationRecord(timeSeconds: now, position: s.position, mechanism: "english-deal", asset: assetNames[s.asset],
                                         debtRepaid: deal.paid, collateralSeized: deal.collateralBought,
                                         price: deal.collateralBought > 0 ? paidUSD / deal.collateralBought : 0,
                                         liquidator: winner < bots.count ? bots[winner].name : "protocol", generation: auctionGeneration[id],
                                         healthFactorBefore: .infinity, healthFactorAfter: .infinity, gasPaidUSD: 0))
                checkConservation()
            } else if s.bidder == nil && s.end < now {
                try? english!.tick(id, time: now)
            }
        }
    }
}
