/// Finds the positions an oracle update makes liquidatable without scanning the book, for any
/// ``PositionKind``.
///
/// Each position that is not liquidatable is keyed under every price its health depends on with the
/// triggers its kind gives (``PositionKind/forEachTrigger(_:health:prices:liquidation:_:)``): prices its
/// health cannot cross 1 before. For a lending position health depends on prices only through the ratios
/// r_a = p_a / p_debt and HF(λ·r) = λ·HF(r), so at health h ≥ 1 the trigger is t_a = r_a / h, crossed falling
/// (for a single-collateral position t is exactly its liquidation price debt·p_debt / (c·LT·p_debt), in debt
/// units). Per price there is a heap of falling triggers (max first) and one of rising triggers (min first).
/// On an oracle update the index pops every entry whose trigger the new price has reached (less a 1e-9
/// relative margin, so rounding never hides a position), re-checks health exactly, reports the liquidatable
/// ones and re-keys the rest at the new prices: O(k log n) for k popped entries.
///
/// Liquidatable positions are kept in a flagged set instead of those heaps, keyed by their recovery triggers
/// (the prices a recovery must reach to heal them; lending: r_a / h again, crossed rising) in a second pair of
/// heaps per price, and a refresh pops the triggers reached and re-checks those only: O(k log n) again, where
/// re-checking every flagged position made each refresh O(flagged) — with a million positions and a backlog
/// of liquidatable ones, most of a year-long run's time.
/// After every ``refresh(book:thresholds:prices:newlyLiquidatable:)`` the flagged set equals exactly the open
/// positions with HF < 1 — what a full scan would find.
///
/// With `tracksFlagged` (the protocol's own index) it also keeps the flagged positions in a max-heap keyed by
/// their size (``PositionKind/sizeKey(_:)``), which liquidators walk from the top to find their best offers
/// without quoting the whole backlog. With ``logsUnflagged`` it remembers which positions it unflagged since the caller last asked
/// (``drainUnflagged(into:)``), so a caller's list of candidates can be pruned without a scan.
///
/// Any change to a position must be followed by ``update(_:book:thresholds:prices:)``;
/// ``LendingProtocol`` does this itself.
public struct LiquidationIndex: Sendable {
    /// Liquidation triggers crossed falling, per price (max first).
    private var heaps: [TriggerHeap]
    /// Liquidation triggers crossed rising, keys negated so the max-heap yields the lowest trigger first.
    private var risingHeaps: [TriggerHeap]
    /// Recovery triggers of flagged positions crossed rising, keys negated (lowest first).
    private var recoveryHeaps: [TriggerHeap]
    /// Recovery triggers crossed falling (max first).
    private var fallingRecoveryHeaps: [TriggerHeap]
    private var stillFlagged: [Int32] = []
    private var stamp: [UInt32] = []
    /// Slot of each position in `flaggedList`, or −1.
    private var flagSlot: [Int32] = []
    private var flaggedList: [Int32] = []
    private var pending: [Int32] = []
    private var pushesSinceCompaction = 0
    /// Whether ``flaggedBySize`` and the unflagged log are kept.
    public let tracksFlagged: Bool
    /// The flagged positions keyed by ``PositionKind/sizeKey(_:)`` (their current size), when ``tracksFlagged``.
    ///
    /// Healed positions leave it at once. Leaving them in until they outnumbered the flagged ones saved the
    /// heap operations of positions oscillating across HF = 1, but the largest healed positions then sat at
    /// the top and every walk had to step over them: measured on scale-1m at 1M × 365 d, 168 s against
    /// 128 s for eager removal.
    private(set) var flaggedBySize = PositionMaxHeap()
    /// Whether ``drainUnflagged(into:)`` reports anything.
    public internal(set) var logsUnflagged = false
    /// Positions unflagged since the last ``drainUnflagged(into:)``, each once (with ``logsUnflagged``).
    private var unflaggedLog: [Int32] = []
    private var inUnflaggedLog: [Bool] = []
    /// Whether ``flagChanges`` is kept (it must then be drained, or it grows with every change).
    public internal(set) var logsFlagChanges: Bool
    /// Every position flagged or unflagged since the last ``drainFlagChanges(into:)`` (repeats possible).
    private var flagChanges: [Int32] = []
    /// Relative margin below which a trigger is treated as crossed.
    private static let margin = 1e-9

