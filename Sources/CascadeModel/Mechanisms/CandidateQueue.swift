/// Positions known to be liquidatable, in the order they were found, for the mechanisms that take positions
/// in that order (auctions, the backstop pool). Fixed-spread keepers rank the flagged positions themselves.
///
/// Lazily pruned: an entry is live when `isCandidate[p]` and `entry[p]` is its index. Pruning looks only at
/// the positions the liquidation index unflagged since the last prune (its unflagged log, switched on by
/// ``prepare(_:)``), not at the whole list (the liquidatable backlog of a large book).
struct CandidateQueue {
    private var candidates: [Int32] = []
    private var isCandidate: [Bool] = []
    private var entry: [Int32] = []
    private var staleEntries = 0
    private var unflaggedScratch: [Int32] = []

    /// Makes the protocol's liquidation index log the positions it unflags.
    func prepare(_ lending: inout LendingProtocol) { lending.logUnflagged() }

    /// Appends `p` unless it is a candidate already. `bookCount`: positions in the book.
    mutating func add(_ p: Int, bookCount: Int) {
        if isCandidate.count <= p {
            let n = max(p + 1, bookCount)
            isCandidate += Array(repeating: false, count: n - isCandidate.count)
            entry += Array(repeating: -1, count: n - entry.count)
        }
        guard !isCandidate[p] else { return }
        isCandidate[p] = true
        entry[p] = Int32(candidates.count)
        candidates.append(Int32(p))
    }

    /// Positions still liquidatable, in discovery order; prunes the ones that no longer are.
    mutating func live(_ lending: inout LendingProtocol) -> [Int] {
        prune(&lending)
        compact()
        return candidates.map(Int.init)
    }

    /// Drops the positions no longer flagged, keeping the order of the rest.
    ///
    /// Every candidate was flagged when it was added or at the last prune, so only the positions the index
    /// has unflagged since then can have to go. Their entries become stale and are compacted away once they
    /// are half of the list.
    mutating func prune(_ lending: inout LendingProtocol) {
        unflaggedScratch.removeAll(keepingCapacity: true)
        lending.drainUnflagged(into: &unflaggedScratch)
        for p32 in unflaggedScratch {
            let p = Int(p32)
            guard p < isCandidate.count, isCandidate[p], !lending.isFlagged(p) else { continue }
            isCandidate[p] = false
            staleEntries += 1
        }
        if staleEntries > 64 && 2 * staleEntries > candidates.count { compact() }
    }

    /// Removes the stale entries (positions pruned, or re-added later in the list).
    private mutating func compact() {
        guard staleEntries > 0 else { return }
        var kept = 0
        for i in candidates.indices {
            let p = Int(candidates[i])
            guard isCandidate[p], entry[p] == Int32(i) else { continue }
            candidates[kept] = candidates[i]
            entry[p] = Int32(kept)
            kept += 1
        }
        candidates.removeLast(candidates.count - kept)
        staleEntries = 0
    }
}
