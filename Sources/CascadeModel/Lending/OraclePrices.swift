/// The oracle prices the protocol acts on, in USD per unit: one per collateral asset and one for the debt
/// asset (a stablecoin, 1.0 unless it depegs).
///
/// The integrator keeps one value and overwrites its entries on each oracle update, so no event allocates.
public struct OraclePrices: Sendable, Equatable {
    /// USD per unit of each collateral asset, indexed like ``LendingProtocol/assets``.
    public var collateral: [Double]
    /// USD per unit of the debt asset.
    public var debt: Double

    public init(collateral: [Double], debt: Double = 1) {
        self.collateral = collateral
        self.debt = debt
    }

    /// Price of collateral `asset` in debt-asset units (what auctions quote: Maker's val / par).
    @inlinable
    public func inDebtUnits(_ asset: Int) -> Double { collateral[asset] / debt }
}
