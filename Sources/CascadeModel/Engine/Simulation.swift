import Stochastic

/// One run of the model: builds the ``Engine`` for the scenario's liquidation mechanism and runs it.
///
/// This is the mechanism registry: the one switch over ``MechanismSpec`` that names each plug-in. Adding a
/// mechanism adds one case here (docs/ARCHITECTURE.md, "Adding a mechanism"). The same (spec, root seed,
/// replication) gives the same result bit for bit.
public final class Simulation {
    private let body: () throws -> RunResult

    /// Sets up replication `replication` of `spec` from the root seed.
    /// - Throws: when the paths cannot be planned, a pool cannot be built or the population cannot be drawn
    ///   (all validated earlier, so this means an inconsistent spec built in code).
    public init(spec: ModelSpec, rootSeed: UInt64, replication: Int, generator: GeneratorType = .mt19937,
                recording: RecordingOptions = .metricsOnly) throws {
        func engine<M: LiquidationMechanism>(_ mechanism: M) throws -> () throws -> RunResult {
            let e = try Engine(spec: spec, mechanism: mechanism, rootSeed: rootSeed, replication: replication,
                               generator: generator, recording: recording)
            return e.run
        }
        switch spec.protocolSpec.liquidation {
        case .fixedSpread(let s): body = try engine(FixedSpreadMechanism(rules: s))
        case .dutchAuction(let s): body = try engine(DutchAuctionMechanism(spec: s))
        case .englishAuction(let s): body = try engine(EnglishAuctionMechanism(spec: s))
        case .backstopPool(let s): body = try engine(BackstopPoolMechanism(spec: s))
        }
    }

    /// Runs to the horizon and returns the metrics (and the records asked for). Call it once.
    /// - Throws: ``SimulationFailure`` when a price turns non-finite or the ledger stops balancing.
    public func run() throws -> RunResult { try body() }
}