    public init(assetCount: Int, tracksFlagged: Bool = false, logsFlagChanges: Bool = false) {
        heaps = Array(repeating: TriggerHeap(), count: assetCount)
        risingHeaps = heaps
        recoveryHeaps = heaps
        fallingRecoveryHeaps = heaps
        self.tracksFlagged = tracksFlagged
        self.logsFlagChanges = logsFlagChanges
    }

    /// Builds the index for every position of `kind` at `prices`.
    /// - Complexity: O(n log n).
    public init<K: PositionKind>(kind: K, parameters: K.HealthParameters, prices: OraclePrices, tracksFlagged: Bool = false,
                                 logsFlagChanges: Bool = false) {
        self.init(assetCount: kind.dimensionCount, tracksFlagged: tracksFlagged, logsFlagChanges: logsFlagChanges)
        for p in 0..<kind.count { update(p, kind: kind, parameters: parameters, prices: prices) }
    }

    /// Builds the index for every position of a lending book at `prices` (liquidation thresholds `thresholds`).
    public init(book: PositionBook, thresholds: [Double], prices: OraclePrices, tracksFlagged: Bool = false,
                logsFlagChanges: Bool = false) {
        self.init(kind: book, parameters: thresholds, prices: prices, tracksFlagged: tracksFlagged, logsFlagChanges: logsFlagChanges)
    }

    /// Appends to `out` every position flagged or unflagged since the last call (with ``logsFlagChanges``;
    /// a position may appear more than once) and forgets them. - Complexity: O(number handed over).
    mutating func drainFlagChanges(into out: inout [Int32]) {
        out.append(contentsOf: flagChanges)
        flagChanges.removeAll(keepingCapacity: true)
    }

    /// Appends to `out` the positions unflagged since the last call (each once, in the order they were first
    /// unflagged; some may be flagged again by now) and forgets them. Empty unless ``logsUnflagged``.
    /// - Complexity: O(number handed over).
    public mutating func drainUnflagged(into out: inout [Int32]) {
        for p in unflaggedLog { inUnflaggedLog[Int(p)] = false }
        out.append(contentsOf: unflaggedLog)
        unflaggedLog.removeAll(keepingCapacity: true)
    }

    /// The positions currently known to be liquidatable (HF < 1 and open), in no particular order.
    public var flaggedPositions: [Int] { flaggedList.map(Int.init) }


    /// Calls `body` with every flagged position, in no particular order. - Complexity: O(flagged).
    public func forEachFlagged(_ body: (Int) -> Void) {
        for p in flaggedList { body(Int(p)) }
    }

    /// Whether `position` is flagged liquidatable.
    public func isFlagged(_ position: Int) -> Bool { position < flagSlot.count && flagSlot[position] >= 0 }

    /// Total entries in the heaps, stale ones included (for tests of compaction).
    var entryCount: Int { [heaps, risingHeaps, recoveryHeaps, fallingRecoveryHeaps].joined().reduce(0) { $0 + $1.count } }

    /// Re-keys `position` after any change to it (liquidation, deposit, withdrawal, borrow, repayment):
    /// flags it if liquidatable, otherwise pushes fresh triggers and invalidates the old ones.
    /// - Complexity: O(assetCount · log n).
    public mutating func update<K: PositionKind>(_ position: Int, kind: K, parameters: K.HealthParameters, prices: OraclePrices) {
        grow(to: kind.count)
        stamp[position] &+= 1
        let hf = kind.health(position, parameters, prices: prices)
        if hf < 1 {
            flag(position, size: kind.sizeKey(position))
            pushRecovery(position, hf, kind, prices)
        } else {
            unflag(position)
            if hf.isFinite { push(position, hf, kind, prices) }
        }
        if pushesSinceCompaction > 2 * kind.count + 64 { compactIfNeeded(livePositions: kind.count) }
    }

    /// ``update(_:kind:parameters:prices:)`` for a lending book.
    public mutating func update(_ position: Int, book: PositionBook, thresholds: [Double], prices: OraclePrices) {
        update(position, kind: book, parameters: thresholds, prices: prices)
    }

