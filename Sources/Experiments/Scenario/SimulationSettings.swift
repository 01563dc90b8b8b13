import Stochastic

/// `[simulation]`: what every run needs regardless of the model: identity, seed, horizon and tick.
public struct SimulationSettings: Sendable, Equatable {
    /// Short name used in result files (`scenario` column).
    public var name: String
    public var description: String
    /// Root seed of replication 0; each replication and component derives its own stream from it.
    public var seed: UInt64
    /// Simulated time span in seconds.
    public var horizonSeconds: Double
    /// Spacing of exogenous price ticks in seconds.
    public var tickSeconds: Double
    /// GSL generator used by every random stream.
    public var generator: GeneratorType
    /// Replications `cascade paths` writes by default (`cascade run` runs one, a sweep sets its own).
    public var replications: Int

    static func decode(_ r: ConfigReader, defaultName: String) -> SimulationSettings {
        let s = SimulationSettings(
            name: r.string("name", default: defaultName),
            description: r.string("description", default: ""),
            seed: r.seed("seed", default: 1),
            horizonSeconds: r.duration("horizon", check: { $0 > 0 ? nil : "a duration > 0" }),
            tickSeconds: r.duration("tick", default: 60, check: { $0 > 0 ? nil : "a duration > 0" }),
            generator: r.choice("generator", default: .mt19937),
            replications: r.int("replications", default: 1, in: 1...1_000_000)
        )
        if s.tickSeconds > 0, s.horizonSeconds > 0, s.horizonSeconds / s.tickSeconds > 1e8 {
            r.problem("tick", "found \(s.tickSeconds) s over a \(s.horizonSeconds) s horizon (more than 1e8 ticks), expected a coarser tick or a shorter horizon")
        }
        r.finish()
        return s
    }
}
