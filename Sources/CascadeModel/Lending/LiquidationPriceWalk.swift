/// Visits the liquidatable positions of a ``LiquidationPriceIndex`` from the largest size key down, without
/// listing them first: a best-first walk over the index's segment tree of bucket tops, then down each
/// bucket's heap (the top-k-from-a-heap walk of ``PositionHeapWalk``, one level up). The frontier holds tree
/// nodes, bucket heap slots and the liquidatable positions of the boundary buckets, each under the largest
/// size below it, so the top of the frontier is always the largest size not yet visited. O(log n) per
/// position visited. The index must not change between ``start(_:)`` and the last ``next(_:)``.
struct LiquidationPriceWalk {
    private var keys: [Double] = []
    private var refs: [UInt64] = []
    /// Tag bits: tree node, bucket heap slot, single position; and the regime bit (the repay bound's regime
    /// of a tree node; for a position, that its key is its own repay bound, ``RepayBound/exact(debt:collateral:)``).
    private static let slotTag: UInt64 = 1 << 62
    private static let positionTag: UInt64 = 2 << 62
    private static let regimeBit: UInt64 = 1 << 61
    private static let payload: UInt64 = (1 << 61) - 1
    /// With a ``RepayBound``, keys are bounds on the debt one liquidation repays instead of size keys.
    private var repay: RepayBound?
    /// First bucket of regime B (health factors possibly at or below the close-factor threshold).
    private var regimeSplit = 0

    /// Starts at the largest liquidatable position of `index`; with `repay`, positions come in the order of
    /// a bound on what one liquidation of each may repay (debt units, ``RepayBound``), which is what its
    /// profit grows with, instead of by size key.
    /// - Complexity: O(m + log buckets) for the m positions of the boundary buckets.
    mutating func start(_ index: LiquidationPriceIndex, repay: RepayBound? = nil) {
        keys.removeAll(keepingCapacity: true)
        refs.removeAll(keepingCapacity: true)
        self.repay = repay
        let r = index.prices.inDebtUnits(0)
        regimeSplit = repay.map { index.bucket(r / $0.healthThreshold * (1 - LiquidationPriceIndex.margin)) } ?? index.bucketCount
        for b in index.lo...index.hi {
            for (s, p) in index.members[b].enumerated() where index.boundaryFlag[Int(p)] {
                push(key(index.keys[b][s], bucket: b, b >= regimeSplit, index), Self.positionTag | UInt64(p))
            }
        }
        // The buckets above the boundary, as the canonical nodes of the segment tree covering them, split at
        // the regime boundary.
        let first = index.hi + 1, split = max(first, min(regimeSplit, index.bucketCount))
        pushRange(first, split, regimeB: false, index)
        pushRange(split, index.bucketCount, regimeB: true, index)
    }

    /// The walk key of size key `size` in bucket `b` (or, for a tree node, the last bucket it covers).
    @inline(__always)
    private func key(_ size: Double, bucket b: Int, _ regimeB: Bool, _ index: LiquidationPriceIndex) -> Double {
        guard let repay else { return size }
        return repay.bound(collateral: size, debtPerCollateral: index.debtPerCollateralBound(b), regimeB: regimeB)
    }

    private mutating func pushRange(_ from: Int, _ to: Int, regimeB: Bool, _ index: LiquidationPriceIndex) {
        var l = index.leafBase + from, r = index.leafBase + to
        while l < r {
            if l & 1 == 1 { pushNode(l, regimeB, index); l += 1 }
            if r & 1 == 1 { r -= 1; pushNode(r, regimeB, index) }
            l >>= 1
            r >>= 1
        }
    }

    /// The largest size key not yet visited, or `nil` when every liquidatable position has been.
    func peekKey() -> Double? { keys.first }

