import Foundation

/// Why the LLAMMA refused a deposit.
public enum BandDepositError: Error, Equatable, CustomStringConvertible {
    case tooManyBands(Int)
    case amountTooLow(Double)
    case belowActiveBand(n1: Int, active: Int)
    case bandNotEmpty(Int)

    public var description: String {
        switch self {
        case .tooManyBands(let n): return "a deposit over \(n) bands; LLAMMA takes 1 to \(BandAMM.maxTicks)"
        case .amountTooLow(let y): return "\(y) collateral per band is too low (the contract needs more than 100 wei)"
        case .belowActiveBand(let n1, let active):
            return "band \(n1) is not below the active band \(active) and the bands between hold USD"
        case .bandNotEmpty(let n): return "band \(n) holds USD: it is above the active band"
        }
    }
}

/// A user's deposit in the LLAMMA: its bands and its shares of each.
public struct BandUser: Sendable, Equatable, Hashable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
}

extension BandAMM {
    /// Deposits `amount` of collateral for a new user evenly over bands n1...n2 (`deposit_range`, AMM.vy
    /// L686-778): each band gets ⌊amount/N⌋, the first the remainder, and the user shares of it
    /// (s + dead)·y/(total_y + 1 wei). Bands must hold no USD: n1 must lie below the active band, or the bands
    /// in between must be empty, in which case the active band moves down to n1 − 1.
    /// - Returns: the new user.
    public mutating func depositRange(_ amount: Double, n1: Int, n2: Int) throws -> BandUser {
        let count = n2 - n1 + 1
        guard count >= 1, count <= Self.maxTicks else { throw BandDepositError.tooManyBands(count) }
        let perBand = amount / Double(count)
        guard perBand > 100 * Self.wei else { throw BandDepositError.amountTooLow(perBand) }
        var n0 = activeBand
        for i in 0...Self.maxSkipTicks {
            if n1 > n0 {
                if i != 0 { activeBand = n0 }
                break
            }
            guard x(n0) == 0, i < Self.maxSkipTicks else {
                throw BandDepositError.belowActiveBand(n1: n1, active: activeBand)
            }
            n0 -= 1
        }
        for band in n1...n2 where x(band) != 0 { throw BandDepositError.bandNotEmpty(band) }

        reserveBands(n1, n2)
        let user = BandUser(userN1.count)
        userN1.append(n1)
        userBandCount.append(count)
        userShareStart.append(userShares.count)
        for i in 0..<count {
            let band = n1 + i
            let y = i == 0 ? amount - perBand * Double(count - 1) : perBand
            let r = band - origin
            let totalY = bandY[r]
            let s = bandShares[r]
            let ds = (s + Self.deadShares) * y / (totalY + Self.wei)
            userShares.append(ds)
            bandShares[r] = s + ds
            bandUsers[r] += 1
            bandY[r] = totalY + y
        }
        minBand = min(minBand, n1)
        maxBand = max(maxBand, n2)
        netYIn += amount
        grossYIn += amount
        _checkInvariants()
        return user
    }

    /// The user's bands, n1...n2.
    public func bands(of user: BandUser) -> ClosedRange<Int> {
        let n1 = userN1[user.index]
        return n1...(n1 + userBandCount[user.index] - 1)
    }

    /// Whether the user still has liquidity (`has_liquidity`).
    public func hasLiquidity(_ user: BandUser) -> Bool {
        userBandCount[user.index] > 0 && userShares[userShareStart[user.index]] != 0
    }

    /// The user's shares of each of its bands, n1 first.
    public func shares(of user: BandUser) -> ArraySlice<Double> {
        let start = userShareStart[user.index]
        return userShares[start..<(start + userBandCount[user.index])]
    }

    /// The user's share of band n1 + i.
    @inlinable
    func share(_ user: BandUser, _ i: Int) -> Double { userShares[userShareStart[user.index] + i] }

