import Foundation
import SimKernel
import Stochastic

/// One run of the model with liquidation mechanism `Mechanism`: the price paths, market, oracles, network,
/// protocol and agents, advanced by the event kernel from t = 0 to the horizon.
///
/// The engine holds the event loop and routes each event to the component that handles it; it is the only
/// place that knows all the components. Everything mechanism-specific is behind ``LiquidationMechanism``,
/// reached by static dispatch (the engine is generic over it). ``Simulation`` picks the mechanism.
///
/// An engine owns all its state and random streams, so runs are independent and can execute on different
/// threads. The same (spec, root seed, replication) gives the same result bit for bit.
final class Engine<Mechanism: LiquidationMechanism> {
    let spec: ModelSpec
    let recording: RecordingOptions
    var kernel = EventKernel<SimEvent>()
    let mechanism: Mechanism
    var context: MechanismContext<Mechanism> { MechanismContext(engine: self) }

    // MARK: Exogenous prices and market
    var paths: MultiAssetPaths
    /// Path index of each collateral asset (protocol order), and of the debt asset.
    let pathIndex: [Int]
    let debtPathIndex: Int
    let assetNames: [String]
    var reference: [ReferencePrice]
    var venues: [Venue]
    var liquidity: [[LiquidityDynamics]]
    var arbitragePending: [[Bool]]
    let arbitrageStream: RandomStream
    /// Reference price of the debt asset, USD.
    var debtPrice: Double

    // MARK: Oracles
    var oracles: [Oracle]
    let oracleStreams: [RandomStream]
    var oracleWake: [EventHandle?]
    let oracleReadsPool: [Bool]
    let roundTransactions: [OracleConfig.RoundTransaction]
    /// What the protocol acts on (overwritten in place on each publication).
    var oraclePrices: OraclePrices
    var oracleValues: [PriceDecomposition]

    // MARK: Network
    var network: Network<TxPayload<Mechanism.Action>>
    let networkStream: RandomStream
    var stressWindow: RecentReturnWindow
    /// Submissions decided while a block executes; sent after it.
    var deferredSubmissions: [(gas: Int, tip: Double, maxFee: Double, payload: TxPayload<Mechanism.Action>)] = []
    var inBlock = false
    let gasAssetIndex: Int

    // MARK: Protocol and agents
    var lending: LendingProtocol
    var bots: [LiquidatorBot]
    let borrowerStream: RandomStream
    var alertIndex: LiquidationIndex?
    var borrowerPending: [Bool] = []
    var populationStream: RandomStream?

    // MARK: Metrics and records
    var metrics = RunMetrics()
    var peakReference = 0.0
    var generationDebt: [Double] = []
    var worstMoment = 0.0
    var timeSeries: [TimeSeriesRow] = []
    var liquidationRecords: [LiquidationRecord] = []
    var trace: [TraceRecord] = []
    var scratchPrices: OraclePrices
    var newlyLiquidatable: [Int] = []
    /// Market (reference) prices, overwritten in place for the insolvency index at each sample.
    var scratchMarketPrices: OraclePrices
    var conservationFailure: String?

