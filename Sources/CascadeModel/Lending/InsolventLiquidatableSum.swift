import Stochastic

/// The shortfall terms (``PositionKind/shortfallTerms(_:assetTerms:)``), summed, of the positions that are
/// both liquidatable at the oracle and insolvent at market prices, so their total shortfall
///
///     Σ_p (k_p + D_p·p_debt − Σ_a c_pa·p_a)  =  Σk + p_debt·ΣD − Σ_a p_a·Σc_a
///
/// (lending: k = 0, D the debt, c_a the collateral)
/// costs O(assets) to read instead of a walk over every such position: with a million positions and a
/// backlog of liquidatable ones, that walk at every time-series sample was most of a year-long run.
///
/// ``LendingProtocol`` calls ``resync(_:isMember:kind:)`` for every position whose membership or balances may
/// have changed. Each member's contribution is stored when it joins and subtracted exactly when it leaves or
/// changes, and the sums are compensated (``CompensatedSum``), so the total does not drift over millions
/// of joins and leaves.
struct InsolventLiquidatableSum: Sendable {
    let assetCount: Int
    private var isMember: [Bool] = []
    /// Each member's constant term, only for kinds that have one (``PositionKind/shortfallHasConstant``).
    private var memberConstant: [Double] = []
    private var memberDebt: [Double] = []
    /// Row-major, `assetCount` per position.
    private var memberCollateral: [Double] = []
    private var constantSum = CompensatedSum()
    private var debtSum = CompensatedSum()
    private var terms: [Double]
    private var collateralSums: [CompensatedSum]
    private(set) var count = 0

    init(assetCount: Int) {
        self.assetCount = assetCount
        collateralSums = Array(repeating: CompensatedSum(), count: assetCount)
        terms = Array(repeating: 0, count: assetCount)
    }

    /// Makes `p`'s contribution match its current terms in `kind` if `isMember`, or removes it.
    /// - Complexity: O(assets).
    mutating func resync<K: PositionKind>(_ p: Int, isMember member: Bool, kind: K) {
        if isMember.count <= p {
            let n = max(p + 1, kind.count)
            if K.shortfallHasConstant { memberConstant += Array(repeating: 0, count: n - isMember.count) }
            memberDebt += Array(repeating: 0, count: n - isMember.count)
            memberCollateral += Array(repeating: 0, count: (n - isMember.count) * assetCount)
            isMember += Array(repeating: false, count: n - isMember.count)
        }
        let base = p * assetCount
        if isMember[p] {
            if K.shortfallHasConstant { constantSum.add(-memberConstant[p]) }
            debtSum.add(-memberDebt[p])
            for a in 0..<assetCount { collateralSums[a].add(-memberCollateral[base + a]) }
            isMember[p] = false
            count -= 1
        }
        guard member else { return }
        let (k, d) = kind.shortfallTerms(p, assetTerms: &terms)
        if K.shortfallHasConstant {
            memberConstant[p] = k
            constantSum.add(k)
        }
        memberDebt[p] = d
        debtSum.add(d)
        for a in 0..<assetCount {
            let c = terms[a]
            memberCollateral[base + a] = c
            collateralSums[a].add(c)
        }
        isMember[p] = true
        count += 1
    }

    /// Whether `p` is counted.
    func contains(_ p: Int) -> Bool { p < isMember.count && isMember[p] }

    /// ``resync(_:isMember:kind:)`` for a lending book.
    mutating func resync(_ p: Int, isMember member: Bool, book: PositionBook) { resync(p, isMember: member, kind: book) }

    /// Σk + p_debt·ΣD − Σ_a p_a·Σc_a at `prices` (USD), never below 0 (every member's own term is > 0 at the
    /// prices membership was last decided at; an empty set gives exactly 0).
    func shortfall(prices: OraclePrices) -> Double {
        guard count > 0 else { return 0 }
        var collateralValue = 0.0
        for a in 0..<assetCount { collateralValue += collateralSums[a].value * prices.collateral[a] }
        return max(0, constantSum.value + debtSum.value * prices.debt - collateralValue)
    }
}