    /// What the user owns now, USD and collateral (`get_sum_xy`): Σ band·share/(total + dead). The contract
    /// adds 1 wei to each band before its floored division; without the floor there is nothing to make up.
    public func sumXY(_ user: BandUser) -> (x: Double, y: Double) {
        guard hasLiquidity(user) else { return (0, 0) }
        var xs = 0.0, ys = 0.0
        for (i, n) in bands(of: user).enumerated() {
            let ts = totalShares(n) + Self.deadShares
            let ds = share(user, i)
            xs += x(n) * ds / ts
            ys += y(n) * ds / ts
        }
        return (xs, ys)
    }

    /// Withdraws `fraction` (0...1) of the user's liquidity (`withdraw`, AMM.vy L781-881): from each band
    /// x·ds/(s + dead) and the same of y (the contract's + 1 wei before its floored division is left out, as
    /// in ``sumXY``); a band whose last share leaves gives its dust to the admin.
    /// - Returns: USD and collateral withdrawn.
    public mutating func withdraw(_ user: BandUser, fraction: Double) -> (x: Double, y: Double) {
        precondition(fraction >= 0 && fraction <= 1, "withdraw fraction \(fraction), expected 0...1")
        precondition(hasLiquidity(user), "user \(user.index) has no deposit to withdraw")
        let range = bands(of: user)
        var totalX = 0.0, totalY = 0.0
        var newMinBand = minBand
        let oldMaxBand = maxBand
        var newMaxBand = range.lowerBound - 1
        for (i, n) in range.enumerated() {
            let r = n - origin
            var x = bandX[r], y = bandY[r]
            let k = userShareStart[user.index] + i
            let ds = fraction == 1 ? userShares[k] : fraction * userShares[k]
            userShares[k] -= ds
            var s = bandShares[r]
            // The contract's integer shares reach exactly 0 when the last share leaves; Double sums need not,
            // so the band counts its holders.
            if fraction == 1 { bandUsers[r] -= 1 }
            let newShares = bandUsers[r] == 0 ? 0 : s - ds
            bandShares[r] = newShares
            s += Self.deadShares
            let dx = min(x * ds / s, x)
            let dy = min(y * ds / s, y)
            x -= dx
            y -= dy
            if newShares == 0 {
                adminFeesX += x
                adminFeesY += y
                x = 0
                y = 0
            }
            if n == newMinBand && x == 0 && y == 0 { newMinBand += 1 }
            if x > 0 || y > 0 { newMaxBand = n }
            bandX[r] = x
            bandY[r] = y
            totalX += dx
            totalY += dy
        }
        if fraction == 1 { userShares[userShareStart[user.index]] = 0 }
        minBand = newMinBand
        if oldMaxBand <= range.upperBound { maxBand = newMaxBand }
        netXIn -= totalX
        netYIn -= totalY
        _checkInvariants()
        return (totalX, totalY)
    }
}

// MARK: - What a user's position is worth (get_xy_up, AMM.vy L1414-1547)

extension BandAMM {
    /// USD the user's position would yield if the price fell adiabatically through all its bands from now
    /// (`get_x_down`), at the limited oracle.
    public func xDown(_ user: BandUser, at now: Double) -> Double { xyUp(user, useY: false, at: now) }

    /// Collateral the user's position would hold if the price rose adiabatically through all its bands
    /// (`get_y_up`).
    public func yUp(_ user: BandUser, at now: Double) -> Double { xyUp(user, useY: true, at: now) }

