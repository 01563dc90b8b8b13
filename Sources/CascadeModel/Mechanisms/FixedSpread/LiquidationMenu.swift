import Foundation

/// One liquidation a bot could send, as ``FixedSpreadKeepers/menu(for:_:)`` lists it.
struct LiquidationOffer {
    var profit: Double
    var position: Int
    var asset: Int
    var debt: Double
    var cost: Double
    var tip: Double
    /// Collateral the bot receives (seized less the protocol's fee), asset units.
    var collateral: Double
}

/// The offers bots of one spec share until the next event that is not a bot wake, found lazily (see
/// ``FixedSpreadKeepers/offer(_:at:_:)``). A class: bots read and extend the same menu in place.
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
    var walk = FlaggedSizeWalk()
    var exhausted = false
    /// The largest gross (before gas) of the offers quoted and found below the threshold.
    var bestRejectedGross = -Double.infinity
    /// The largest gross of any flagged position, once ``FixedSpreadKeepers/bestGross(_:_:)`` has found it.
    var bestGross: Double?
    /// Quotes of positions with a visible public bid (nil: not liquidatable), made for the first bot of the
    /// menu that races for them and read by the others.
    var contested: [Int32: LiquidationOffer?] = [:]

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

    /// The highest base fee (gwei) at which an action grossing `gross` before gas would still clear
    /// `min_profit_usd`: with a fixed tip t, (gross − m)/g − t; with a profit share s, whose tip takes
    /// s·(gross − g·b), (gross − m/(1 − s))/g; g = gas cost per gwei (USD). A tip capped by the max fee only
    /// raises it.
    func breakEvenBaseFee(gross: Double) -> Double {
        let m = spec.minProfitUSD
        switch spec.gasBidding {
        case .fixed(let t): return (gross - m) / gasUSDPerGwei - t
        case .profitShare(let s):
            guard s < 1 else { return m <= 0 ? gross / gasUSDPerGwei : -.infinity }
            return (gross - m / (1 - s)) / gasUSDPerGwei
        }
    }

    /// The gross (USD, before gas) at or below which ``breakEvenBaseFee(gross:)`` is not positive: no base fee
    /// is low enough for it, so a keeper that can gross no more than this waits for prices to move, however
    /// much less it could gross.
    var grossAtZeroBaseFee: Double {
        let m = spec.minProfitUSD
        switch spec.gasBidding {
        case .fixed(let t): return m + gasUSDPerGwei * t
        case .profitShare(let s):
            guard s < 1 else { return m <= 0 ? 0 : .infinity }
            return m / (1 - s)
        }
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
/// (``PositionBook/sizeKey(_:)``), at the current prices and pools.
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
    func maxGross(size: Double) -> Double { maxGross(size: size, margin: 1) }

    /// The same bound less twice its rounding margin: below what any position of size key at most `size` could
    /// gross by more than rounding (the margin once for the bound, once for the quote).
    func maxGrossLessRounding(size: Double) -> Double { maxGross(size: size, margin: -1) }

    private func maxGross(size: Double, margin m: Double) -> Double {
        let c = costPerDebt
        let debt = size * repaidPerSize
        var best = 0.0
        for term in terms {
            switch term {
            case .pool(let u, let rIn, let v):
                guard u > 0 else { continue }
                let x = min(debt, Self.bestRepayment(inputPerDebt: u, reserveIn: rIn, outputValue: v, costPerDebt: c))
                guard x > 0 else { continue }
                let out = Self.saleValue(repaying: x, inputPerDebt: u, reserveIn: rIn, outputValue: v)
                best = max(best, out - c * x + m * 1e-9 * (out + c * x))
            case .hold(let valuePerDebt):
                best = max(best, (valuePerDebt * (1 + m * 1e-9) - c * (1 - m * 1e-9)) * debt)
            }
        }
        return best.isNaN ? .infinity : best
    }

    /// The repayment x* = (√(V·u·R_in/C) − R_in)/u at which a pool term's gross h(x) peaks (≤ 0 when no
    /// repayment pays).
    static func bestRepayment(inputPerDebt u: Double, reserveIn rIn: Double, outputValue v: Double, costPerDebt c: Double) -> Double {
        ((v * u * rIn / c).squareRoot() - rIn) / u
    }

    /// The amount x ≤ `cap` whose sale gross h(x) is largest over `pools`, with u = k·(1 − fee) and
    /// V = R_out·p_debt·`outputShare` per pool and cost c a unit; nil when no pool can take a sale. The
    /// fixed-spread keepers choose their repayment with it (k: collateral kept per unit repaid, c its cost),
    /// the Dutch-auction keepers their slice (k = 1, `outputShare` = 1 − margin, c the auction price).
    static func bestAmount(pools: [ConstantProductPool], inputPerUnit k: Double, debtPrice: Double, outputShare: Double,
                           costPerUnit c: Double, cap: Double) -> Double? {
        var best: (gross: Double, x: Double)?
        for pool in pools {
            let (rIn, rOut) = pool.reserves(for: .sellCollateral)
            let u = k * (1 - pool.fee), v = rOut * debtPrice * outputShare
            guard u > 0, rIn > 0 else { continue }
            let x = min(cap, max(0, bestRepayment(inputPerDebt: u, reserveIn: rIn, outputValue: v, costPerDebt: c)))
            let gross = saleValue(repaying: x, inputPerDebt: u, reserveIn: rIn, outputValue: v) - c * x
            if gross > (best?.gross ?? -.infinity) { best = (gross, x) }
        }
        return best?.x
    }

    /// What the pool pays, USD, for the collateral kept from repaying `x`: V·u·x/(R_in + u·x).
    static func saleValue(repaying x: Double, inputPerDebt u: Double, reserveIn rIn: Double, outputValue v: Double) -> Double {
        v * u * x / (rIn + u * x)
    }
}
