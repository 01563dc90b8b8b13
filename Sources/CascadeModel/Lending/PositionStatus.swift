/// Where a position is in its life.
public enum PositionStatus: UInt8, Sendable {
    /// Holds collateral and (possibly) debt; may be liquidated piecewise.
    case open
    /// Its whole collateral and debt were moved out in one go (Maker bark, pool absorption of a whole
    /// position); it stays in the book with zero balances so indices stay stable.
    case closed
}
