import Foundation
import SimKernel
import Stochastic

/// One run of the model with liquidation mechanism `Mechanism`, advanced by the event kernel from t = 0 to the
/// horizon.
///
/// The components own their state and handle their own events: the ``Market`` (paths, reference prices,
/// pools, arbitrage), the ``OracleSet``, the ``Chain`` (mempool, blocks, fees), the ``LendingProtocol``, the
/// ``Keepers``, the ``Borrowers``, the ``MetricsRecorder`` and the mechanism (``LiquidationMechanism``,
/// reached by static dispatch: the engine is generic over it). The engine holds the event loop and routes
/// each event, and what follows from it, between them; it is the only place that knows all the components
/// (docs/ARCHITECTURE.md, "The engine: components and routing"). ``Simulation`` picks the mechanism.
///
/// An engine owns all its state and random streams, so runs are independent and can execute on different
/// threads. The same (spec, root seed, replication) gives the same result bit for bit.
final class Engine<Mechanism: LiquidationMechanism> {
    let spec: ModelSpec
    var kernel = EventKernel<SimEvent>()
    let mechanism: Mechanism
    var context: MechanismContext<Mechanism> { MechanismContext(engine: self) }

    // MARK: Components
    var market: Market
    var oracles: OracleSet
    let chain: Chain<TxPayload<Mechanism.Action>>
    var lending: LendingProtocol
    var keepers: Keepers
    var borrowers: Borrowers
    var recorder: MetricsRecorder

    // MARK: Routing scratch (reused, so routing allocates nothing per event)
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
        self.mechanism = mechanism
        let streams = StreamFactory(rootSeed: rootSeed, replication: replication, generator: generator)
        let plan = try PricePathPlan(spec: spec.paths, tickSeconds: spec.tickSeconds)
        let market = try Market(spec: spec, plan: plan, streams: streams)
        self.market = market
        let references = market.reference.indices.map { PriceDecomposition(exogenousPrice: market.referencePrice($0)) }
        let debtAtPar = spec.protocolSpec.debtValuation == .par
        let oracles = try OracleSet(spec: spec, references: references, debtPrice: debtAtPar ? 1 : market.debtPrice, streams: streams)
        self.oracles = oracles
        let initialOraclePrices = oracles.prices
        scratchPrices = initialOraclePrices
        scratchMarketPrices = OraclePrices(collateral: market.reference.map { $0.price() }, debt: market.debtPrice)
        chain = Chain(config: spec.network, demand: spec.demand, stream: try streams.stream("network"))

        // Protocol and positions.
        let collateral = spec.protocolSpec.collateral
        let book: PositionBook
        var population: PopulationSpec?
        var populationStream: RandomStream?
        switch spec.positions {
        case .population(let p):
            let stream = try streams.stream("positions")
            book = try p.generate(assets: collateral, prices: initialOraclePrices, stream: stream)
            population = p
            populationStream = stream
        case .snapshot(let snapshot, _):
            book = snapshot
        }
        var lending = LendingProtocol(assets: collateral, book: book, prices: initialOraclePrices, insurance: spec.protocolSpec.insurance,
                                      indexing: spec.indexing)
        lending.trackInsolvency(prices: scratchMarketPrices)
        self.lending = lending

        // Agents and records.
        keepers = try Keepers(classes: spec.liquidators, assetCount: collateral.count, streams: streams)
        borrowers = Borrowers(spec: spec.borrowers, collateral: collateral, book: lending.book, prices: initialOraclePrices,
                              population: population, populationStream: populationStream, stream: try streams.stream("borrowers"))
        recorder = MetricsRecorder(recording: recording, initialReferencePrices: market.reference.map { $0.price() },
                                   assetNames: market.assetNames)
    }

    /// Runs to the horizon and returns the metrics (and the records asked for).
    /// - Throws: ``SimulationFailure`` when a price turns non-finite or the ledger stops balancing.
    func run() throws -> RunResult {
        try mechanism.prepare(context)
        let horizon = spec.horizonSeconds
        kernel.schedule(.tick, at: min(spec.tickSeconds, horizon), priority: .exogenous)
        kernel.schedule(.block, at: chain.nextBlockTime, priority: .settlement)
        kernel.schedule(.sample, at: 0, priority: .bookkeeping)
        for a in 0..<oracles.count { oracles.reschedule(AssetIndex(a), now: now, horizon: horizon, kernel: &kernel) }
        keepers.start(horizon: horizon, kernel: &kernel)
        borrowers.scheduleNewBorrower(now: now, horizon: horizon, kernel: &kernel)
        borrowers.start(lending, kernel: &kernel)
        // Positions liquidatable from the start are flagged when the index is built, and the index reports
        // only positions that cross HF = 1 later: tell the mechanism here, or no bot ever sees them.
        let atStart = lending.flaggedPositions.sorted()
        mechanism.noteLiquidatable(atStart, context)
        publishRefresh()
        if !atStart.isEmpty {
            mechanism.protocolActs(context)
            keepers.notifyWatchers(kernel: &kernel)
        }
        observeMarket()

        // The model schedules through `kernel` while handling an event, so events are taken one at a time
        // rather than through a closure that would hold the kernel while it runs.
        let tracing = recorder.recording.trace
        while let event = kernel.step(until: horizon) {
            if tracing {
                recorder.trace(TraceRecord(timeSeconds: event.time, priority: Int(event.priority.rawValue),
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

    /// Routes an event to the component that handles it.
    @inline(__always)
    private func handle(_ event: SimEvent) throws {
        switch event {
        case .tick: try onTick()
        case .oracleWake(let a): route(oracle: a, oracles.wakeUp(a, at: now))
        case .botWake(let b): onBotWake(b)
        case .arbitrageWake(let a, let p): onArbitrageWake(a, p)
        case .mechanismTimer: mechanism.timerFired(context)
        case .block: try onBlock()
        case .borrowerAction(let p): onBorrowerAction(p)
        case .newBorrower: onNewBorrower()
        case .sample: onSample()
        }
    }

    var now: Double { kernel.now }

    /// Oracle prices the protocol acts on.
    var oraclePrices: OraclePrices { _read { yield oracles.prices } }

    /// Reads `value`, a component this class stores, in place. A method called on a struct stored in a class
    /// copies the struct first (Swift cannot prove nothing changes it during the call), a retain and release
    /// of each of its arrays: the protocol and the market are read through this on hot paths instead.
    @inline(__always)
    static func inPlace<T, R>(_ value: inout T, _ body: (borrowing T) -> R) -> R { body(value) }

    /// USD cost of `gas` at the current base fee plus `tipGwei`.
    func gasCostUSD(_ gas: Int, tipGwei: Double) -> Double {
        Double(gas) * (chain.baseFeeGwei + tipGwei) * 1e-9 * gasTokenPriceUSD
    }

    /// Checks the ledger after a liquidation. Debug builds stop at once (inside the protocol); release builds
    /// remember the failure and the run is reported as failed after the current event.
    func checkConservation() {
        if conservationFailure == nil, let e = readLending({ $0.conservationError() }) { conservationFailure = "conservation broken: \(e)" }
    }
}
