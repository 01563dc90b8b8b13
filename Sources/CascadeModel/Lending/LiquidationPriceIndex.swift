/// The liquidatable positions of a single-collateral lending book, found with no work per position that
/// crosses HF = 1: a price move costs what it changes in the index (the buckets at the boundary), not the
/// number of positions it carries across.
///
/// With one collateral asset a position's health is HF = c·p_c·LT/(D·p_debt) = r/L, a function of one price
/// ratio r = p_c/p_debt, and it is liquidatable exactly when r is below its liquidation price L = D/(c·LT)
/// (debt units per unit of collateral), which no price move changes. Positions are bucketed by L on a
/// geometric grid (``bucketsPerOctave`` buckets per doubling, from the bits of L, so the bucket of a number
/// never decreases as the number grows). At ratio r every position in a bucket entirely above r(1 + 1e-9) is
/// liquidatable and every position in a bucket entirely below r(1 − 1e-9) is not; only the one or two
/// boundary buckets between are decided one by one, exactly as ``PositionBook/health(_:_:prices:)`` < 1 decides
/// (the margin covers the rounding of L and of HF, a few ulps). So the liquidatable set is a suffix of the
/// bucket order plus part of the boundary, and after every ``refresh(prices:book:)`` it is exactly the open
/// positions with HF < 1 at the prices of the refresh, as a full scan would find.
///
/// Each bucket keeps its positions in a max-heap on size (``PositionBook/sizeKey(_:)``) and a segment tree
/// holds each bucket's largest size, so the liquidatable positions can be visited from the largest down
/// (``LiquidationPriceWalk``) without listing them; a Fenwick tree of bucket counts gives their number.
/// Positions whose flag a refresh changes are listed only for callers that ask
/// (``refresh(prices:book:newlyLiquidatable:unflagged:)``), by walking the buckets between the old ratio
/// and the new one.
///
/// Every change to a position must be followed by ``update(_:book:)``, at the prices of the last refresh.
/// Multi-collateral books, whose health depends on several prices, use ``LiquidationIndex``.
public struct LiquidationPriceIndex: Sendable {
    /// Buckets per doubling of L: about one per four positions, a power of two from 2^6 = 64 to 2^12 = 4096 (a
    /// width of 0.017%, from 16,384 positions up), so a small book does not pay for a grid it cannot fill and
    /// a large one keeps its boundary buckets small.
    public let bucketsPerOctave: Int
    private let shift: UInt64
    /// Octaves of L covered on each side of the first ratio; positions beyond share the two end buckets,
    /// which stay exact (decided one by one once the ratio reaches them), only slower.
    private static let octavesEachSide = 16
    /// Relative margin around the ratio inside which positions are decided one by one.
    static let margin = 1e-9

    /// The liquidation threshold of the one collateral asset, as the one-element array the health factor takes
    /// (built once: an array literal per health check allocated on every boundary decision).
    private let thresholds: [Double]
    /// The liquidation threshold of the one collateral asset.
    var threshold: Double { thresholds[0] }
    let bucketCount: Int
    /// Bucket id (the top bits of a double) of bucket 0.
    private let firstID: Int
    /// Bucket of each position, or −1 when it is not indexed (closed, or no debt).
    private var bucketOf: [Int32] = []
    /// Slot of each indexed position in its bucket's heap.
    private var slotOf: [Int32] = []
    /// Whether a position in a boundary bucket is liquidatable (valid only for positions in `lo...hi`).
    private(set) var boundaryFlag: [Bool] = []
    /// Per bucket, a max-heap on size: the keys and the positions, slot by slot.
    private(set) var keys: [[Double]]
    private(set) var members: [[Int32]]
    /// Segment tree over the buckets of each bucket's largest size (−∞ when empty); leaves at `leafBase + b`.
    private(set) var tops: [Double]
    let leafBase: Int
    /// Fenwick tree of bucket counts (1-based).
    private var counts: [Int32]
    /// The prices of the last refresh, which every flag refers to.
    public private(set) var prices: OraclePrices
    /// Boundary buckets at `prices`: buckets above `hi` are liquidatable, below `lo` healthy.
    private(set) var lo = 0
    private(set) var hi = 0
    /// Open positions with HF < 1 at `prices`.
    public private(set) var flaggedCount = 0
    /// Whether positions that stop being liquidatable are logged for ``drainUnflagged(into:)``.
    public internal(set) var logsUnflagged = false
    private var unflaggedLog: [Int32] = []
    private var inUnflaggedLog: [Bool] = []

