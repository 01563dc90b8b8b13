import Stochastic

/// One run of the model: builds the ``Engine`` for the scenario's liquidation mechanism (the mechanism's
/// parameters hand their plug-in to an ``EngineBuilder``) and runs it. The same (spec, root seed, replication) gives the same result
/// bit for bit.
public final class Simulation {
    private let body: () throws -> RunResult

    /// Sets up replication `replication` of `spec` from the root seed.
    /// - Throws: when the paths cannot be planned, a pool cannot be built or the population cannot be drawn
    ///   (all validated earlier, so this means an inconsistent spec built in code).
    public init(spec: ModelSpec, rootSeed: UInt64, replication: Int, generator: GeneratorType = .mt19937,
                recording: RecordingOptions = .metricsOnly) throws {
        body = try spec.protocolSpec.liquidation.buildRun(
            EngineBuilder(spec: spec, rootSeed: rootSeed, replication: replication, generator: generator, recording: recording))
    }

    /// Runs to the horizon and returns the metrics (and the records asked for). Call it once.
    /// - Throws: ``SimulationFailure`` when a price turns non-finite or the ledger stops balancing.
    public func run() throws -> RunResult { try body() }
}

/// Builds the engine of one replication for whichever plug-in a mechanism's parameters hand it.
struct EngineBuilder {
    let spec: ModelSpec
    let rootSeed: UInt64
    let replication: Int
    let generator: GeneratorType
    let recording: RecordingOptions

    /// The run under `mechanism`, its engine specialised for `M` (called where `M` is concrete).
    func build<M: LiquidationMechanism>(_ mechanism: M) throws -> () throws -> RunResult {
        let engine = try Engine(spec: spec, mechanism: mechanism, rootSeed: rootSeed, replication: replication,
                                generator: generator, recording: recording)
        return engine.run
    }
}
