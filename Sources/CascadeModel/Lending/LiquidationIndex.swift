/// Finds the positions an oracle update makes liquidatable without scanning the book.
///
/// Health depends on prices only through the ratios r_a = p_a / p_debt, and HF(λ·r) = λ·HF(r) for a uniform
/// move λ. So at reference ratios r with health h ≥ 1,
///
///     HF(r') ≥ min_a (r'_a / r_a) · h ≥ 1   whenever   r'_a ≥ r_a / h  for every asset a held,
///
/// and the index keys each position under every asset it holds with the trigger t_a = r_a / h (for a
/// single-collateral position t is exactly its liquidation price debt·p_debt / (c·LT·p_debt), in debt
/// units). One max-heap per asset holds the triggers. On an oracle update the index pops every entry whose
/// trigger is at or above the new ratio (less a 1e-9 relative margin, so rounding never hides a position),
/// re-checks the health factor exactly, reports the liquidatable ones and re-keys the rest at the new
/// prices: O(k log n) for k popped entries.
///
/// Liquidatable positions are kept in a flagged set instead of the heaps. The same bound read the other way
/// finds the ones a price recovery heals: at ratios r with health h < 1, HF(r') ≥ 1 needs r'_a ≥ r_a / h for
/// at least one asset held (HF moves by a value-weighted average of the r'_a / r_a). So each flagged position
/// is keyed under every asset it holds with the recovery trigger r_a / h in a second, min-ordered heap per
/// asset, and a refresh pops the triggers at or below the new ratio (plus the margin) and re-checks those
/// only: O(k log n) again, where re-checking every flagged position made each refresh O(flagged) — with a
/// million positions and a backlog of liquidatable ones, most of a year-long run's time.
/// After every ``refresh(book:thresholds:prices:newlyLiquidatable:)`` the flagged set equals exactly the open
/// positions with HF < 1 — what a full scan would find.
///
/// With `tracksFlagged` (the protocol's own index) it also keeps the flagged positions in a max-heap keyed by
/// their size (``sizeKey(_:book:)``), which liquidators walk from the top to find their best offers
/// without quoting the whole backlog. With ``logsUnflagged`` it remembers which positions it unflagged since the caller last asked
/// (``drainUnflagged(into:)``), so a caller's list of candidates can be pruned without a scan.
///
/// Any change to a position must be followed by ``update(_:book:thresholds:prices:)``;
/// ``LendingProtocol`` does this itself.
public struct LiquidationIndex: Sendable {
    private var heaps: [TriggerHeap]
    /// Recovery triggers of flagged positions, keys negated so the max-heap yields the lowest trigger first.
    private var recoveryHeaps: [TriggerHeap]
    private var stillFlagged: [Int32] = []
    private var stamp: [UInt32] = []
    /// Slot of each position in `flaggedList`, or −1.
    private var flagSlot: [Int32] = []
    private var flaggedList: [Int32] = []
    private var pending: [Int32] = []
    private var pushesSinceCompaction = 0
    /// Whether ``flaggedBySize`` and the unflagged log are kept.
    public let tracksFlagged: Bool
    /// The flagged positions keyed by ``sizeKey(_:book:)`` (their current size), when ``tracksFlagged``.
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
        recoveryHeaps = heaps
        self.tracksFlagged = tracksFlagged
        self.logsFlagChanges = logsFlagChanges
    }

    /// Builds the index for every position of `book` at `prices`.
    /// - Complexity: O(n log n).
    public init(book: PositionBook, thresholds: [Double], prices: OraclePrices, tracksFlagged: Bool = false,
                logsFlagChanges: Bool = false) {
        self.init(assetCount: book.assetCount, tracksFlagged: tracksFlagged, logsFlagChanges: logsFlagChanges)
        for p in 0..<book.count { update(p, book: book, thresholds: thresholds, prices: prices) }
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

    /// The size a position is ordered by among the flagged ones: its collateral (asset units) when the book
    /// holds one collateral asset, its debt (debt-asset units) otherwise. Either bounds what one liquidation
    /// can repay: x ≤ debt, and x ≤ c·p_c/(p_debt·(1 + bonus)) as the seized collateral cannot exceed c.
    static func sizeKey(_ p: Int, book: PositionBook) -> Double {
        book.assetCount == 1 ? book.collateral(p, 0) : book.debt[p]
    }

    /// Calls `body` with every flagged position, in no particular order. - Complexity: O(flagged).
    public func forEachFlagged(_ body: (Int) -> Void) {
        for p in flaggedList { body(Int(p)) }
    }

    /// Whether `position` is flagged liquidatable.
    public func isFlagged(_ position: Int) -> Bool { position < flagSlot.count && flagSlot[position] >= 0 }

    /// Total entries in the heaps, stale ones included (for tests of compaction).
    var entryCount: Int { heaps.reduce(0) { $0 + $1.count } + recoveryHeaps.reduce(0) { $0 + $1.count } }

    /// Re-keys `position` after any change to it (liquidation, deposit, withdrawal, borrow, repayment):
    /// flags it if liquidatable, otherwise pushes fresh triggers and invalidates the old ones.
    /// - Complexity: O(assetCount · log n).
    public mutating func update(_ position: Int, book: PositionBook, thresholds: [Double], prices: OraclePrices) {
        grow(to: book.count)
        stamp[position] &+= 1
        let hf = health(position, book, thresholds, prices)
        if hf < 1 {
            flag(position, size: Self.sizeKey(position, book: book))
            pushRecovery(position, hf, book, prices)
        } else {
            unflag(position)
            if hf.isFinite { push(position, hf, book, prices) }
        }
        if pushesSinceCompaction > 2 * book.count + 64 { compactIfNeeded(livePositions: book.count) }
    }

    /// Brings the index up to `prices`: appends to `newlyLiquidatable` (sorted by position) the positions
    /// that became liquidatable, and unflags flagged positions that are healthy again.
    /// - Complexity: O(k log n) for k crossed triggers (liquidation and recovery).
    public mutating func refresh(book: PositionBook, thresholds: [Double], prices: OraclePrices,
                                 newlyLiquidatable: inout [Int]) {
        grow(to: book.count)
        let firstNew = newlyLiquidatable.count
        pending.removeAll(keepingCapacity: true)
        // Flagged positions that may have recovered (a recovery trigger crossed) are re-checked; the healed
        // ones go back to the heaps, the others get fresh recovery triggers once every heap is drained.
        stillFlagged.removeAll(keepingCapacity: true)
        for a in 0..<recoveryHeaps.count {
            let cutoff = -(prices.inDebtUnits(a) * (1 + Self.margin))
            while let top = recoveryHeaps[a].max, top.key >= cutoff {
                recoveryHeaps[a].popMax()
                let p = Int(top.position)
                guard top.stamp == stamp[p], flagSlot[p] >= 0 else { continue }
                stamp[p] &+= 1  // invalidates this position's recovery entries in the other heaps
                if health(p, book, thresholds, prices) >= 1 {
                    unflag(p)
                    pending.append(top.position)
                } else {
                    stillFlagged.append(top.position)
                }
            }
        }
        for p32 in stillFlagged {
            let p = Int(p32)
            pushRecovery(p, health(p, book, thresholds, prices), book, prices)
        }
        for a in 0..<heaps.count {
            let r = prices.inDebtUnits(a)
            let cutoff = r * (1 - Self.margin)
            while let top = heaps[a].max, top.key >= cutoff {
                heaps[a].popMax()
                let p = Int(top.position)
                guard top.stamp == stamp[p] else { continue }
                stamp[p] &+= 1  // invalidates this position's entries in the other heaps
                let hf = health(p, book, thresholds, prices)
                if hf < 1 {
                    flag(p, size: Self.sizeKey(p, book: book))
                    pushRecovery(p, hf, book, prices)
                    newlyLiquidatable.append(p)
                } else {
                    pending.append(top.position)
                }
            }
        }
        // Re-key the survivors only after every heap is drained, so a position within the margin of HF = 1
        // cannot be popped again in the same refresh.
        for p32 in pending {
            let p = Int(p32)
            let hf = health(p, book, thresholds, prices)
            if hf.isFinite { push(p, hf, book, prices) }
        }
        newlyLiquidatable[firstNew...].sort()
        compactIfNeeded(livePositions: book.count)
        assert(flaggedList.allSatisfy { health(Int($0), book, thresholds, prices) < 1 }, "A flagged position is healthy after a refresh")
    }

    // MARK: Internals

    @inline(__always)
    private func health(_ p: Int, _ book: PositionBook, _ lts: [Double], _ prices: OraclePrices) -> Double {
        book.status[p] == .open ? book.healthFactor(p, thresholds: lts, prices: prices) : .infinity
    }

    private mutating func push(_ p: Int, _ hf: Double, _ book: PositionBook, _ prices: OraclePrices) {
        let s = stamp[p]
        for a in 0..<heaps.count where book.collateral(p, a) > 0 {
            heaps[a].push(TriggerEntry(key: prices.inDebtUnits(a) / hf, position: Int32(p), stamp: s))
            pushesSinceCompaction += 1
        }
    }

    /// Keys flagged position `p` (health `hf` < 1 at `prices`) by its recovery trigger r_a / hf under every
    /// asset it holds. With no weighted collateral (hf = 0) no price move can heal it: only an update can.
    private mutating func pushRecovery(_ p: Int, _ hf: Double, _ book: PositionBook, _ prices: OraclePrices) {
        guard hf > 0 else { return }
        let s = stamp[p]
        for a in 0..<recoveryHeaps.count where book.collateral(p, a) > 0 {
            recoveryHeaps[a].push(TriggerEntry(key: -(prices.inDebtUnits(a) / hf), position: Int32(p), stamp: s))
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
        for a in 0..<heaps.count where heaps[a].count > 2 * n + 64 {
            let stamps = stamp
            heaps[a].compact { stamps[Int($0.position)] == $0.stamp }
        }
        for a in 0..<recoveryHeaps.count where recoveryHeaps[a].count > 2 * n + 64 {
            let stamps = stamp
            recoveryHeaps[a].compact { stamps[Int($0.position)] == $0.stamp }
        }
    }

    func _checkInvariants() -> Bool {
        heaps.allSatisfy { $0._checkInvariants() } && recoveryHeaps.allSatisfy { $0._checkInvariants() }
            && flaggedBySize._checkInvariants()
            && (!tracksFlagged || (flaggedBySize.count == flaggedList.count
                                   && flaggedList.allSatisfy { flaggedBySize.contains(Int($0)) }))
    }
}
