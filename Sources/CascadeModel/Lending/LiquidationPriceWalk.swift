/// Visits the liquidatable positions of a ``LiquidationPriceIndex`` from the largest size key down, without
/// listing them first: a best-first walk over the index's segment tree of bucket tops, then down each
/// bucket's heap (the top-k-from-a-heap walk of ``PositionHeapWalk``, one level up). The frontier holds tree
/// nodes, bucket heap slots and the liquidatable positions of the boundary buckets, each under the largest
/// size below it, so the top of the frontier is always the largest size not yet visited. O(log n) per
/// position visited. The index must not change between ``start(_:)`` and the last ``next(_:)``.
struct LiquidationPriceWalk {
    private var keys: [Double] = []
    private var refs: [UInt64] = []
    private static let slotTag: UInt64 = 1 << 62
    private static let positionTag: UInt64 = 2 << 62
    private static let payload: UInt64 = (1 << 62) - 1

    /// Starts at the largest liquidatable position of `index`.
    /// - Complexity: O(m + log buckets) for the m positions of the boundary buckets.
    mutating func start(_ index: LiquidationPriceIndex) {
        keys.removeAll(keepingCapacity: true)
        refs.removeAll(keepingCapacity: true)
        for b in index.lo...index.hi {
            for (s, p) in index.members[b].enumerated() where index.boundaryFlag[Int(p)] {
                push(index.keys[b][s], Self.positionTag | UInt64(p))
            }
        }
        // The buckets above the boundary, as the canonical nodes of the segment tree covering them.
        var l = index.leafBase + index.hi + 1, r = index.leafBase + index.bucketCount
        while l < r {
            if l & 1 == 1 { pushNode(l, index); l += 1 }
            if r & 1 == 1 { r -= 1; pushNode(r, index) }
            l >>= 1
            r >>= 1
        }
    }

    /// The largest size key not yet visited, or `nil` when every liquidatable position has been.
    func peekKey() -> Double? { keys.first }

    /// Visits the liquidatable position with the largest size key not yet visited and returns it.
    mutating func next(_ index: LiquidationPriceIndex) -> Int? {
        while let ref = refs.first {
            pop()
            let value = ref & Self.payload
            switch ref & ~Self.payload {
            case Self.positionTag:
                return Int(value)
            case Self.slotTag:
                let b = Int(value >> 32), s = Int(value & 0xFFFF_FFFF)
                let n = index.keys[b].count
                if 2 * s + 1 < n { push(index.keys[b][2 * s + 1], Self.slotTag | UInt64(b) << 32 | UInt64(2 * s + 1)) }
                if 2 * s + 2 < n { push(index.keys[b][2 * s + 2], Self.slotTag | UInt64(b) << 32 | UInt64(2 * s + 2)) }
                return Int(index.members[b][s])
            default:
                let node = Int(value)
                if node >= index.leafBase {
                    let b = node - index.leafBase
                    if !index.keys[b].isEmpty { push(index.keys[b][0], Self.slotTag | UInt64(b) << 32) }
                } else {
                    pushNode(2 * node, index)
                    pushNode(2 * node + 1, index)
                }
            }
        }
        return nil
    }

    private mutating func pushNode(_ node: Int, _ index: LiquidationPriceIndex) {
        let top = index.tops[node]
        if top > -.infinity { push(top, UInt64(node)) }
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
