/// What a row of `liquidations.csv` records: one step of a mechanism (its `mechanism` column).
public enum LiquidationStep: String, Sendable, CaseIterable {
    case fixedSpread = "fixed-spread"
    case dutchBark = "dutch-bark"
    case dutchTake = "dutch-take"
    case englishKick = "english-kick"
    case englishDeal = "english-deal"
    case backstop = "backstop"

    /// The mechanism the step belongs to (a backstop pool's fallback liquidations are `.fixedSpread` steps).
    public var mechanism: MechanismName {
        switch self {
        case .fixedSpread: return .fixedSpread
        case .dutchBark, .dutchTake: return .dutchAuction
        case .englishKick, .englishDeal: return .englishAuction
        case .backstop: return .backstopPool
        }
    }
}

/// One liquidation or auction take, as written to `liquidations.csv`.
public struct LiquidationRecord: Sendable, Equatable {
    public var timeSeconds: Double
    public var position: Int
    public var step: LiquidationStep
    /// The collateral asset's name.
    public var asset: String
    /// Debt repaid or moved into the auction, debt-asset units.
    public var debtRepaid: Double
    /// Collateral seized, bought or moved into the auction, asset units.
    public var collateralSeized: Double
    /// Price of the collateral in this liquidation: the oracle price (fixed spread, bark, kick, backstop) or
    /// the price paid per unit (takes, deals), USD.
    public var price: Double
    /// The bot's name, "protocol" for the backstop pool and protocol-side settlement.
    public var liquidator: String
    /// Causal generation (0: the exogenous move alone made the position liquidatable).
    public var generation: Int
    public var healthFactorBefore: Double
    public var healthFactorAfter: Double
    public var gasPaidUSD: Double

    /// A liquidation after which the position's health factor is lower than before.
    public var isToxic: Bool { healthFactorAfter < healthFactorBefore }
}

/// One row of `timeseries.csv`.
public struct TimeSeriesRow: Sendable, Equatable {
    public var timeSeconds: Double
    /// Per collateral asset, in protocol order.
    public var referencePrices: [Double]
    public var oraclePrices: [Double]
    /// Spot price of each asset's first pool.
    public var ammPrices: [Double]
    /// Outstanding debt plus debt in running auctions, USD at the debt asset's reference price.
    public var totalDebt: Double
    /// Collateral held by open positions and running auctions at reference prices, USD.
    public var collateralValue: Double
    /// Realised bad debt plus the shortfall of liquidatable positions at reference prices, USD.
    public var badDebt: Double
    public var liquidations: Int
    public var insuranceFund: Double
    public var baseFeeGwei: Double
    public var mempoolSize: Int
}

/// One processed event, for `events.csv` (`--trace` only).
public struct TraceRecord: Sendable, Equatable {
    public var timeSeconds: Double
    public var priority: Int
    public var sequence: UInt64
    public var event: String
}

/// Which per-event detail a run keeps besides its metrics.
public struct RecordingOptions: Sendable, Equatable {
    public var timeSeries: Bool
    public var liquidations: Bool
    public var trace: Bool

    public init(timeSeries: Bool = false, liquidations: Bool = false, trace: Bool = false) {
        self.timeSeries = timeSeries
        self.liquidations = liquidations
        self.trace = trace
    }

    /// Only metrics (what a sweep needs).
    public static let metricsOnly = RecordingOptions()
}

/// Why a run was stopped: the model broke one of its own guarantees. Reported with the run's seed.
public struct SimulationFailure: Error, Sendable, CustomStringConvertible {
    public let timeSeconds: Double
    public let reason: String
    public var description: String { "at t = \(timeSeconds) s: \(reason)" }
}