    /// Sets up replication `replication` of `spec` from the root seed.
    /// - Throws: when the paths cannot be planned, a pool cannot be built or the population cannot be drawn
    ///   (all validated earlier, so this means an inconsistent spec built in code).
    init(spec: ModelSpec, mechanism: Mechanism, rootSeed: UInt64, replication: Int, generator: GeneratorType = .mt19937,
         recording: RecordingOptions = .metricsOnly) throws {
        self.spec = spec
        self.recording = recording
        self.mechanism = mechanism
        let streams = StreamFactory(rootSeed: rootSeed, replication: replication, generator: generator)
        let plan = try PricePathPlan(spec: spec.paths, tickSeconds: spec.tickSeconds)
        let initialPaths = try MultiAssetPaths(plan: plan, streams: streams)
        paths = initialPaths
        let collateral = spec.protocolSpec.collateral
        let names = collateral.map(\.name)
        assetNames = names
        let indices = try collateral.map { c in
            guard let i = plan.assetNames.firstIndex(of: c.name) else {
                throw SimulationFailure(timeSeconds: 0, reason: "collateral \(c.name) has no price path")
            }
            return i
        }
        pathIndex = indices
        debtPathIndex = plan.debtAssetIndex
        let initialDebtPrice = initialPaths.price(asset: plan.debtAssetIndex)
        debtPrice = initialDebtPrice
        let impact = spec.impact ?? PriceImpactSpec(volumeFor10PctMoveUSD: .infinity)
        let references = indices.map { ReferencePrice(exogenousPrice: initialPaths.price(asset: $0), spec: impact) }
        reference = references

        // Pools start at the reference price.
        var venues: [Venue] = []
        var liquidity: [[LiquidityDynamics]] = []
        for (a, name) in names.enumerated() {
            let pools = try spec.pools.filter { $0.asset == name }.map {
                try $0.pool.makePool(initialReferencePrice: references[a].price() / initialDebtPrice)
            }
            venues.append(Venue(pools: pools))
            liquidity.append(spec.liquidity.map { l in pools.map { LiquidityDynamics(spec: l, targetLiquidity: $0.liquidity) } } ?? [])
        }
        self.venues = venues
        self.liquidity = liquidity
        arbitragePending = venues.map { Array(repeating: false, count: $0.pools.count) }
        arbitrageStream = try streams.stream("arbitrage")

        // Oracles: one per collateral asset, instant where the scenario names none.
        let configs = names.map { name in spec.oracles.first { $0.asset == name } ?? OracleConfig(asset: name, spec: .instant) }
        oracleStreams = try configs.map { try streams.stream($0.streamName) }
        oracleReadsPool = configs.map { $0.spec.source == .ammPool }
        roundTransactions = configs.map(\.roundTransaction)
        var oracles: [Oracle] = []
        var values: [PriceDecomposition] = []
        for (a, c) in configs.enumerated() {
            let initial = PriceDecomposition(exogenousPrice: references[a].price())
            oracles.append(c.makeOracle(initial: initial, at: 0, horizon: spec.horizonSeconds, stream: oracleStreams[a]))
            values.append(initial)
        }
        self.oracles = oracles
        oracleValues = values
        oracleWake = Array(repeating: nil, count: configs.count)
        let initialOraclePrices = OraclePrices(collateral: values.map(\.price), debt: initialDebtPrice)
        oraclePrices = initialOraclePrices
        scratchPrices = initialOraclePrices
        scratchMarketPrices = OraclePrices(collateral: references.map { $0.price() }, debt: initialDebtPrice)

        // Network.
        networkStream = try streams.stream("network")
        network = Network(config: spec.network, startTime: 0, stream: networkStream)
        if case .stochastic(let d) = spec.demand {
            stressWindow = RecentReturnWindow(windowSeconds: d.stressWindowSeconds)
        } else {
            stressWindow = RecentReturnWindow(windowSeconds: 3600)
        }
        gasAssetIndex = spec.gasAsset.flatMap { names.firstIndex(of: $0) } ?? 0

        // Protocol and positions.
        let book: PositionBook
        switch spec.positions {
        case .population(let population):
            let stream = try streams.stream("positions")
            book = try population.generate(assets: collateral, prices: initialOraclePrices, stream: stream)
            populationStream = stream
        case .snapshot(let snapshot, _):
            book = snapshot
        }
        var lending = LendingProtocol(assets: collateral, book: book, prices: initialOraclePrices, insurance: spec.protocolSpec.insurance)
        lending.trackInsolvency(prices: scratchMarketPrices)
        self.lending = lending

        // Agents.
        var bots: [LiquidatorBot] = []
        for cls in spec.liquidators {
            for k in 0..<cls.count {
                let name = cls.count == 1 ? cls.name : "\(cls.name)-\(k)"
                bots.append(LiquidatorBot(id: bots.count, name: name, spec: cls,
                                          stream: try streams.stream("liquidator/\(cls.name)/\(k)"), assetCount: collateral.count))
            }
        }
        self.bots = bots
        borrowerStream = try streams.stream("borrowers")
        if spec.borrowers.enabled {
            alertIndex = LiquidationIndex(book: lending.book, thresholds: collateral.map { $0.liquidationThreshold / spec.borrowers.alertHealthFactor },
                                          prices: initialOraclePrices)
        }
        peakReference = references.first?.price() ?? 0
    }

