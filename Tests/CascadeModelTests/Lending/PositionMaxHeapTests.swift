import TestSupport
import XCTest
@testable import CascadeModel

final class PositionMaxHeapTests: XCTestCase {
    /// Random inserts, key changes and removals against a dictionary; the walk must visit every position
    /// once, in non-increasing key order, and leave the heap as it was.
    func testHeapAndWalkAgreeWithADictionary() {
        for seed in 0..<40 {
            var rng = SplitMix64(seed: UInt64(seed))
            var heap = PositionMaxHeap()
            var reference: [Int: Double] = [:]
            for _ in 0..<600 {
                let p = rng.int(300)
                if rng.int(4) == 0 {
                    heap.remove(p)
                    reference[p] = nil
                } else {
                    // Few distinct keys, so ties are common.
                    let key = Double(rng.int(50))
                    heap.set(p, key: key)
                    reference[p] = key
                }
                XCTAssertEqual(heap.count, reference.count)
            }
            heap._checkInvariants()
            for (p, key) in reference { XCTAssertEqual(heap.key(of: p), key) }
            let before = heap
            var walk = PositionHeapWalk()
            walk.start(heap)
            var visited: [Int] = []
            var lastKey = Double.infinity
            while let peek = walk.peekKey(heap), let p = walk.next(heap) {
                XCTAssertEqual(peek, reference[p])
                XCTAssertLessThanOrEqual(peek, lastKey)
                lastKey = peek
                visited.append(p)
            }
            XCTAssertEqual(visited.sorted(), reference.keys.sorted(), "seed \(seed)")
            XCTAssertEqual(heap.positions, before.positions)
            XCTAssertEqual(heap.keys, before.keys)
        }
    }
}
