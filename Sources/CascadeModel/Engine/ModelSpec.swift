import Stochastic

/// Everything one run of the model needs, already validated and with every file it refers to loaded (replay
/// histories, position snapshots, gas series). Built by the scenario loader in Experiments; one value serves
/// every replication of a design point.
public struct ModelSpec: Sendable {
    /// Where the positions come from.
    public enum Positions: Sendable {
        /// Drawn per replication from distributions, stream "positions".
        case population(PopulationSpec)
        /// A fixed snapshot, the same in every replication.
        case snapshot(PositionBook, source: String)
    }

    /// One AMM pool trading a collateral asset against the debt asset.
    public struct MarketPool: Sendable, Equatable {
        /// The collateral asset (a `[[price.assets]]` and `[[protocol.collateral]]` name).
        public var asset: String
        public var pool: PoolSpec
        public init(asset: String, pool: PoolSpec) {
            self.asset = asset
            self.pool = pool
        }
    }

    /// Arbitrage between each pool and the reference price: the arbitrageur's parameters and its transactions.
    public struct ArbitrageSettings: Sendable, Equatable {
        public var enabled: Bool
        public var trader: ArbitrageurSpec
        public var gasPerTrade: Int
        public var priorityFeeGwei: Double
        public init(enabled: Bool = true, trader: ArbitrageurSpec = ArbitrageurSpec(), gasPerTrade: Int = 150_000, priorityFeeGwei: Double = 2) {
            self.enabled = enabled
            self.trader = trader
            self.gasPerTrade = gasPerTrade
            self.priorityFeeGwei = priorityFeeGwei
        }
    }

    public var horizonSeconds: Double
    public var tickSeconds: Double
    public var paths: PricePathSetSpec
    public var pools: [MarketPool]
    public var arbitrage: ArbitrageSettings
    /// Permanent/decaying impact of collateral sales on the reference price (nil: none).
    public var impact: PriceImpactSpec?
    /// Liquidity that drains and recovers (nil: constant depth).
    public var liquidity: LiquiditySpec?
    public var protocolSpec: ProtocolSpec
    public var positions: Positions
    /// One per collateral asset (assets without an entry read the reference price instantly).
    public var oracles: [OracleConfig]
    public var network: NetworkConfig
    public var demand: BackgroundDemand
    /// The collateral asset whose reference price converts gas (paid in it) to USD; nil: the first one.
    public var gasAsset: String?
    public var liquidators: [LiquidatorSpec]
    public var borrowers: BorrowerSpec
    /// Spacing of time-series rows, seconds.
    public var sampleIntervalSeconds: Double
    /// How the protocol finds liquidatable positions (not a scenario key: both ways give the same results,
    /// which tests check by running a scenario both ways).
    public var indexing: LendingProtocol.Indexing = .byLiquidationPrice

    public init(horizonSeconds: Double, tickSeconds: Double, paths: PricePathSetSpec, pools: [MarketPool],
                arbitrage: ArbitrageSettings = ArbitrageSettings(), impact: PriceImpactSpec? = nil,
                liquidity: LiquiditySpec? = nil, protocolSpec: ProtocolSpec, positions: Positions,
                oracles: [OracleConfig] = [], network: NetworkConfig = NetworkConfig(), demand: BackgroundDemand = .none,
                gasAsset: String? = nil, liquidators: [LiquidatorSpec] = [LiquidatorSpec()],
                borrowers: BorrowerSpec = BorrowerSpec(), sampleIntervalSeconds: Double = 600) {
        self.horizonSeconds = horizonSeconds
        self.tickSeconds = tickSeconds
        self.paths = paths
        self.pools = pools
        self.arbitrage = arbitrage
        self.impact = impact
        self.liquidity = liquidity
        self.protocolSpec = protocolSpec
        self.positions = positions
        self.oracles = oracles
        self.network = network
        self.demand = demand
        self.gasAsset = gasAsset
        self.liquidators = liquidators
        self.borrowers = borrowers
        self.sampleIntervalSeconds = sampleIntervalSeconds
    }

    /// Cross-component problems (each component validates its own section): names that must match between
    /// sections. Keys are full scenario key paths.
    public func crossProblems() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        let pathAssets = paths.assets.map(\.name)
        for (i, c) in protocolSpec.collateral.enumerated() where !pathAssets.contains(c.name) {
            out.append(ParameterProblem(key: "protocol.collateral[\(i)].name",
                message: "found \"\(c.name)\", expected the name of a [[price.assets]] entry (\(pathAssets.map { "\"\($0)\"" }.joined(separator: ", ")))"))
        }
        let collateral = protocolSpec.collateral.map(\.name)
        for (i, p) in pools.enumerated() where !collateral.contains(p.asset) {
            out.append(ParameterProblem(key: "market.pools[\(i)].asset", message: "found \"\(p.asset)\", expected a collateral asset name (\(collateral.map { "\"\($0)\"" }.joined(separator: ", ")))"))
        }
        for c in collateral where !pools.contains(where: { $0.asset == c }) {
            out.append(ParameterProblem(key: "market.pools", message: "no pool trades \"\(c)\", expected at least one [[market.pools]] with asset = \"\(c)\" (seized collateral is sold there)"))
        }
        var seenOracles = Set<String>()
        for (i, o) in oracles.enumerated() {
            if !collateral.contains(o.asset) {
                out.append(ParameterProblem(key: "oracles[\(i)].asset", message: "found \"\(o.asset)\", expected a collateral asset name"))
            }
            if !seenOracles.insert(o.asset).inserted {
                out.append(ParameterProblem(key: "oracles[\(i)].asset", message: "found a second oracle for \"\(o.asset)\", expected one per asset"))
            }
        }
        if let g = gasAsset, !collateral.contains(g) {
            out.append(ParameterProblem(key: "network.gas_asset", message: "found \"\(g)\", expected a collateral asset name"))
        }
        if let p = ParameterProblem.requirePositive("metrics.sample_interval", sampleIntervalSeconds) { out.append(p) }
        // Every transaction must fit in a block, or it could never be included.
        let limit = network.gasLimit
        func fits(_ key: String, _ gas: Int) {
            if gas > limit { out.append(ParameterProblem(key: key, message: "found \(gas) gas, expected at most network.gas_limit \(limit) (a transaction must fit in a block)")) }
        }
        for (i, l) in liquidators.enumerated() { fits("liquidators[\(i)].gas_per_action", l.gasPerAction) }
        for (i, o) in oracles.enumerated() { fits("oracles[\(i)].round_gas_used", o.roundTransaction.gasUsed) }
        if arbitrage.enabled { fits("market.arbitrage.gas_per_trade", arbitrage.gasPerTrade) }
        // What the mechanism asks of its keepers (an English auction's bidders must hold their DAI).
        out += protocolSpec.liquidation.parameters.keeperProblems(liquidators)
        out += protocolSpec.liquidation.parameters.borrowerProblems(borrowers)
        var names = Set<String>()
        for (i, l) in liquidators.enumerated() where !names.insert(l.name).inserted {
            out.append(ParameterProblem(key: "liquidators[\(i)].name", message: "found \"\(l.name)\" twice, expected unique names"))
        }
        return out
    }
}