    /// Visits the liquidatable position with the largest key not yet visited and returns it.
    ///
    /// With a ``RepayBound`` a position's key from its bucket (a bound for every size up to its own, so that
    /// it can order the bucket's heap) may be far above what the position itself may repay: the band of
    /// positions that may be closed in full is judged from the bucket, not from the position's debt. So a
    /// position reached under such a key goes back into the frontier under its own bound, from its debt
    /// and collateral in `book`, and is visited when that comes up: positions come in the order of their
    /// own repay bounds, and a walk that stops at a profit bound quotes the positions that can reach it.
    mutating func next(_ index: LiquidationPriceIndex, book: PositionBook) -> Int? {
        while let ref = refs.first {
            let reachedAt = keys[0]
            pop()
            let value = ref & Self.payload
            let p: Int
            switch ref & ~(Self.payload | Self.regimeBit) {
            case Self.positionTag:
                p = Int(value)
                if ref & Self.regimeBit != 0 { return p }
            case Self.slotTag:
                let b = Int(value >> 32), s = Int(value & 0xFFFF_FFFF)
                let n = index.keys[b].count, regimeB = b >= regimeSplit
                if 2 * s + 1 < n { push(key(index.keys[b][2 * s + 1], bucket: b, regimeB, index), Self.slotTag | UInt64(b) << 32 | UInt64(2 * s + 1)) }
                if 2 * s + 2 < n { push(key(index.keys[b][2 * s + 2], bucket: b, regimeB, index), Self.slotTag | UInt64(b) << 32 | UInt64(2 * s + 2)) }
                p = Int(index.members[b][s])
            default:
                let node = Int(value), regimeB = ref & Self.regimeBit != 0
                if node >= index.leafBase {
                    let b = node - index.leafBase
                    if !index.keys[b].isEmpty { push(key(index.keys[b][0], bucket: b, regimeB, index), Self.slotTag | UInt64(b) << 32) }
                } else {
                    pushNode(2 * node, regimeB, index)
                    pushNode(2 * node + 1, regimeB, index)
                }
                continue
            }
            guard let repay else { return p }
            let own = repay.exact(debt: book.debt[p], collateral: book.collateral(p, 0))
            guard own < reachedAt else { return p }
            push(own, Self.positionTag | Self.regimeBit | UInt64(p))
        }
        return nil
    }

    /// Pushes tree node `node` under the largest key of the positions below it: its largest size at the
    /// debt-per-collateral bound of the last bucket it covers (the bound grows with the bucket).
    private mutating func pushNode(_ node: Int, _ regimeB: Bool, _ index: LiquidationPriceIndex) {
        let top = index.tops[node]
        guard top > -.infinity else { return }
        var last = node
        if repay != nil { while last < index.leafBase { last = 2 * last + 1 } }
        let k = repay == nil ? top : key(top, bucket: min(last - index.leafBase, index.bucketCount - 1), regimeB, index)
        push(k, UInt64(node) | (regimeB ? Self.regimeBit : 0))
    }

    private mutating func push(_ key: Double, _ ref: UInt64) {
        keys.append(key)
        refs.append(ref)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if keys[parent] >= key { break }
            keys[i] = keys[parent]
            refs[i] = refs[parent]
            i = parent
        }
        keys[i] = key
        refs[i] = ref
    }

    private mutating func pop() {
        let lastKey = keys.removeLast(), lastRef = refs.removeLast()
        let n = keys.count
        guard n > 0 else { return }
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && keys[child + 1] > keys[child] { child += 1 }
            if keys[child] <= lastKey { break }
            keys[i] = keys[child]
            refs[i] = refs[child]
            i = child
        }
        keys[i] = lastKey
        refs[i] = lastRef
    }
}

/// A walk over the flagged positions from the largest size key down, over whichever index the lending
/// protocol keeps (``LendingProtocol/startWalk(_:)``).
struct FlaggedSizeWalk {
    var byPrice = LiquidationPriceWalk()
    var byTriggers = PositionHeapWalk()
}

