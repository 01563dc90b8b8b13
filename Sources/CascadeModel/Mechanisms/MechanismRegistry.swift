import Stochastic

// The mechanism registry: the one file that names every liquidation mechanism. Adding one adds a line to each
// of the four lists below (its name, its spec case, its parameters, its plug-in); everything else lives in its
// own folder under Mechanisms/ (docs/ARCHITECTURE.md, "Adding a mechanism").

/// The names of the liquidation mechanisms, as scenario files spell them (`[protocol.liquidation] mechanism =
/// ...`): the one source for the config reader, ``MechanismSpec/name`` and the records' ``LiquidationStep``.
public enum MechanismName: String, Sendable, CaseIterable {
    case fixedSpread = "fixed-spread"
    case dutchAuction = "dutch-auction"
    case englishAuction = "english-auction"
    case backstopPool = "backstop-pool"
}

/// The liquidation mechanism a scenario selects, with its parameters. The four are driven by the same paths
/// and seeds, so runs differ only in the mechanism.
public enum MechanismSpec: Sendable, Equatable {
    case fixedSpread(FixedSpreadSpec)
    case dutchAuction(DutchAuctionSpec)
    case englishAuction(EnglishAuctionSpec)
    case backstopPool(BackstopPoolSpec)

    /// The mechanism's parameters.
    public var parameters: any MechanismParameters {
        switch self {
        case .fixedSpread(let s): return s
        case .dutchAuction(let s): return s
        case .englishAuction(let s): return s
        case .backstopPool(let s): return s
        }
    }

    /// Calls `visitor` with the mechanism's plug-in, built from its parameters (statically typed, so what the
    /// visitor builds, an ``Engine``, is specialised for it).
    func withPlugin<V: MechanismVisitor>(_ visitor: V) throws -> V.Result {
        switch self {
        case .fixedSpread(let s): return try visitor.visit(FixedSpreadMechanism(rules: s))
        case .dutchAuction(let s): return try visitor.visit(DutchAuctionMechanism(spec: s))
        case .englishAuction(let s): return try visitor.visit(EnglishAuctionMechanism(spec: s))
        case .backstopPool(let s): return try visitor.visit(BackstopPoolMechanism(spec: s))
        }
    }

    /// The scenario-file name.
    public var name: MechanismName { type(of: parameters).mechanism }

    /// Every out-of-range parameter, keys as `[protocol.liquidation]` spells them.
    public func validate() -> [ParameterProblem] { parameters.validate() }
}

/// A mechanism's parameters (`[protocol.liquidation]`).
public protocol MechanismParameters: Sendable {
    /// The mechanism they are for.
    static var mechanism: MechanismName { get }
    /// Every out-of-range parameter, keys as `[protocol.liquidation]` spells them.
    func validate() -> [ParameterProblem]
}

/// What ``MechanismSpec/withPlugin(_:)`` hands the plug-in to.
protocol MechanismVisitor {
    associatedtype Result
    func visit<M: LiquidationMechanism>(_ mechanism: M) throws -> Result
}