    /// Indexes every position of `book` (one collateral asset) at `prices`.
    /// - Precondition: `book.assetCount == 1`. - Complexity: O(n log n).
    public init(book: PositionBook, threshold: Double, prices: OraclePrices) {
        precondition(book.assetCount == 1, "The price index takes a single-collateral book, got \(book.assetCount) assets")
        thresholds = [threshold]
        var bits = 6
        while bits < 12 && (1 << (bits + 2)) < book.count { bits += 1 }
        bucketsPerOctave = 1 << bits
        shift = UInt64(52 - bits)
        bucketCount = 2 * Self.octavesEachSide * bucketsPerOctave
        var leaves = 1
        while leaves < bucketCount { leaves <<= 1 }
        leafBase = leaves
        firstID = Int(truncatingIfNeeded: prices.inDebtUnits(0).bitPattern >> shift) - Self.octavesEachSide * bucketsPerOctave
        keys = Array(repeating: [], count: bucketCount)
        members = Array(repeating: [], count: bucketCount)
        tops = Array(repeating: -.infinity, count: 2 * leaves)
        counts = Array(repeating: 0, count: bucketCount + 1)
        self.prices = prices
        (lo, hi) = boundary(prices.inDebtUnits(0))
        grow(to: book.count)
        for p in 0..<book.count { update(p, book: book) }
    }

    // MARK: Buckets

    /// The top bits of a positive double: non-decreasing in the number.
    @inline(__always)
    private func bucketID(_ x: Double) -> Int { Int(truncatingIfNeeded: x.bitPattern >> shift) }

    /// The bucket of liquidation price (or ratio) `x` > 0, clamped to the grid.
    @inline(__always)
    func bucket(_ x: Double) -> Int {
        guard x > 0 else { return 0 }
        return min(bucketCount - 1, max(0, bucketID(x) - firstID))
    }

    /// An upper bound on D/c of the positions in bucket `b`: the upper edge of its liquidation prices times LT
    /// (+∞ for the last bucket, which also holds everything beyond the grid).
    @inline(__always)
    func debtPerCollateralBound(_ b: Int) -> Double {
        let id = b + 1 + firstID
        guard b + 1 < bucketCount, id > 0 else { return b + 1 < bucketCount ? .leastNormalMagnitude : .infinity }
        let edge = Double(bitPattern: UInt64(id) << shift)
        return edge.isNaN ? .infinity : edge * threshold * (1 + 1e-12)
    }

    /// The boundary buckets at ratio `r`.
    private func boundary(_ r: Double) -> (Int, Int) { (bucket(r * (1 - Self.margin)), bucket(r * (1 + Self.margin))) }

    /// D/(c·LT), +∞ without collateral.
    @inline(__always)
    func liquidationPrice(_ p: Int, book: PositionBook) -> Double { book.debt[p] / (book.collateral(p, 0) * threshold) }

    @inline(__always)
    private func isLiquidatable(_ p: Int, book: PositionBook, at prices: OraclePrices) -> Bool {
        book.health(p, thresholds, prices: prices) < 1
    }

    /// Whether `position` is liquidatable (open, HF < 1) at the prices of the last refresh. - Complexity: O(1).
    public func isFlagged(_ position: Int) -> Bool {
        guard position < bucketOf.count else { return false }
        let b = Int(bucketOf[position])
        if b < 0 || b < lo { return false }
        return b > hi || boundaryFlag[position]
    }

    // MARK: Changes

    /// Re-keys `position` after any change to it, at the prices of the last refresh. - Complexity: O(log n).
    public mutating func update(_ position: Int, book: PositionBook) {
        grow(to: book.count)
        let was = isFlagged(position)
        if bucketOf[position] >= 0 { remove(position) }
        var now = false
        if book.status[position] == .open && book.debt[position] > 0 {
            let b = bucket(liquidationPrice(position, book: book))
            insert(position, key: book.sizeKey(position), bucket: b)
            if b >= lo && b <= hi {
                boundaryFlag[position] = isLiquidatable(position, book: book, at: prices)
                now = boundaryFlag[position]
            } else {
                now = b > hi
            }
        }
        flaggedCount += (now ? 1 : 0) - (was ? 1 : 0)
        if was && !now { logUnflagged(Int32(position)) }
        _invariant(now == isLiquidatable(position, book: book, at: prices), "Position \(position) flagged \(now) at HF \(book.health(position, thresholds, prices: prices))")
    }

