import Foundation

/// Which way a swap on the LLAMMA goes.
public enum BandSwapDirection: Sendable, Equatable {
    /// USD in, collateral out (`i = 0`): the AMM price rises, the active band steps to higher n. When the
    /// oracle falls into a loan's bands this is the arbitrage that soft-liquidates it.
    case pump
    /// Collateral in, USD out (`i = 1`): the AMM price falls, the active band steps to lower n (de-liquidation
    /// when the oracle recovers).
    case dump
}

/// What a swap did or would do (`DetailedTrade`, AMM.vy L84-91).
public struct BandTrade: Sendable, Equatable {
    /// Input used, which is less than asked when the bands ran out.
    public var amountIn: Double = 0
    /// Output paid.
    public var amountOut: Double = 0
    /// First non-empty band touched and the band the swap ended in.
    public var firstBand: Int = 0
    public var lastBand: Int = 0
    /// Admin fee taken from the input.
    public var adminFee: Double = 0
    /// New balance of the input coin in each band from min(first, last) to max(first, last), in the order the
    /// swap met them, and the output coin left in the last band.
    public var inputBalances: [Double] = []
    public var lastOutputBalance: Double = 0
}

extension BandAMM {
    /// What swapping exactly `amountIn` would do at `now`, without changing the AMM (`calc_swap_out`,
    /// AMM.vy L884-1033, with `get_dxdy`'s oracle read).
    ///
    /// Band by band from the active one: y0, f, g and I = (f + x)(g + y); the band's fee max(fee, oracle-jump
    /// fee, band dynamic fee); antifee = 1/(1 − fee). Pumping, the input that empties the band's y is
    /// Δx = (I/g − f − x)·antifee; if what is left fits, the band takes all of it and pays
    /// y − (I/(f + x + in·(1 − fee)) − g + 1 wei) (the contract's integers keep the bracket ≥ 0, "should be
    /// always >= 0"; in Double a result that should be 0 can come out a rounding error below, so it is
    /// clamped); otherwise it pays all its y, keeps Δx (at least 1 wei) and the
    /// swap steps to n + 1. Dumping is the mirror (f ↔ g, x ↔ y, n − 1). The whole input stays in the band
    /// (the fee is the band's, so its borrowers', income) except the admin's share. A swap stops at the last
    /// band with liquidity, after 50 non-empty bands, or where the band is more than (A/(A−1))^50 from the
    /// oracle.
    /// Quotes leave ``BandTrade/inputBalances`` empty (no allocation: an arbitrageur's sizing quotes dozens of
    /// sizes per look).
    public func quoteSwap(_ direction: BandSwapDirection, amountIn: Double, at now: Double) -> BandTrade {
        calcSwapOut(direction, amountIn: amountIn, oracle: limitedOracle(at: now), at: now, recordBalances: false)
    }

    @usableFromInline
    func calcSwapOut(_ direction: BandSwapDirection, amountIn: Double,
                     oracle: (price: Double, jumpFee: Double), at now: Double, recordBalances: Bool = true) -> BandTrade {
        let pump = direction == .pump
        let pO = oracle.price
        var out = BandTrade()
        out.lastBand = activeBand
        var pUp = oracleUp(activeBand, at: now)
        var x = self.x(activeBand)
        var y = self.y(activeBand)
        var left = amountIn
        let baseFee = max(fee, oracle.jumpFee)
        let unset = Self.maxTicks
        var j = unset
        let limit = Self.maxTicks + Self.maxSkipTicks

        for i in 0..<limit {
            var f = 0.0, g = 0.0, inv = 0.0
            var bandFee = baseFee
            if x > 0 || y > 0 {
                if j == unset {
                    out.firstBand = out.lastBand
                    j = 0
                }
                let y0 = self.y0(x: x, y: y, oracle: pO, oracleUp: pUp)
                (f, g) = fg(y0: y0, oracle: pO, oracleUp: pUp)
                inv = (f + x) * (g + y)
                bandFee = max(bandDynamicFee(oracle: pO, oracleUp: pUp), baseFee)
            }
            let antifee = 1 / (1 - min(bandFee, 1 - Self.wei))
            if j != unset && recordBalances { out.inputBalances.append(pump ? x : y) }
            let pRatio = pUp / pO

            if pump {
                if y != 0 && g != 0 {
                    let xDest = (inv / g - f) - x
                    let dx = xDest * antifee
                    if dx >= left {
                        let net = left / antifee
                        out.lastOutputBalance = min(max(inv / (f + (x + net)) - g, 0) + Self.wei, y)
                        let admin = (left - net) * adminFee
                        x += left
                        out.amountOut += y - out.lastOutputBalance
                        if recordBalances { out.inputBalances[j] = x - admin }
                        out.amountIn = amountIn
                        out.adminFee += admin
                        break
                    }
                    let step = max(dx, Self.wei)
                    let admin = (step - xDest) * adminFee
                    left -= step
                    if recordBalances { out.inputBalances[j] = x + step - admin }
                    out.amountIn += step
                    out.amountOut += y
                    out.adminFee += admin
                }
                if i != limit - 1 {
                    if out.lastBand == maxBand || j == Self.maxTicks - 1 || pRatio < 1 / maxOracleDownPower { break }
                    out.lastBand += 1
                    pUp = pUp * aMinus1 / a
                    x = 0
                    y = self.y(out.lastBand)
                }
            } else {
                if x != 0 && f != 0 {
                    let yDest = (inv / f - g) - y
                    let dy = yDest * antifee
                    if dy >= left {
                        let net = left / antifee
                        out.lastOutputBalance = min(max(inv / (g + (y + net)) - f, 0) + Self.wei, x)
                        let admin = (left - net) * adminFee
                        y += left
                        out.amountOut += x - out.lastOutputBalance
                        if recordBalances { out.inputBalances[j] = y - admin }
                        out.amountIn = amountIn
                        out.adminFee += admin
                        break
                    }
                    let step = max(dy, Self.wei)
                    let admin = (step - yDest) * adminFee
                    left -= step
                    if recordBalances { out.inputBalances[j] = y + step - admin }
                    out.amountIn += step
                    out.amountOut += x
                    out.adminFee += admin
                }
                if i != limit - 1 {
                    if out.lastBand == minBand || j == Self.maxTicks - 1 || pRatio > maxOracleDownPower { break }
                    out.lastBand -= 1
                    pUp = pUp * a / aMinus1
                    x = self.x(out.lastBand)
                    y = 0
                }
            }
            if j != unset { j += 1 }
        }
        return out
    }