/// An upper bound on the debt one fixed-spread liquidation of a position may repay, from its collateral c and
/// a bound m on its debt per unit of collateral (D ≤ m·c: the upper edge of its liquidation-price bucket times
/// LT, as L = D/(c·LT)). ``LendingProtocol/quoteFixedSpread(_:asset:requestedDebt:spec:prices:)`` repays
/// x ≤ min(f·D, D, c·r/(1 + i)) (f the close factor, r = p_c/p_debt, i the bonus: the seizure cannot exceed c).
/// Above the close-factor threshold (regime A) f is the close factor except for a position worth less than
/// `full_close_below_usd` in debt or collateral, which can only be one with D below ``smallDebt``; at or below
/// it (regime B) f ≤ 1. So x ≤ min(max(f·m·c, min(m·c, S)), c·r/(1 + i)) in A and min(m·c, c·r/(1 + i)) in B,
/// both non-decreasing in c and m, with a 1e-9 relative margin for rounding. Profit grows with x up to the
/// pool's best size (``GrossProfitBound``), so a walk in this order can release offers as soon as the
/// bound of what is left falls below them.
struct RepayBound {
    let closeFactor: Double
    /// The close factor at or below the threshold.
    let fullCloseFactor: Double
    let healthThreshold: Double
    /// Debt units: every position that may be closed in full above the threshold has less debt than this.
    let smallDebt: Double
    /// r/(1 + i): the most debt one unit of collateral can repay.
    let debtPerCollateralSeized: Double
    /// r·LT: a position's health factor is c·r·LT/D.
    let healthPerCollateralPerDebt: Double
    /// `full_close_below_usd` in debt units and in collateral units (0 when it is off).
    let fullCloseDebt: Double
    let fullCloseCollateral: Double

    /// The bound under fixed-spread `rules` for a book of one collateral asset, `asset`, at `prices`.
    init(rules: FixedSpreadSpec, asset: CollateralAsset, prices: OraclePrices) {
        let lt = asset.liquidationThreshold, t = rules.closeFactorHealthThreshold
        let full = rules.fullCloseBelowUSD
        // D·p_debt < F, or c·p_c = D·p_debt·HF/LT < F with HF > t: either way D < F·max(1, LT/t)/p_debt.
        smallDebt = full > 0 ? (t > 0 ? full * max(1, lt / t) / prices.debt * (1 + 1e-9) : .infinity) : 0
        let r = prices.inDebtUnits(0)
        closeFactor = rules.closeFactor
        fullCloseFactor = rules.fullCloseFactor
        healthThreshold = t
        debtPerCollateralSeized = r / (1 + asset.liquidationBonus) * (1 + 1e-12)
        healthPerCollateralPerDebt = r * lt
        fullCloseDebt = full / prices.debt
        fullCloseCollateral = full / prices.collateral[0]
    }

    /// A bound on what one liquidation of a position with debt `d` and collateral `c` repays, from the
    /// position itself: min(f·D, D, c·r/(1 + i)) with f its close factor
    /// (``LendingProtocol/maxCloseFactor(_:asset:healthFactor:spec:prices:)``). Where the health factor is
    /// within 1e-9 of the threshold, or the debt or collateral within 1e-9 of `full_close_below_usd`, f is
    /// the larger of the two it could be, so rounding cannot make the bound too small.
    @inline(__always)
    func exact(debt d: Double, collateral c: Double) -> Double {
        guard c > 0, d > 0 else { return 0 }
        let maySmall = d < fullCloseDebt * (1 + 1e-9) || c < fullCloseCollateral * (1 + 1e-9)
        let hf = c * healthPerCollateralPerDebt / d
        let f: Double
        if maySmall { f = 1 }
        else if hf > healthThreshold * (1 + 1e-9) { f = closeFactor }
        else if hf <= healthThreshold * (1 - 1e-9) { f = fullCloseFactor }
        else { f = max(closeFactor, fullCloseFactor) }
        return min(f * d, d, c * debtPerCollateralSeized) * (1 + 1e-9)
    }

    @inline(__always)
    func bound(collateral c: Double, debtPerCollateral m: Double, regimeB: Bool) -> Double {
        guard c > 0 else { return 0 }
        let debt = m * c, seizable = c * debtPerCollateralSeized
        let x = regimeB ? min(debt, seizable) : min(max(closeFactor * debt, min(debt, smallDebt)), seizable)
        return x * (1 + 1e-9)
    }
}