    /// Moves the index to `prices` and returns whether any position became liquidatable. With `listing`, appends
    /// those positions to `newlyLiquidatable` (sorted); with ``logsUnflagged`` it logs the ones that stopped
    /// being liquidatable.
    /// - Complexity: O(log n + m) for the m positions of the boundary buckets (old and new), plus, when
    ///   listing or logging, the positions whose liquidation price lies between the old ratio and the new.
    @discardableResult
    public mutating func refresh(prices new: OraclePrices, book: PositionBook, listing: Bool, newlyLiquidatable: inout [Int]) -> Bool {
        let old = prices
        guard new != old else { return false }
        let (loOld, hiOld) = (lo, hi)
        prices = new
        (lo, hi) = boundary(new.inDebtUnits(0))
        var any = false
        if listing || logsUnflagged {
            // Every flag that changed lies in the buckets between the two boundaries.
            let firstNew = newlyLiquidatable.count
            for b in min(loOld, lo)...max(hiOld, hi) {
                for p32 in members[b] {
                    let p = Int(p32)
                    let before = isLiquidatable(p, book: book, at: old), after = isLiquidatable(p, book: book, at: new)
                    if after && !before {
                        any = true
                        if listing { newlyLiquidatable.append(p) }
                    } else if before && !after {
                        logUnflagged(p32)
                    }
                }
            }
            newlyLiquidatable[firstNew...].sort()
        } else if lo <= hiOld {
            // Newly liquidatable positions lie in buckets lo...hiOld; those above the new boundary and below
            // the old one certainly are, the others are decided one by one.
            if hi + 1 <= loOld - 1, count(from: hi + 1, to: loOld - 1) > 0 {
                any = true
            } else {
                scan: for b in lo...hiOld where b <= hi || b >= loOld {
                    for p32 in members[b] where isLiquidatable(Int(p32), book: book, at: new) && !isLiquidatable(Int(p32), book: book, at: old) {
                        any = true
                        break scan
                    }
                }
            }
        }
        // The boundary's flags, and the count.
        var boundaryCount = 0
        for b in lo...hi {
            for p32 in members[b] {
                let f = isLiquidatable(Int(p32), book: book, at: new)
                boundaryFlag[Int(p32)] = f
                if f { boundaryCount += 1 }
            }
        }
        flaggedCount = (hi + 1 < bucketCount ? count(from: hi + 1, to: bucketCount - 1) : 0) + boundaryCount
        return any
    }

    /// Appends to `out` the positions unflagged since the last call (each once; some may be flagged again by
    /// now) and forgets them. Empty unless ``logsUnflagged``. - Complexity: O(number handed over).
    public mutating func drainUnflagged(into out: inout [Int32]) {
        for p in unflaggedLog { inUnflaggedLog[Int(p)] = false }
        out.append(contentsOf: unflaggedLog)
        unflaggedLog.removeAll(keepingCapacity: true)
    }

    private mutating func logUnflagged(_ p: Int32) {
        guard logsUnflagged else { return }
        while inUnflaggedLog.count <= Int(p) { inUnflaggedLog.append(false) }
        if !inUnflaggedLog[Int(p)] {
            inUnflaggedLog[Int(p)] = true
            unflaggedLog.append(p)
        }
    }

    /// Calls `body` with every position whose liquidation price lies in [`low`, `high`] (debt units), with
    /// the margins, and maybe a few more: the callers decide each one exactly. - Complexity: O(m) for the
    /// positions in the buckets spanned.
    func forEachPosition(liquidationPriceFrom low: Double, to high: Double, _ body: (Int) -> Void) {
        let first = bucket(low * (1 - Self.margin)), last = bucket(high * (1 + Self.margin))
        guard first <= last else { return }
        for b in first...last {
            for p in members[b] { body(Int(p)) }
        }
    }

    /// Calls `body` with every liquidatable position, in no particular order. - Complexity: O(flagged + boundary).
    public func forEachFlagged(_ body: (Int) -> Void) {
        for b in lo...hi { for p in members[b] where boundaryFlag[Int(p)] { body(Int(p)) } }
        guard hi + 1 < bucketCount else { return }
        for b in (hi + 1)..<bucketCount { for p in members[b] { body(Int(p)) } }
    }

    // MARK: Internals

    private mutating func grow(to n: Int) {
        precondition(n <= Int(Int32.max), "The liquidation index holds at most \(Int32.max) positions, got \(n)")
        if bucketOf.count < n {
            let extra = n - bucketOf.count
            bucketOf += repeatElement(-1, count: extra)
            slotOf += repeatElement(-1, count: extra)
            boundaryFlag += repeatElement(false, count: extra)
        }
    }

    /// Positions in buckets `from...to`, by the Fenwick tree. - Complexity: O(log buckets).
    func count(from: Int, to: Int) -> Int { prefixCount(to + 1) - prefixCount(from) }

    /// Positions in buckets 0..<`n`.
    private func prefixCount(_ n: Int) -> Int {
        var i = n, s = 0
        while i > 0 {
            s += Int(counts[i])
            i &= i - 1
        }
        return s
    }

