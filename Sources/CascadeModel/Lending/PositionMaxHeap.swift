/// An indexed binary max-heap of positions keyed by a number (Williams 1964, with a slot per position so a
/// key can change or a position leave in O(log n): the "addressable" heap of Sedgewick's `IndexMaxPQ`).
///
/// The liquidation index keeps the flagged positions in one, keyed by size, so a liquidator's best offers can
/// be found by visiting the heap from the top (``PositionHeapWalk``) instead of quoting the whole
/// liquidatable backlog. Order among equal keys is unspecified; callers that need a total order break ties
/// themselves.
struct PositionMaxHeap: Sendable {
    private(set) var keys: [Double] = []
    private(set) var positions: [Int32] = []
    /// Heap slot of each position, or −1 when absent.
    private var slotOf: [Int32] = []

    var count: Int { positions.count }
    var isEmpty: Bool { positions.isEmpty }

    func contains(_ p: Int) -> Bool { p < slotOf.count && slotOf[p] >= 0 }

    /// The key `p` is held under. - Precondition: `contains(p)`.
    func key(of p: Int) -> Double {
        precondition(contains(p), "Position \(p) is not in the heap")
        return keys[Int(slotOf[p])]
    }

    /// Inserts `p` with `key`, or moves it to `key` if present.
    /// - Complexity: O(log n).
    mutating func set(_ p: Int, key: Double) {
        precondition(p >= 0 && p <= Int(Int32.max), "Position \(p) is out of range")
        while slotOf.count <= p { slotOf.append(-1) }
        let slot = Int(slotOf[p])
        if slot < 0 {
            keys.append(key)
            positions.append(Int32(p))
            slotOf[p] = Int32(positions.count - 1)
            siftUp(positions.count - 1)
        } else if key > keys[slot] {
            keys[slot] = key
            siftUp(slot)
        } else if key < keys[slot] {
            keys[slot] = key
            siftDown(slot)
        }
    }

    /// Removes `p` if present. - Complexity: O(log n).
    mutating func remove(_ p: Int) {
        guard contains(p) else { return }
        let slot = Int(slotOf[p])
        let last = positions.count - 1
        slotOf[p] = -1
        if slot == last {
            keys.removeLast()
            positions.removeLast()
            return
        }
        keys[slot] = keys.removeLast()
        positions[slot] = positions.removeLast()
        slotOf[Int(positions[slot])] = Int32(slot)
        siftUp(slot)
        siftDown(Int(slotOf[Int(positions[slot])]))
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        let k = keys[i], p = positions[i]
        while i > 0 {
            let parent = (i - 1) >> 1
            if keys[parent] >= k { break }
            keys[i] = keys[parent]
            positions[i] = positions[parent]
            slotOf[Int(positions[i])] = Int32(i)
            i = parent
        }
        keys[i] = k
        positions[i] = p
        slotOf[Int(p)] = Int32(i)
    }

    private mutating func siftDown(_ start: Int) {
        let n = positions.count
        var i = start
        let k = keys[i], p = positions[i]
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && keys[child + 1] > keys[child] { child += 1 }
            if keys[child] <= k { break }
            keys[i] = keys[child]
            positions[i] = positions[child]
            slotOf[Int(positions[i])] = Int32(i)
            i = child
        }
        keys[i] = k
        positions[i] = p
        slotOf[Int(p)] = Int32(i)
    }

    /// Heap order and slot bookkeeping (Invariants.swift).
    func _checkInvariants() {
        for i in positions.indices {
            _invariant(slotOf[Int(positions[i])] == Int32(i), "Position \(positions[i]) at slot \(i) records slot \(slotOf[Int(positions[i])])")
            _invariant(i == 0 || keys[(i - 1) >> 1] >= keys[i], "Position heap out of order at slot \(i)")
        }
        _invariant(slotOf.filter { $0 >= 0 }.count == positions.count, "Position heap holds \(positions.count) positions but \(slotOf.filter { $0 >= 0 }.count) slots")
    }
}

/// Visits a ``PositionMaxHeap`` from the largest key down without changing it: the frontier of unvisited
/// slots whose parents were visited, itself a max-heap on key (the classic top-k-from-a-heap walk, O(log k)
/// per visited entry). The walker reads the heap it is given at each step, so the heap must not change
/// between ``start(_:)`` and the last ``next(_:)``.
struct PositionHeapWalk {
    private var frontier: [Int32] = []

    /// Clears the walk so the next ``next(_:)`` returns the top slot.
    mutating func start(_ heap: PositionMaxHeap) {
        frontier.removeAll(keepingCapacity: true)
        if !heap.isEmpty { frontier.append(0) }
    }

    /// The largest key not yet visited, or `nil` when every entry has been visited.
    func peekKey(_ heap: PositionMaxHeap) -> Double? { frontier.first.map { heap.keys[Int($0)] } }

    /// Visits the entry with the largest key not yet visited and returns its position.
    mutating func next(_ heap: PositionMaxHeap) -> Int? {
        guard let top = frontier.first else { return nil }
        let slot = Int(top)
        let last = frontier.removeLast()
        if !frontier.isEmpty { siftDown(last, heap) }
        let n = heap.count
        if 2 * slot + 1 < n { push(Int32(2 * slot + 1), heap) }
        if 2 * slot + 2 < n { push(Int32(2 * slot + 2), heap) }
        return Int(heap.positions[slot])
    }

    private mutating func push(_ s: Int32, _ heap: PositionMaxHeap) {
        frontier.append(s)
        var i = frontier.count - 1
        let k = heap.keys[Int(s)]
        while i > 0 {
            let parent = (i - 1) >> 1
            if heap.keys[Int(frontier[parent])] >= k { break }
            frontier[i] = frontier[parent]
            i = parent
        }
        frontier[i] = s
    }

    private mutating func siftDown(_ s: Int32, _ heap: PositionMaxHeap) {
        let n = frontier.count
        let k = heap.keys[Int(s)]
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && heap.keys[Int(frontier[child + 1])] > heap.keys[Int(frontier[child])] { child += 1 }
            if heap.keys[Int(frontier[child])] <= k { break }
            frontier[i] = frontier[child]
            i = child
        }
        frontier[i] = s
    }
}
