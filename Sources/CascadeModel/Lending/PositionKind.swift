/// The side of a price a trigger waits on: crossed when the price falls to it, or rises to it.
public enum TriggerDirection: Sendable, Equatable {
    case falling
    case rising
}

/// A kind of position, as the liquidation index (``LiquidationIndex``) and the insolvency sums
/// (``InsolventLiquidatableSum``) see it: its health, the prices whose crossing can change the sign of
/// health − 1 (with their direction), the size it is ordered by among the liquidatable, and its shortfall as a
/// linear function of prices.
///
/// A lending book (``PositionBook``: collateral rises and falls with each asset's price, so every trigger of
/// becoming liquidatable is crossed from above) is one kind; a perpetual-futures book is another (a long's
/// trigger is crossed from above, a short's from below). The index and the sums are generic over the kind,
/// and pay nothing for it (static dispatch).
///
/// Adding a position kind: see docs/ARCHITECTURE.md, "Adding a position kind".
public protocol PositionKind {
    /// What health depends on besides prices and the position (lending: each asset's liquidation threshold).
    associatedtype HealthParameters

    /// Positions in the book (indices 0..<count).
    var count: Int { get }
    /// Prices health depends on (lending: collateral assets), each read through ``triggerPrice(_:prices:)``.
    var dimensionCount: Int { get }

    /// Health of `p` at `prices`: liquidatable below 1, +∞ when nothing can make it liquidatable (closed, no
    /// debt).
    func health(_ p: Int, _ parameters: HealthParameters, prices: OraclePrices) -> Double

    /// The price of dimension `a` that triggers are compared with (lending: collateral in debt units).
    func triggerPrice(_ a: Int, prices: OraclePrices) -> Double

    /// Calls `body(dimension, trigger, direction)` for every price `p`'s health depends on, given its health
    /// `health` at `prices`: health cannot cross 1 (from above when `liquidation`, from below otherwise)
    /// while every such price stays on the near side of its trigger.
    func forEachTrigger(_ p: Int, health: Double, prices: OraclePrices, liquidation: Bool,
                        _ body: (_ dimension: Int, _ trigger: Double, _ direction: TriggerDirection) -> Void)

    /// What `p` is ordered by among the liquidatable positions, largest first: a bound on what one
    /// liquidation of it can repay.
    func sizeKey(_ p: Int) -> Double

    /// `p`'s shortfall as a linear function of prices, `constant + debtTerm·p_debt − Σ_a assetTerms[a]·p_a`
    /// (USD), with `assetTerms` of length ``dimensionCount`` written into `assetTerms`.
    func shortfallTerms(_ p: Int, assetTerms: inout [Double]) -> (constant: Double, debtTerm: Double)

    /// Whether ``shortfallTerms(_:assetTerms:)`` can return a constant other than 0 (the insolvency sums keep
    /// no constants, and the memory for them, otherwise). Default: true.
    static var shortfallHasConstant: Bool { get }
}

extension PositionKind {
    public static var shortfallHasConstant: Bool { true }
}

extension PositionBook: PositionKind {
    public typealias HealthParameters = [Double]

    public var dimensionCount: Int { assetCount }

    /// Aave's health factor (``healthFactor(_:thresholds:prices:)``), +∞ once closed.
    @inlinable
    public func health(_ p: Int, _ thresholds: [Double], prices: OraclePrices) -> Double {
        status[p] == .open ? healthFactor(p, thresholds: thresholds, prices: prices) : .infinity
    }

    @inlinable
    public func triggerPrice(_ a: Int, prices: OraclePrices) -> Double { prices.inDebtUnits(a) }

    /// Health depends on prices only through the ratios r_a = p_a / p_debt, and HF(λ·r) = λ·HF(r) for a
    /// uniform move λ. So at ratios r with health h ≥ 1, HF(r') ≥ min_a (r'_a / r_a)·h ≥ 1 whenever
    /// r'_a ≥ r_a / h for every asset a held: the trigger r_a / h, crossed falling. Read the other way, at
    /// health h < 1, HF(r') ≥ 1 needs r'_a ≥ r_a / h for at least one asset held (HF moves by a value-weighted
    /// average of the r'_a / r_a): the same trigger, crossed rising. With no weighted collateral (h = 0) no
    /// price move heals a position, so it has no recovery trigger.
    @inlinable
    public func forEachTrigger(_ p: Int, health h: Double, prices: OraclePrices, liquidation: Bool,
                               _ body: (Int, Double, TriggerDirection) -> Void) {
        if !liquidation && !(h > 0) { return }
        for a in 0..<assetCount where collateral(p, a) > 0 {
            body(a, prices.inDebtUnits(a) / h, liquidation ? .falling : .rising)
        }
    }

    /// Its collateral (asset units) when the book holds one collateral asset, its debt (debt-asset units)
    /// otherwise. Either bounds what one liquidation can repay: x ≤ debt, and x ≤ c·p_c/(p_debt·(1 + bonus))
    /// as the seized collateral cannot exceed c.
    @inlinable
    public func sizeKey(_ p: Int) -> Double { assetCount == 1 ? collateral(p, 0) : debt[p] }

    /// A lending position's shortfall has no constant term.
    public static var shortfallHasConstant: Bool { false }

    /// D·p_debt − Σ_a c_a·p_a: constant 0, debt term D, asset terms c_a.
    @inlinable
    public func shortfallTerms(_ p: Int, assetTerms: inout [Double]) -> (constant: Double, debtTerm: Double) {
        for a in 0..<assetCount { assetTerms[a] = collateral(p, a) }
        return (0, debt[p])
    }
}
