/// A binary min-heap of pending events ordered by `(time, key)`, where `key` packs priority and sequence.
///
/// Written out by hand rather than taken from swift-collections' `Heap`, which promises no order among equal
/// elements and stores a min-max heap; ours compares a `Double` and a `UInt64` per step and moves the entry
/// through a hole instead of swapping (Knuth, TAOCP vol. 3, 5.2.3).
@usableFromInline
struct EventQueue<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: Double
        @usableFromInline var key: UInt64
        @usableFromInline var payload: Payload

        @inlinable
        init(time: Double, key: UInt64, payload: Payload) {
            self.time = time
            self.key = key
            self.payload = payload
        }

        @inlinable @inline(__always)
        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && key < other.key)
        }
    }

    @usableFromInline var storage: [Entry] = []

    @inlinable init() {}

    @inlinable var count: Int { storage.count }
    @inlinable var isEmpty: Bool { storage.isEmpty }
    @inlinable var first: Entry? { storage.first }

    /// Adds an entry.
    /// - Complexity: O(log n).
    @inlinable @inline(__always)
    mutating func push(_ entry: Entry) {
        storage.append(entry)
        storage.withUnsafeMutableBufferPointer { buffer in
            var hole = buffer.count &- 1
            while hole > 0 {
                let parent = (hole &- 1) >> 1
                if entry.precedes(buffer[parent]) {
                    buffer[hole] = buffer[parent]
                    hole = parent
                } else {
                    break
                }
            }
            buffer[hole] = entry
        }
    }

    /// Removes and returns the earliest entry.
    /// - Precondition: the queue is not empty.
    /// - Complexity: O(log n).
    @inlinable @inline(__always)
    mutating func popFirst() -> Entry {
        precondition(!storage.isEmpty, "No event to pop from an empty event queue")
        let last = storage.removeLast()
        if storage.isEmpty { return last }
        return storage.withUnsafeMutableBufferPointer { buffer in
            let top = buffer[0]
            let n = buffer.count
            var hole = 0
            while true {
                // Indices stay below n ≤ Int.max / 2 (an array of entries this large cannot be allocated).
                var child = 2 &* hole &+ 1
                if child >= n { break }
                if child &+ 1 < n && buffer[child &+ 1].precedes(buffer[child]) { child &+= 1 }
                if buffer[child].precedes(last) {
                    buffer[hole] = buffer[child]
                    hole = child
                } else {
                    break
                }
            }
            buffer[hole] = last
            return top
        }
    }

    @inlinable
    mutating func removeAll(keepingCapacity: Bool) {
        storage.removeAll(keepingCapacity: keepingCapacity)
    }

    @inlinable
    mutating func reserveCapacity(_ n: Int) { storage.reserveCapacity(n) }

    /// Whether the entry with `sequence`, scheduled at `time`, is still in the heap, where `time` is the
    /// earliest time any entry may have (the kernel's `now`). Entries due at `time` then form a subtree at the
    /// root (a parent never follows its child), so only that subtree is searched.
    /// - Complexity: O(k), k the number of entries due at `time`.
    func containsEntry(sequence: UInt64, dueAt time: Double) -> Bool {
        var stack = storage.isEmpty ? [] : [0]
        while let index = stack.popLast() {
            let entry = storage[index]
            guard entry.time <= time else { continue }
            if entry.key & EventKey.sequenceMask == sequence { return true }
            for child in [2 * index + 1, 2 * index + 2] where child < storage.count { stack.append(child) }
        }
        return false
    }

    // MARK: Debug checks (Heap+Invariants in swift-collections)

    /// Whether no entry precedes its parent.
    func checkHeapOrder() -> Bool {
        storage.indices.dropFirst().allSatisfy { !storage[$0].precedes(storage[($0 - 1) >> 1]) }
    }

    func allSatisfy(_ predicate: (Entry) -> Bool) -> Bool { storage.allSatisfy(predicate) }

    func countSatisfying(_ predicate: (Entry) -> Bool) -> Int { storage.reduce(0) { $0 + (predicate($1) ? 1 : 0) } }
}

extension EventQueue: Sendable where Payload: Sendable {}
extension EventQueue.Entry: Sendable where Payload: Sendable {}