    /// Brings the index up to `prices`: appends to `newlyLiquidatable` (sorted by position) the positions
    /// that became liquidatable, and unflags flagged positions that are healthy again.
    /// - Complexity: O(k log n) for k crossed triggers (liquidation and recovery).
    public mutating func refresh<K: PositionKind>(kind: K, parameters: K.HealthParameters, prices: OraclePrices,
                                                  newlyLiquidatable: inout [Int]) {
        grow(to: kind.count)
        let firstNew = newlyLiquidatable.count
        pending.removeAll(keepingCapacity: true)
        // Flagged positions that may have recovered (a recovery trigger crossed) are re-checked; the healed
        // ones go back to the heaps, the others get fresh recovery triggers once every heap is drained.
        stillFlagged.removeAll(keepingCapacity: true)
        // Each heap is moved out while it is drained (a swap, no copy): draining changes the index's other
        // state, and nothing is pushed onto the heap being drained.
        var heap = TriggerHeap()
        for a in 0..<recoveryHeaps.count {
            let r = kind.triggerPrice(a, prices: prices)
            swap(&heap, &recoveryHeaps[a])
            popRecoveries(&heap, cutoff: -(r * (1 + Self.margin)), kind, parameters, prices)
            swap(&heap, &recoveryHeaps[a])
            swap(&heap, &fallingRecoveryHeaps[a])
            popRecoveries(&heap, cutoff: r * (1 - Self.margin), kind, parameters, prices)
            swap(&heap, &fallingRecoveryHeaps[a])
        }
        for p32 in stillFlagged {
            let p = Int(p32)
            pushRecovery(p, kind.health(p, parameters, prices: prices), kind, prices)
        }
        for a in 0..<heaps.count {
            let r = kind.triggerPrice(a, prices: prices)
            swap(&heap, &heaps[a])
            popLiquidations(&heap, cutoff: r * (1 - Self.margin), kind, parameters, prices, &newlyLiquidatable)
            swap(&heap, &heaps[a])
            swap(&heap, &risingHeaps[a])
            popLiquidations(&heap, cutoff: -(r * (1 + Self.margin)), kind, parameters, prices, &newlyLiquidatable)
            swap(&heap, &risingHeaps[a])
        }
        // Re-key the survivors only after every heap is drained, so a position within the margin of HF = 1
        // cannot be popped again in the same refresh.
        for p32 in pending {
            let p = Int(p32)
            let hf = kind.health(p, parameters, prices: prices)
            if hf.isFinite { push(p, hf, kind, prices) }
        }
        newlyLiquidatable[firstNew...].sort()
        compactIfNeeded(livePositions: kind.count)
        _invariant(flaggedList.allSatisfy { kind.health(Int($0), parameters, prices: prices) < 1 }, "A flagged position is healthy after a refresh")
    }

    /// ``refresh(kind:parameters:prices:newlyLiquidatable:)`` for a lending book.
    public mutating func refresh(book: PositionBook, thresholds: [Double], prices: OraclePrices,
                                 newlyLiquidatable: inout [Int]) {
        refresh(kind: book, parameters: thresholds, prices: prices, newlyLiquidatable: &newlyLiquidatable)
    }

    /// Pops the recovery entries of `heap` at or above `cutoff` (keys as stored): healed positions are
    /// unflagged and re-keyed later, the others get fresh recovery triggers after every heap is drained.
    private mutating func popRecoveries<K: PositionKind>(_ heap: inout TriggerHeap, cutoff: Double, _ kind: K,
                                                         _ parameters: K.HealthParameters, _ prices: OraclePrices) {
        while let top = heap.max, top.key >= cutoff {
            heap.popMax()
            let p = Int(top.position)
            guard top.stamp == stamp[p], flagSlot[p] >= 0 else { continue }
            stamp[p] &+= 1  // invalidates this position's recovery entries in the other heaps
            if kind.health(p, parameters, prices: prices) >= 1 {
                unflag(p)
                pending.append(top.position)
            } else {
                stillFlagged.append(top.position)
            }
        }
    }

    /// Pops the liquidation entries of `heap` at or above `cutoff` (keys as stored): liquidatable positions
    /// are flagged and reported, the others re-keyed after every heap is drained.
    private mutating func popLiquidations<K: PositionKind>(_ heap: inout TriggerHeap, cutoff: Double, _ kind: K,
                                                           _ parameters: K.HealthParameters, _ prices: OraclePrices,
                                                           _ newlyLiquidatable: inout [Int]) {
        while let top = heap.max, top.key >= cutoff {
            heap.popMax()
            let p = Int(top.position)
            guard top.stamp == stamp[p] else { continue }
            stamp[p] &+= 1  // invalidates this position's entries in the other heaps
            let hf = kind.health(p, parameters, prices: prices)
            if hf < 1 {
                flag(p, size: kind.sizeKey(p))
                pushRecovery(p, hf, kind, prices)
                newlyLiquidatable.append(p)
            } else {
                pending.append(top.position)
            }
        }
    }