    func xyUp(_ user: BandUser, useY: Bool, at now: Double) -> Double {
        guard hasLiquidity(user) else { return 0 }
        let pO = limitedOracle(at: now).price
        let range = bands(of: user)
        var pDown = oracleUp(range.lowerBound, at: now)
        var xy = 0.0
        for (i, n) in range.enumerated() {
            let x = n <= activeBand ? self.x(n) : 0
            let y = n >= activeBand ? self.y(n) : 0
            let pUp = pDown
            pDown = pDown * aMinus1 / a
            if x == 0 && y == 0 { continue }
            let total = totalShares(n)
            let userShare = share(user, i)
            if total == 0 || userShare == 0 { continue }
            let part = userShare / (total + Self.deadShares)
            xy += part * bandValue(x: x, y: y, oracle: pO, oracleUp: pUp, oracleDown: pDown, useY: useY)
        }
        return xy
    }

    /// What one share of each band in `range` is worth to ``xDown`` now, into `out` (band n at
    /// `out[n − range.lowerBound]`): a user's x_down is Σ its shares × these. Computing them once per band lets
    /// many loans' health be read without re-solving each band's invariant per loan.
    public func xDownPerShare(_ range: ClosedRange<Int>, at now: Double, into out: inout [Double]) {
        let pO = limitedOracle(at: now).price
        out.removeAll(keepingCapacity: true)
        var pDown = oracleUp(range.lowerBound, at: now)
        for n in range {
            let x = n <= activeBand ? self.x(n) : 0
            let y = n >= activeBand ? self.y(n) : 0
            let pUp = pDown
            pDown = pDown * aMinus1 / a
            let total = totalShares(n)
            if (x == 0 && y == 0) || total == 0 {
                out.append(0)
                continue
            }
            out.append(bandValue(x: x, y: y, oracle: pO, oracleUp: pUp, oracleDown: pDown, useY: false) / (total + Self.deadShares))
        }
    }

    /// ``xDown(_:at:)`` from per-share values ``xDownPerShare(_:at:into:)`` computed for bands from `lo` on.
    @inlinable
    public func xDown(_ user: BandUser, perShare: [Double], from lo: Int) -> Double {
        guard hasLiquidity(user) else { return 0 }
        let n1 = userN1[user.index], start = userShareStart[user.index]
        var xy = 0.0
        for i in 0..<userBandCount[user.index] { xy += userShares[start + i] * perShare[n1 + i - lo] }
        return xy
    }

    /// One band's (x, y) converted adiabatically: to collateral on the way up (`useY`) or to USD on the way
    /// down. Outside the band the band is first traded to its edge at constant p_o, then converted at the
    /// band's mean price p_up/√(A/(A−1)); inside, traded to p_o, then the rest converted at √(p_down·p_o) or
    /// √(p_up·p_o) (the Chainsecurity form of y_o the contract uses).
    @inlinable
    func bandValue(x: Double, y: Double, oracle pO: Double, oracleUp pUp: Double, oracleDown pDown: Double,
                   useY: Bool) -> Double {
        let pCurrentMid = pO * pO / pDown * pO / pUp
        if x == 0 || y == 0 {
            if pO > pUp {
                let yEquiv = y != 0 ? y : x / pCurrentMid
                return useY ? yEquiv : yEquiv * pUp / sqrtBandRatio
            } else if pO < pDown {
                let xEquiv = x != 0 ? x : y * pCurrentMid
                return useY ? xEquiv * sqrtBandRatio / pUp : xEquiv
            }
        }
        let y0 = self.y0(x: x, y: y, oracle: pO, oracleUp: pUp)
        let (f, g) = fg(y0: y0, oracle: pO, oracleUp: pUp)
        let inv = (f + x) * (g + y)
        if pO > pUp {
            let yO = max(inv / f, g) - g
            return useY ? yO : yO * pUp / sqrtBandRatio
        } else if pO < pDown {
            let xO = max(inv / g, f) - f
            return useY ? xO * sqrtBandRatio / pUp : xO
        }
        let yO = a * y0 * (pO - pDown) / pO
        let xO = max(inv / (g + yO), f) - f
        return useY ? yO + xO / (pUp * pO).squareRoot() : xO + yO * (pDown * pO).squareRoot()
    }
}
