/// Every borrower position, stored as parallel arrays (struct of arrays) so a scan over a million positions
/// touches only the columns it needs.
///
/// Layout: `debt[p]`, `status[p]`, and collateral as one flat matrix `collateral[p · assetCount + a]`
/// (position-major). Position-major keeps one position's balances in one cache line, which is what the
/// health factor (the only per-position hot computation) reads; with one collateral asset it is the same as
/// an asset-major column. Positions are never removed, so a position's index is its identity for the run.
///
/// The book keeps running totals of held collateral and outstanding debt, updated by every mutation, so the
/// protocol's conservation check costs O(assets), not O(positions). ``auditError()`` recomputes them.
///
/// Mutators are internal: everything outside this module changes positions through ``LendingProtocol`` so
/// that the ledger and the liquidation index see every change.
public struct PositionBook: Sendable {
    /// Number of collateral assets (columns per position).
    public let assetCount: Int
    /// Collateral amounts, `collateral[p · assetCount + a]`, in units of asset `a`.
    public private(set) var collateral: [Double] = []
    /// Debt of each position in debt-asset units.
    public private(set) var debt: [Double] = []
    /// Life-cycle flag of each position.
    public private(set) var status: [PositionStatus] = []
    /// Σ over positions of `collateral[p, a]`, per asset, maintained incrementally.
    public private(set) var heldCollateral: [Double]
    /// Σ over positions of `debt[p]`, maintained incrementally.
    public private(set) var outstandingDebt: Double = 0

    /// Creates an empty book for `assetCount` collateral assets.
    /// - Precondition: `assetCount ≥ 1`.
    public init(assetCount: Int, reservingCapacity capacity: Int = 0) {
        precondition(assetCount >= 1, "A position book needs at least one collateral asset, got \(assetCount)")
        self.assetCount = assetCount
        heldCollateral = Array(repeating: 0, count: assetCount)
        collateral.reserveCapacity(capacity * assetCount)
        debt.reserveCapacity(capacity)
        status.reserveCapacity(capacity)
    }

    /// Number of positions ever opened.
    @inlinable public var count: Int { debt.count }

    /// Amount of asset `asset` held by position `position`.
    @inlinable
    public func collateral(_ position: Int, _ asset: Int) -> Double { collateral[position &* assetCount &+ asset] }

    /// Appends a position and returns its index.
    /// - Precondition: `amounts.count == assetCount`; every amount and `debt` finite and ≥ 0.
    /// - Complexity: amortised O(assetCount).
    @discardableResult
    public mutating func append(collateral amounts: [Double], debt d: Double) -> Int {
        precondition(amounts.count == assetCount, "Position needs \(assetCount) collateral amounts, got \(amounts.count)")
        precondition(d.isFinite && d >= 0, "Debt must be finite and ≥ 0, got \(d)")
        for (a, c) in amounts.enumerated() {
            precondition(c.isFinite && c >= 0, "Collateral \(a) must be finite and ≥ 0, got \(c)")
            collateral.append(c)
            heldCollateral[a] += c
        }
        debt.append(d)
        status.append(.open)
        outstandingDebt += d
        return debt.count - 1
    }

    /// Adds `delta` (may be negative) to a collateral balance; a result within 1e-12 relative of zero is
    /// snapped to exactly zero so "all collateral seized" stays exact under rounding.
    mutating func _addCollateral(_ position: Int, _ asset: Int, _ delta: Double) {
        let i = position &* assetCount &+ asset
        let old = collateral[i]
        var new = old + delta
        if abs(new) <= 1e-12 * old { new = 0 }
        precondition(new >= 0, "Collateral of position \(position) asset \(asset) would go negative: \(old) + \(delta)")
        collateral[i] = new
        heldCollateral[asset] += new - old
    }

    /// Adds `delta` (may be negative) to a debt balance, snapping rounding residue to zero as above.
    mutating func _addDebt(_ position: Int, _ delta: Double) {
        let old = debt[position]
        var new = old + delta
        if abs(new) <= 1e-12 * old { new = 0 }
        precondition(new >= 0, "Debt of position \(position) would go negative: \(old) + \(delta)")
        debt[position] = new
        outstandingDebt += new - old
    }

    mutating func _setStatus(_ position: Int, _ s: PositionStatus) { status[position] = s }

    // MARK: Health

    /// Aave v3 `GenericLogic.calculateUserAccountData`: HF = Σ c_a·p_a·LT_a / (debt·p_debt); +∞ without debt.
    /// - Complexity: O(assetCount).
    @inlinable
    public func healthFactor(_ position: Int, thresholds: [Double], prices: OraclePrices) -> Double {
        let d = debt[position]
        if d <= 0 { return .infinity }
        return weightedCollateralUSD(position, thresholds: thresholds, prices: prices) / (d * prices.debt)
    }

    /// Σ c_a·p_a·LT_a in USD: the numerator of the health factor.
    @inlinable
    public func weightedCollateralUSD(_ position: Int, thresholds: [Double], prices: OraclePrices) -> Double {
        var sum = 0.0
        let base = position &* assetCount
        for a in 0..<assetCount { sum += collateral[base &+ a] * prices.collateral[a] * thresholds[a] }
        return sum
    }

    /// Σ c_a·p_a in USD.
    @inlinable
    public func collateralUSD(_ position: Int, prices: OraclePrices) -> Double {
        var sum = 0.0
        let base = position &* assetCount
        for a in 0..<assetCount { sum += collateral[base &+ a] * prices.collateral[a] }
        return sum
    }

    /// Whether the position holds no collateral of any asset.
    @inlinable
    public func hasNoCollateral(_ position: Int) -> Bool {
        let base = position &* assetCount
        for a in 0..<assetCount where collateral[base &+ a] > 0 { return false }
        return true
    }

    /// Recomputes the running totals from the columns and reports a mismatch beyond rounding, or `nil`.
    /// - Complexity: O(count · assetCount).
    public func auditError() -> String? {
        var sums = Array(repeating: 0.0, count: assetCount)
        var gross = Array(repeating: 0.0, count: assetCount)
        for p in 0..<count {
            for a in 0..<assetCount { sums[a] += collateral(p, a); gross[a] += abs(collateral(p, a)) }
        }
        for a in 0..<assetCount where abs(sums[a] - heldCollateral[a]) > 1e-9 * max(1, gross[a]) {
            return "held collateral of asset \(a): columns sum to \(sums[a]), running total says \(heldCollateral[a])"
        }
        let d = debt.reduce(0, +)
        if abs(d - outstandingDebt) > 1e-9 * max(1, d) {
            return "outstanding debt: column sums to \(d), running total says \(outstandingDebt)"
        }
        return nil
    }
}
