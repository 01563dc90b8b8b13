/// Transactions submitted and not yet included, kept in submission order.
public struct Mempool<Payload> {
    /// Pending transactions in submission (= id) order.
    public private(set) var pending: [Transaction<Payload>] = []
    private var nextID: UInt64 = 0
    /// The next nonce of each sender that has sent one.
    private var nextNonce: [Int32: UInt32] = [:]

    public init() {}

    public var count: Int { pending.count }
    public var isEmpty: Bool { pending.isEmpty }

    /// Adds a transaction and returns its id.
    /// - Parameter onRevert: what a revert costs; `nil` charges the full `gasUsed`.
    /// - Precondition: `gasUsed > 0`; fees finite, `0 ≤ maxPriorityFee ≤ maxFee`; revert gas in `0...gasUsed`.
    @discardableResult
    public mutating func submit(gasUsed: Int, maxPriorityFeeGwei: Double, maxFeeGwei: Double, at time: Double,
                                onRevert: RevertCost? = nil, sender: Int32 = -1, payload: Payload) -> UInt64 {
        precondition(gasUsed > 0, "A transaction must use gas > 0, got \(gasUsed)")
        precondition(maxPriorityFeeGwei.isFinite && maxFeeGwei.isFinite && maxPriorityFeeGwei >= 0
                         && maxPriorityFeeGwei <= maxFeeGwei,
                     "Need finite fees with 0 ≤ maxPriorityFee ≤ maxFee, got \(maxPriorityFeeGwei) and \(maxFeeGwei)")
        if case .gas(let g) = onRevert { precondition(g >= 0 && g <= gasUsed, "Revert gas must be in 0...\(gasUsed), got \(g)") }
        let id = nextID
        nextID += 1
        var nonce: UInt32 = 0
        if sender >= 0 {
            nonce = nextNonce[sender, default: 0]
            nextNonce[sender] = nonce + 1
        }
        pending.append(Transaction(id: id, gasUsed: gasUsed, maxPriorityFeeGwei: maxPriorityFeeGwei,
                                   maxFeeGwei: maxFeeGwei, submittedAt: time, onRevert: onRevert, sender: sender, nonce: nonce,
                                   payload: payload))
        return id
    }

    /// geth's txpool `PriceBump`: a replacement must raise both fee fields by at least 10%.
    public static var replacementBump: Double { 1.10 }

    /// Replaces pending transaction `id` (same sender, nonce and payload) with higher fees; refused (false)
    /// unless both `maxPriorityFeeGwei` and `maxFeeGwei` are at least ``replacementBump`` times the old ones.
    @discardableResult
    public mutating func replace(id: UInt64, maxPriorityFeeGwei tip: Double, maxFeeGwei maxFee: Double) -> Bool {
        guard let i = pending.firstIndex(where: { $0.id == id }), tip <= maxFee,
              tip >= pending[i].maxPriorityFeeGwei * Self.replacementBump,
              maxFee >= pending[i].maxFeeGwei * Self.replacementBump else { return false }
        pending[i].maxPriorityFeeGwei = tip
        pending[i].maxFeeGwei = maxFee
        return true
    }

    /// The sender's lowest-nonce pending transaction: the one every later one waits for.
    public func head(of sender: Int32) -> Transaction<Payload>? {
        var best: Transaction<Payload>?
        for tx in pending where tx.sender == sender && (best == nil || tx.nonce < best!.nonce) { best = tx }
        return best
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
