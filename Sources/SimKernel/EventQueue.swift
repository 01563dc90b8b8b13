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
    @inlinable
    mutating func push(_ entry: Entry) {
        storage.append(entry)
        storage.withUnsafeMutableBufferPointer { buffer in
            var hole = buffer.count - 1
            while hole > 0 {
                let parent = (hole - 1) >> 1
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
    @inlinable
    mutating func popFirst() -> Entry {
        precondition(!storage.isEmpty, "No event to pop from an empty event queue")
        let last = storage.removeLast()
        if storage.isEmpty { return last }
        return storage.withUnsafeMutableBufferPointer { buffer in
            let top = buffer[0]
            let n = buffer.count
            var hole = 0
            while true {
                var child = 2 * hole + 1
                if child >= n { break }
                if child + 1 < n && buffer[child + 1].precedes(buffer[child]) { child += 1 }
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
}

extension EventQueue: @unchecked Sendable where Payload: Sendable {}
extension EventQueue.Entry: Sendable where Payload: Sendable {}
