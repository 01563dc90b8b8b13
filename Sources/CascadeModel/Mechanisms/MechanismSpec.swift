import Stochastic

/// The names of the liquidation mechanisms, as scenario files spell them (`[protocol.liquidation] mechanism =
/// ...`): the one source for the config reader, ``MechanismSpec/name`` and the records' ``LiquidationStep``.
public enum MechanismName: String, Sendable, CaseIterable {
    case fixedSpread = "fixed-spread"
    case dutchAuction = "dutch-auction"
    case englishAuction = "english-auction"
    case backstopPool = "backstop-pool"
}

/// The liquidation mechanism a scenario selects, with its parameters. The four are driven by the same paths
/// and seeds, so runs differ only in the mechanism. Each case has a plug-in (``LiquidationMechanism``) in
/// its own folder under `Mechanisms/`; ``Simulation`` picks it.
public enum MechanismSpec: Sendable, Equatable {
    case fixedSpread(FixedSpreadSpec)
    case dutchAuction(DutchAuctionSpec)
    case englishAuction(EnglishAuctionSpec)
    case backstopPool(BackstopPoolSpec)

    /// The scenario-file name.
    public var name: MechanismName {
        switch self {
        case .fixedSpread: return .fixedSpread
        case .dutchAuction: return .dutchAuction
        case .englishAuction: return .englishAuction
        case .backstopPool: return .backstopPool
        }
    }

    public func validate() -> [ParameterProblem] {
        switch self {
        case .fixedSpread(let s): return s.validate()
        case .dutchAuction(let s): return s.validate()
        case .englishAuction(let s): return s.validate()
        case .backstopPool(let s): return s.validate()
        }
    }
}