    private mutating func addCount(_ b: Int, _ delta: Int32) {
        var i = b + 1
        while i <= bucketCount {
            counts[i] += delta
            i += i & -i
        }
    }

    private mutating func insert(_ p: Int, key: Double, bucket b: Int) {
        bucketOf[p] = Int32(b)
        keys[b].append(key)
        members[b].append(Int32(p))
        slotOf[p] = Int32(keys[b].count - 1)
        siftUp(b, keys[b].count - 1)
        addCount(b, 1)
        refreshTop(b)
    }

    private mutating func remove(_ p: Int) {
        let b = Int(bucketOf[p])
        let slot = Int(slotOf[p])
        let last = keys[b].count - 1
        bucketOf[p] = -1
        slotOf[p] = -1
        if slot == last {
            keys[b].removeLast()
            members[b].removeLast()
        } else {
            keys[b][slot] = keys[b].removeLast()
            members[b][slot] = members[b].removeLast()
            slotOf[Int(members[b][slot])] = Int32(slot)
            siftUp(b, slot)
            siftDown(b, Int(slotOf[Int(members[b][slot])]))
        }
        addCount(b, -1)
        refreshTop(b)
    }

    /// Sets bucket `b`'s leaf to its largest size and updates its ancestors. - Complexity: O(log buckets).
    private mutating func refreshTop(_ b: Int) {
        var i = leafBase + b
        let top = keys[b].first ?? -.infinity
        if tops[i] == top { return }
        tops[i] = top
        i >>= 1
        while i >= 1 {
            let m = max(tops[2 * i], tops[2 * i + 1])
            if tops[i] == m { break }
            tops[i] = m
            i >>= 1
        }
    }

    private mutating func siftUp(_ b: Int, _ start: Int) {
        var i = start
        let k = keys[b][i], p = members[b][i]
        while i > 0 {
            let parent = (i - 1) >> 1
            if keys[b][parent] >= k { break }
            keys[b][i] = keys[b][parent]
            members[b][i] = members[b][parent]
            slotOf[Int(members[b][i])] = Int32(i)
            i = parent
        }
        keys[b][i] = k
        members[b][i] = p
        slotOf[Int(p)] = Int32(i)
    }

    private mutating func siftDown(_ b: Int, _ start: Int) {
        let n = keys[b].count
        var i = start
        let k = keys[b][i], p = members[b][i]
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && keys[b][child + 1] > keys[b][child] { child += 1 }
            if keys[b][child] <= k { break }
            keys[b][i] = keys[b][child]
            members[b][i] = members[b][child]
            slotOf[Int(members[b][i])] = Int32(i)
            i = child
        }
        keys[b][i] = k
        members[b][i] = p
        slotOf[Int(p)] = Int32(i)
    }

    /// Heaps, slots, tops, counts and flags (Invariants.swift). - Complexity: O(n log n), visiting only the
    /// buckets that hold positions.
    func _checkInvariants(book: PositionBook) {
        var indexed = 0, flagged = 0
        var seen = Set<Int>()
        for p in 0..<book.count {
            let f = isLiquidatable(p, book: book, at: prices)
            _invariant(isFlagged(p) == f, "Position \(p) flagged \(isFlagged(p)), HF \(book.health(p, thresholds, prices: prices))")
            if f { flagged += 1 }
            let b = Int(bucketOf[p])
            guard b >= 0 else { continue }
            indexed += 1
            let s = Int(slotOf[p])
            _invariant(members[b][s] == Int32(p), "Position \(p) records bucket \(b) slot \(s), which holds \(members[b][s])")
            _invariant(s == 0 || keys[b][(s - 1) >> 1] >= keys[b][s], "Bucket \(b)'s heap out of order at slot \(s)")
            _invariant(keys[b][s] == book.sizeKey(p), "Position \(p)'s size key is stale")
            if seen.insert(b).inserted {
                _invariant(count(from: b, to: b) == keys[b].count, "Bucket \(b) counts \(count(from: b, to: b)), holds \(keys[b].count)")
                var node = (leafBase + b) >> 1
                _invariant(tops[leafBase + b] == keys[b][0], "Bucket \(b)'s top is stale")
                while node >= 1 {
                    _invariant(tops[node] == max(tops[2 * node], tops[2 * node + 1]), "Tree node \(node) is stale")
                    node >>= 1
                }
            }
        }
        _invariant(flagged == flaggedCount, "Flagged count \(flaggedCount), \(flagged) liquidatable")
        _invariant(prefixCount(bucketCount) == indexed, "Buckets count \(prefixCount(bucketCount)), \(indexed) indexed")
    }
}
