/// Where a position is in its life.
public enum PositionStatus: UInt8, Sendable {
    /// Holds collateral and (possibly) debt; may be liquidated piecewise.
    case open
    /// Its whole collateral and debt were moved out in one go (Maker bark, pool absorption of a whole
    /// position); it stays in the book with zero balances so indices stay stable.
    case closed
    /// A fixed-spread liquidation took its last collateral and the protocol does not write off what is left
    /// (Aave before v3.3, Compound v2): the debt stays on the books of an account with nothing to seize. It
    /// is not liquidatable (HF counts as +∞ for the index) and is unrealised bad debt to the end of the run.
    case deficit
}