    // MARK: Internals

    /// Keys position `p` (health `hf` ≥ 1 at `prices`) by its liquidation triggers.
    private mutating func push<K: PositionKind>(_ p: Int, _ hf: Double, _ kind: K, _ prices: OraclePrices) {
        let s = stamp[p]
        kind.forEachTrigger(p, health: hf, prices: prices, liquidation: true) { a, trigger, direction in
            switch direction {
            case .falling: heaps[a].push(TriggerEntry(key: trigger, position: Int32(p), stamp: s))
            case .rising: risingHeaps[a].push(TriggerEntry(key: -trigger, position: Int32(p), stamp: s))
            }
            pushesSinceCompaction += 1
        }
    }

    /// Keys flagged position `p` (health `hf` < 1 at `prices`) by its recovery triggers.
    private mutating func pushRecovery<K: PositionKind>(_ p: Int, _ hf: Double, _ kind: K, _ prices: OraclePrices) {
        let s = stamp[p]
        kind.forEachTrigger(p, health: hf, prices: prices, liquidation: false) { a, trigger, direction in
            switch direction {
            case .rising: recoveryHeaps[a].push(TriggerEntry(key: -trigger, position: Int32(p), stamp: s))
            case .falling: fallingRecoveryHeaps[a].push(TriggerEntry(key: trigger, position: Int32(p), stamp: s))
            }
            pushesSinceCompaction += 1
        }
    }

    private mutating func grow(to n: Int) {
        precondition(n <= Int(Int32.max), "The liquidation index holds at most \(Int32.max) positions, got \(n)")
        while stamp.count < n {
            stamp.append(0)
            flagSlot.append(-1)
        }
    }

    /// Flags `p` (if it is not already) and, when tracking, keys it by its current `size`.
    private mutating func flag(_ p: Int, size: Double) {
        if tracksFlagged {
            flaggedBySize.set(p, key: size)
        }
        if flagSlot[p] >= 0 { return }
        flagSlot[p] = Int32(flaggedList.count)
        flaggedList.append(Int32(p))
        if logsFlagChanges { flagChanges.append(Int32(p)) }
    }

    private mutating func unflag(_ p: Int) {
        let slot = Int(flagSlot[p])
        if slot < 0 { return }
        let last = flaggedList.removeLast()
        if Int(last) != p {
            flaggedList[slot] = last
            flagSlot[Int(last)] = Int32(slot)
        }
        flagSlot[p] = -1
        if logsFlagChanges { flagChanges.append(Int32(p)) }
        if tracksFlagged { flaggedBySize.remove(p) }
        if logsUnflagged {
            while inUnflaggedLog.count <= p { inUnflaggedLog.append(false) }
            if !inUnflaggedLog[p] {
                inUnflaggedLog[p] = true
                unflaggedLog.append(Int32(p))
            }
        }
    }

    /// Drops stale entries once a heap holds more than twice the positions plus slack.
    private mutating func compactIfNeeded(livePositions n: Int) {
        pushesSinceCompaction = 0
        let stamps = stamp
        func compact(_ heaps: inout [TriggerHeap]) {
            for a in 0..<heaps.count where heaps[a].count > 2 * n + 64 {
                heaps[a].compact { stamps[Int($0.position)] == $0.stamp }
            }
        }
        compact(&heaps)
        compact(&risingHeaps)
        compact(&recoveryHeaps)
        compact(&fallingRecoveryHeaps)
    }

    /// Every heap in order, and the size order holding exactly the flagged positions (Invariants.swift).
    func _checkInvariants() {
        for heap in [heaps, risingHeaps, recoveryHeaps, fallingRecoveryHeaps].joined() { heap._checkInvariants() }
        flaggedBySize._checkInvariants()
        _invariant(!tracksFlagged || (flaggedBySize.count == flaggedList.count && flaggedList.allSatisfy { flaggedBySize.contains(Int($0)) }),
                   "The size order holds \(flaggedBySize.count) positions, the flagged set \(flaggedList.count)")
    }
}
