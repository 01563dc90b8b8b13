/// A trade the market refuses. Thrown, never trapped: a simulated agent asking for an impossible trade is a
/// modelling outcome (the order fails), not a programming error.
public enum MarketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An amount that is NaN or infinite.
    case nonFiniteAmount(Double)
    /// An amount that is negative or zero where a positive amount is required.
    case nonPositiveAmount(Double)
    /// An exact-out swap asking for at least the whole output reserve.
    case wouldDrainReserve(requested: Double, reserve: Double)
    /// A trade whose arithmetic left a reserve that is not finite and positive (an input so large that
    /// Double overflowed, or an output that rounds the reserve to zero).
    case reserveOutOfRange(collateral: Double, stable: Double)
    /// Pool reserves or fee out of range at construction.
    case invalidPool(String)

    public var description: String {
        switch self {
        case .nonFiniteAmount(let a): return "amount \(a) is not finite"
        case .nonPositiveAmount(let a): return "amount \(a), expected a number > 0"
        case .wouldDrainReserve(let r, let res): return "requested output \(r) would drain the reserve of \(res)"
        case .reserveOutOfRange(let x, let y):
            return "trade would leave reserves (collateral \(x), stable \(y)), expected finite numbers > 0"
        case .invalidPool(let why): return "invalid pool: \(why)"
        }
    }
}
