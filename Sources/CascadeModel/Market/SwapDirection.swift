/// Which way a swap goes through a collateral/stablecoin pool.
public enum SwapDirection: String, Sendable, CaseIterable {
    /// Collateral in, stablecoin out: a seller of collateral (liquidators selling seized collateral).
    case sellCollateral
    /// Stablecoin in, collateral out: a buyer of collateral.
    case buyCollateral
}
