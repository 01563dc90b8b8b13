/// What a row of `liquidations.csv` records: one step of a mechanism (its `mechanism` column, the raw value).
/// Each mechanism declares its steps beside its plug-in (`static let` members in an extension), so adding a
/// mechanism adds its steps in its own folder.
public struct LiquidationStep: Hashable, Sendable, CustomStringConvertible {
    /// The text in the `mechanism` column, e.g. "dutch-take".
    public let rawValue: String
    /// The mechanism the step belongs to (a backstop pool's fallback liquidations are fixed-spread steps).
    public let mechanism: MechanismName

    public init(_ rawValue: String, of mechanism: MechanismName) {
        self.rawValue = rawValue
        self.mechanism = mechanism
    }

    public var description: String { rawValue }
}

/// One band of one soft-liquidation loan at a metrics sample, as written to `bands.csv`: what the loan holds
/// there, and where the AMM stands.
public struct LoanBandRow: Sendable, Equatable {
    public var timeSeconds: Double
    /// The lending position the loan came from.
    public var position: Int
    public var band: Int
    /// The band's top and bottom oracle prices, debt units.
    public var priceUp: Double
    public var priceDown: Double
    /// The loan's share of the band: USD (debt units) and collateral.
    public var usd: Double
    public var collateral: Double
    public var activeBand: Int
    /// The AMM's oracle (the EMA) and its price, debt units.
    public var oraclePrice: Double
    public var ammPrice: Double

    public init(timeSeconds: Double, position: Int, band: Int, priceUp: Double, priceDown: Double, usd: Double,
                collateral: Double, activeBand: Int, oraclePrice: Double, ammPrice: Double) {
        self.timeSeconds = timeSeconds
        self.position = position
        self.band = band
        self.priceUp = priceUp
        self.priceDown = priceDown
        self.usd = usd
        self.collateral = collateral
        self.activeBand = activeBand
        self.oraclePrice = oraclePrice
        self.ammPrice = ammPrice
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
