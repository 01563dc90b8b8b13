/// What one fixed-spread liquidation, or one asset's share of a backstop-pool absorption, did to a
/// position. Plain numbers, so the integrator can derive metrics (toxic flag: `healthFactorAfter <
/// healthFactorBefore`; liquidation generation) without asking the protocol again.
public struct LiquidationResult: Sendable, Equatable {
    /// The position liquidated.
    public var position: Int
    /// The collateral asset seized.
    public var asset: Int
    /// Debt removed from the position against payment, debt-asset units.
    public var debtRepaid: Double
    /// Collateral removed from the position, units of `asset` (fee included).
    public var collateralSeized: Double
    /// The part of `collateralSeized` above the value of `debtRepaid` at the oracle: the bonus, asset units.
    public var bonusCollateral: Double
    /// The part of the bonus taken as protocol fee, asset units (the liquidator gets seized − fee).
    public var protocolFeeCollateral: Double
    /// Debt written off because the position was left with debt and no collateral (Aave v3.3
    /// `_burnBadDebt`), gross of the insurance fund.
    public var badDebtWrittenOff: Double
    /// Health factor at the oracle prices just before and just after.
    public var healthFactorBefore: Double
    public var healthFactorAfter: Double

    public init(position: Int, asset: Int, debtRepaid: Double, collateralSeized: Double, bonusCollateral: Double,
                protocolFeeCollateral: Double, badDebtWrittenOff: Double, healthFactorBefore: Double,
                healthFactorAfter: Double) {
        self.position = position
        self.asset = asset
        self.debtRepaid = debtRepaid
        self.collateralSeized = collateralSeized
        self.bonusCollateral = bonusCollateral
        self.protocolFeeCollateral = protocolFeeCollateral
        self.badDebtWrittenOff = badDebtWrittenOff
        self.healthFactorBefore = healthFactorBefore
        self.healthFactorAfter = healthFactorAfter
    }

    /// Collateral the liquidator receives, asset units.
    public var collateralToLiquidator: Double { collateralSeized - protocolFeeCollateral }
}