    /// Swaps exactly `amountIn` at `now` (`exchange`, `_exchange` with `use_in_amount`, AMM.vy L1098-1196): the
    /// oracle is written first, even for a zero amount; the bands the swap crossed take their new balances
    /// and the active band moves to where it ended. Returns the trade, with `amountIn` = 0 when nothing
    /// traded (no output).
    @discardableResult
    public mutating func exchange(_ direction: BandSwapDirection, amountIn: Double, at now: Double) -> BandTrade {
        let oracle = writeOracle(at: now)
        guard amountIn > 0 else { return BandTrade(firstBand: activeBand, lastBand: activeBand) }
        let trade = calcSwapOut(direction, amountIn: amountIn, oracle: oracle, at: now)
        guard trade.amountOut > 0, trade.amountIn > 0 else {
            return BandTrade(firstBand: activeBand, lastBand: activeBand)
        }
        apply(trade, direction)
        _checkInvariants()
        return trade
    }

    mutating func apply(_ trade: BandTrade, _ direction: BandSwapDirection) {
        let lo = min(trade.firstBand, trade.lastBand)
        let diff = abs(trade.lastBand - trade.firstBand)
        reserveBands(lo, lo + diff)
        for k in 0...diff {
            let n = lo + k
            switch direction {
            case .pump:
                setBand(n, x: trade.inputBalances[k], y: n == trade.lastBand ? trade.lastOutputBalance : 0)
            case .dump:
                setBand(n, x: n == trade.lastBand ? trade.lastOutputBalance : 0, y: trade.inputBalances[diff - k])
            }
        }
        activeBand = trade.lastBand
        switch direction {
        case .pump:
            adminFeesX += trade.adminFee
            netXIn += trade.amountIn
            grossXIn += trade.amountIn
            netYIn -= trade.amountOut
        case .dump:
            adminFeesY += trade.adminFee
            netYIn += trade.amountIn
            grossYIn += trade.amountIn
            netXIn -= trade.amountOut
        }
    }

    /// The input that brings the AMM price to `price` at `now`, and which way (`get_amount_for_price`,
    /// AMM.vy L1635-1736): band by band from the active one, the amount that takes each band to its edge (with
    /// its fee) until the band whose current price range holds `price`, where it trades to `price` on the
    /// invariant. The contract's cap on bands applies (50 non-empty, or (A/(A−1))^50 from the oracle).
    public func amountForPrice(_ price: Double, at now: Double) -> (amount: Double, direction: BandSwapDirection) {
        var n = activeBand
        let oracle = limitedOracle(at: now)
        let pO = oracle.price
        var pUp = oracleUp(n, at: now)
        var pDown = pO * pO / pUp * pO / pUp
        var pUpCurrent = pDown * (a * a) / (aMinus1 * aMinus1)
        var amount = 0.0
        let unset = Self.maxTicks
        var j = unset
        var pump = true
        let baseFee = max(fee, oracle.jumpFee)

        for i in 0..<(Self.maxTicks + Self.maxSkipTicks) {
            let x = self.x(n), y = self.y(n)
            if i == 0 && price < self.price(band: n, x: x, y: y, at: now) { pump = false }
            var bandFee = baseFee
            let notEmpty = x > 0 || y > 0
            var f = 0.0, g = 0.0, inv = 0.0
            if notEmpty {
                let y0 = self.y0(x: x, y: y, oracle: pO, oracleUp: pUp)
                (f, g) = fg(y0: y0, oracle: pO, oracleUp: pUp)
                inv = (f + x) * (g + y)
                if j == unset { j = 0 }
                bandFee = max(bandDynamicFee(oracle: pO, oracleUp: pUp), baseFee)
            }
            let antifee = 1 / (1 - min(bandFee, 1 - Self.wei))
            if price <= pUpCurrent && price >= pDown {
                if notEmpty {
                    let yNew = max((inv / price).squareRoot(), g) - g
                    let xNew = max(inv / (g + yNew), f) - f
                    amount += pump ? (max(xNew, x) - x) * antifee : (max(yNew, y) - y) * antifee
                }
                break
            }
            let pRatio = pUp / pO
            if pump {
                if notEmpty { amount += ((inv / g - f) - x) * antifee }
                if n == maxBand || j == Self.maxTicks - 1 || pRatio < 1 / maxOracleDownPower { break }
                n += 1
                pDown = pUpCurrent
                pUpCurrent = pUpCurrent * (a * a) / (aMinus1 * aMinus1)
                pUp = pUp * aMinus1 / a
            } else {
                if notEmpty { amount += ((inv / f - g) - y) * antifee }
                if n == minBand || j == Self.maxTicks - 1 || pRatio > maxOracleDownPower { break }
                n -= 1
                pUpCurrent = pDown
                pDown = pDown * (aMinus1 * aMinus1) / (a * a)
                pUp = pUp * a / aMinus1
            }
            if j != unset { j += 1 }
        }
        return (amount, pump ? .pump : .dump)
    }
}
