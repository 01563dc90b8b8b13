/// One entry of the liquidation index: position `position` may become liquidatable once the asset's price
/// (in debt-asset units) falls to `key` or below. `stamp` is the position's version when the entry was
/// pushed; entries with an old stamp are stale and skipped (lazy deletion, as in SimPy and Mesa).
struct TriggerEntry: Sendable {
    var key: Double
    var position: Int32
    var stamp: UInt32
}

/// A binary max-heap of trigger entries on `key` (Williams 1964), array-backed so it allocates only when it
/// grows. Order among equal keys is unspecified; the index never depends on it (it pops every entry at or
/// above a price and sorts what it reports).
struct TriggerHeap: Sendable {
    private(set) var storage: [TriggerEntry] = []

    var count: Int { storage.count }
    var max: TriggerEntry? { storage.first }

    /// - Complexity: O(log n).
    mutating func push(_ e: TriggerEntry) {
        storage.append(e)
        var i = storage.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if storage[parent].key >= e.key { break }
            storage[i] = storage[parent]
            i = parent
        }
        storage[i] = e
    }

    /// - Precondition: not empty. - Complexity: O(log n).
    @discardableResult
    mutating func popMax() -> TriggerEntry {
        precondition(!storage.isEmpty, "No element to pop from an empty trigger heap")
        let top = storage[0]
        let last = storage.removeLast()
        if !storage.isEmpty { siftDown(last, from: 0) }
        return top
    }

    private mutating func siftDown(_ e: TriggerEntry, from start: Int) {
        let n = storage.count
        var i = start
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && storage[child + 1].key > storage[child].key { child += 1 }
            if storage[child].key <= e.key { break }
            storage[i] = storage[child]
            i = child
        }
        storage[i] = e
    }

    /// Keeps only the entries `isLive` accepts and re-heapifies (Floyd's bottom-up build, O(n)).
    mutating func compact(_ isLive: (TriggerEntry) -> Bool) {
        storage.removeAll(where: { !isLive($0) })
        var i = storage.count / 2 - 1
        while i >= 0 {
            siftDown(storage[i], from: i)
            i -= 1
        }
    }

    /// Max-heap property (Invariants.swift).
    func _checkInvariants() {
        for i in 1..<Swift.max(1, storage.count) {
            _invariant(storage[(i - 1) >> 1].key >= storage[i].key,
                       "Trigger heap out of order at \(i): parent key \(storage[(i - 1) >> 1].key) < \(storage[i].key)")
        }
    }
}