    /// Runs to the horizon and returns the metrics (and the records asked for).
    /// - Throws: ``SimulationFailure`` when a price turns non-finite or the ledger stops balancing.
    func run() throws -> RunResult {
        mechanism.prepare(context)
        let horizon = spec.horizonSeconds
        kernel.schedule(.tick, at: min(spec.tickSeconds, horizon), priority: .exogenous)
        kernel.schedule(.block, at: network.nextBlockTime, priority: .settlement)
        kernel.schedule(.sample, at: 0, priority: .bookkeeping)
        for a in oracles.indices { rescheduleOracle(a) }
        for b in bots.indices {
            if case .poll(let interval) = bots[b].spec.monitoring {
                kernel.schedule(.botWake(bot: Int32(b)), at: min(horizon, bots[b].stream.uniform() * interval), priority: .action)
                bots[b].wakeScheduled = true
            }
        }
        if spec.borrowers.enabled && spec.borrowers.newPositionsPerDay > 0 { scheduleNewBorrower() }
        // Positions liquidatable from the start are flagged when the index is built, and the index reports
        // only positions that cross HF = 1 later: make them candidates here, or no bot ever sees them.
        let atStart = lending.index.flaggedPositions.sorted()
        mechanism.noteLiquidatable(atStart, context)
        publishRefresh()
        if !atStart.isEmpty {
            mechanism.protocolActs(context)
            notifyBots()
        }
        recordMarketMetrics()

        // The model schedules through `kernel` while handling an event, so events are taken one at a time
        // rather than through a closure that would hold the kernel while it runs.
        while let event = kernel.step(until: horizon) {
            if recording.trace {
                trace.append(TraceRecord(timeSeconds: event.time, priority: Int(event.priority.rawValue),
                                         sequence: event.sequence, event: event.payload.name))
            }
            if case .botWake = event.payload {} else { mechanism.stateMayChange() }
            do {
                try handle(event.payload)
            } catch let f as SimulationFailure {
                throw f
            } catch {
                throw SimulationFailure(timeSeconds: event.time, reason: "\(error)")
            }
            if let failure = conservationFailure { throw SimulationFailure(timeSeconds: event.time, reason: failure) }
        }
        return try finish()
    }

    @inline(__always)
    private func handle(_ event: SimEvent) throws {
        switch event {
        case .tick: try onTick()
        case .oracleWake(let a): onOracleWake(Int(a))
        case .botWake(let b): onBotWake(Int(b))
        case .arbitrageWake(let a, let p): onArbitrageWake(Int(a), Int(p))
        case .mechanismTimer: mechanism.timerFired(context)
        case .block: try onBlock()
        case .borrowerAction(let p): onBorrowerAction(Int(p))
        case .newBorrower: onNewBorrower()
        case .sample: onSample()
        }
    }

    var now: Double { kernel.now }

    /// USD price of the gas token (ETH): the reference price of the gas asset.
    var gasTokenPriceUSD: Double { reference[gasAssetIndex].price() }

    /// USD cost of `gas` at the current base fee plus `tipGwei`.
    func gasCostUSD(_ gas: Int, tipGwei: Double) -> Double {
        Double(gas) * (network.baseFeeGwei + tipGwei) * 1e-9 * gasTokenPriceUSD
    }
}
