/// Transactions submitted and not yet included, kept in submission order.
public struct Mempool<Payload> {
    /// Pending transactions in submission (= id) order.
    public private(set) var pending: [Transaction<Payload>] = []
    private var nextID: UInt64 = 0

    public init() {}

    public var count: Int { pending.count }
    public var isEmpty: Bool { pending.isEmpty }

    /// Adds a transaction and returns its id.
    /// - Parameter onRevert: what a revert costs; `nil` charges the full `gasUsed`.
    /// - Precondition: `gasUsed > 0`; fees finite, `0 ≤ maxPriorityFee ≤ maxFee`; revert gas in `0...gasUsed`.
    @discardableResult
    public mutating func submit(gasUsed: Int, maxPriorityFeeGwei: Double, maxFeeGwei: Double, at time: Double,
                                onRevert: RevertCost? = nil, payload: Payload) -> UInt64 {
        precondition(gasUsed > 0, "A transaction must use gas > 0, got \(gasUsed)")
        precondition(maxPriorityFeeGwei.isFinite && maxFeeGwei.isFinite && maxPriorityFeeGwei >= 0
                         && maxPriorityFeeGwei <= maxFeeGwei,
                     "Need finite fees with 0 ≤ maxPriorityFee ≤ maxFee, got \(maxPriorityFeeGwei) and \(maxFeeGwei)")
        if case .gas(let g) = onRevert { precondition(g >= 0 && g <= gasUsed, "Revert gas must be in 0...\(gasUsed), got \(g)") }
        let id = nextID
        nextID += 1
        pending.append(Transaction(id: id, gasUsed: gasUsed, maxPriorityFeeGwei: maxPriorityFeeGwei,
                                   maxFeeGwei: maxFeeGwei, submittedAt: time, onRevert: onRevert, payload: payload))
        return id
    }

    /// Removes a pending transaction (cancelled or being replaced) and returns it, or `nil` if it is not pending.
    @discardableResult
    public mutating func remove(id: UInt64) -> Transaction<Payload>? {
        guard let i = pending.firstIndex(where: { $0.id == id }) else { return nil }
        return pending.remove(at: i)
    }

    /// Whether `id` is still waiting.
    public func contains(id: UInt64) -> Bool { pending.contains { $0.id == id } }

    /// The includable transactions (max fee ≥ base fee) in block order: effective priority fee descending, ties
    /// by submission order.
    /// - Complexity: O(n log n).
    public func inclusionOrder(baseFeeGwei: Double) -> [Transaction<Payload>] {
        pending.filter { $0.isIncludable(baseFeeGwei: baseFeeGwei) }.sorted {
            let a = $0.effectivePriorityFeeGwei(baseFeeGwei: baseFeeGwei)
            let b = $1.effectivePriorityFeeGwei(baseFeeGwei: baseFeeGwei)
            return a > b || (a == b && $0.id < $1.id)
        }
    }

    mutating func remove(ids: Set<UInt64>) {
        pending.removeAll { ids.contains($0.id) }
    }
}

extension Mempool: Sendable where Payload: Sendable {}
