/// Typed identifiers: zero-cost wrappers of an `Int32` row, so a pool index cannot be passed where a
/// position is expected (swift-collections wraps heap offsets in `_HeapNode` the same way). Each one is the
/// row of its component's arrays (`index`); they are created where the row is known and unwrapped only
/// where an array is indexed.
public protocol TypedIndex: Hashable, Comparable, Sendable, CustomStringConvertible {
    var raw: Int32 { get }
    init(raw: Int32)
}

extension TypedIndex {
    /// The identifier of row `index`. - Precondition: `0 ≤ index ≤ Int32.max`.
    @inlinable
    public init(_ index: Int) { self.init(raw: Int32(index)) }

    /// The row this identifier names.
    @inlinable
    public var index: Int { Int(raw) }

    @inlinable
    public static func < (a: Self, b: Self) -> Bool { a.raw < b.raw }

    /// The row, as traces and messages print it.
    public var description: String { String(raw) }
}

/// A borrower position: its row in the ``PositionBook``.
public struct PositionID: TypedIndex {
    public let raw: Int32
    @inlinable public init(raw: Int32) { self.raw = raw }
}

/// A collateral asset, in protocol order (its column in the book, its oracle, its venue).
public struct AssetIndex: TypedIndex {
    public let raw: Int32
    @inlinable public init(raw: Int32) { self.raw = raw }
}

/// A liquidator or keeper bot, in the order the scenario's classes create them.
public struct BotID: TypedIndex {
    public let raw: Int32
    @inlinable public init(raw: Int32) { self.raw = raw }
}

/// An auction of the running mechanism, in the order they were started.
public struct AuctionID: TypedIndex {
    public let raw: Int32
    @inlinable public init(raw: Int32) { self.raw = raw }
}

/// A pool of one asset's venue.
public struct PoolID: TypedIndex {
    public let raw: Int32
    @inlinable public init(raw: Int32) { self.raw = raw }
}
