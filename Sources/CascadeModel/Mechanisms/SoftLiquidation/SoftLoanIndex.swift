/// The soft-liquidation loans ordered by their top band n1, so that the loans a price or a swap can affect are
/// found by binary search, never by a scan of the book.
///
/// A loan's health moves only while some of its bands lie between the active band and the oracle's band (or
/// hold both coins): bands below both hold collateral valued at their fixed band prices, bands above both hold
/// USD. So after any change the loans to look at are those with bands in [lo, hi], the span of the active band
/// and the oracle's band, which are those with n1 in [lo − (N_max − 1), hi], N_max the most bands of any loan. The same order counts the loans in
/// soft liquidation (n1 ≤ active ≤ n2) as #(n1 ≤ active) − #(n2 < active).
struct SoftLoanIndex: Sendable {
    /// Loans sorted by (n1, loan).
    private(set) var byTop: [Int] = []
    private var tops: [Int] = []
    /// Bottom bands n2 of open loans, sorted (for the count in soft liquidation).
    private var bottoms: [Int] = []
    /// Top bands of open loans, sorted.
    private var openTops: [Int] = []
    /// The most bands any loan has.
    private(set) var maxBands = 1

    init(n1: [Int], n2: [Int]) {
        maxBands = zip(n1, n2).map { $0.1 - $0.0 + 1 }.max() ?? 1
        byTop = n1.indices.sorted { (n1[$0], $0) < (n1[$1], $1) }
        tops = byTop.map { n1[$0] }
        openTops = tops
        bottoms = n2.sorted()
    }

    /// Loans whose bands may reach into [lo, hi]: n1 in [lo − (maxBands − 1), hi], in (n1, loan) order.
    func loans(touching lo: Int, _ hi: Int) -> ArraySlice<Int> {
        let start = Self.firstIndex(in: tops, atLeast: lo - (maxBands - 1))
        let end = Self.firstIndex(in: tops, atLeast: hi + 1)
        return byTop[start..<end]
    }

    /// Loans with n1 ≤ hi, in (n1, loan) order.
    func loans(atOrAbove hi: Int) -> ArraySlice<Int> {
        byTop[0..<Self.firstIndex(in: tops, atLeast: hi + 1)]
    }

    /// Open loans with n1 ≤ active ≤ n2.
    func openInSoftLiquidation(active: Int) -> Int {
        Self.firstIndex(in: openTops, atLeast: active + 1) - Self.firstIndex(in: bottoms, atLeast: active)
    }

    /// A loan with bands n1...n2 closed.
    mutating func close(n1: Int, n2: Int) {
        openTops.remove(at: Self.firstIndex(in: openTops, atLeast: n1))
        bottoms.remove(at: Self.firstIndex(in: bottoms, atLeast: n2))
    }

    /// The first index of a sorted array whose element is ≥ `value` (its count when none is).
    static func firstIndex(in sorted: [Int], atLeast value: Int) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
