import CGSL

/// One GSL random-number stream: owns a `gsl_rng` of an explicitly named type, freed on `deinit`.
///
/// Streams are never shared between threads or components. A run derives one per component from its root
/// seed with ``SeedDerivation`` so that components never see each other's draws.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// Whether `rng` is GSL's MT19937, whose state the hot draws read in place (`cascade_mt_*` in CGSL's shim:
    /// GSL's arithmetic, bit-identical, without the call through the generator's function table).
    @usableFromInline let isMT19937: Bool
    /// The generator algorithm.
    public let type: GeneratorType
    /// The seed passed to `gsl_rng_set`.
    public let seed: UInt64

    /// Creates a stream of `type` seeded with `seed`.
    /// - Throws: ``GSLError`` when GSL cannot allocate the generator.
    public init(type: GeneratorType = .mt19937, seed: UInt64) throws {
        GSLRuntime.ensureConfigured()
        guard let rng = gsl_rng_alloc(type.gslType) else {
            throw GSLError(status: Int32(GSL_ENOMEM), context: "allocating a \(type.rawValue) generator")
        }
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
        self.rng = rng
        self.isMT19937 = rng.pointee.type == cascade_rng_mt19937()
        self.type = type
        self.seed = seed
    }

    deinit { gsl_rng_free(rng) }

    /// GSL's name of the generator (`gsl_rng_name`).
    public var gslName: String { String(cString: gsl_rng_name(rng)) }

    /// The next raw integer in [min, max] of the generator (`gsl_rng_get`).
    @inlinable public func nextRaw() -> UInt { gsl_rng_get(rng) }

    /// A uniform draw in [0, 1) (`gsl_rng_uniform`).
    @inlinable public func uniform() -> Double { isMT19937 ? cascade_mt_uniform(rng) : gsl_rng_uniform(rng) }

    /// Whether a lognormal draw, `gsl_ran_lognormal(rng, zeta, sigma)`, is at least `bound` (> 0, with
    /// `logBound` = log(bound)): the same draws and the same answer as comparing the draw, without its exp
    /// away from the boundary (MT19937; other generators draw and compare).
    @inlinable public func lognormal(zeta: Double, sigma: Double, isAtLeast bound: Double, logBound: Double) -> Bool {
        isMT19937 ? cascade_mt_lognormal_at_least(rng, zeta, sigma, bound, logBound) != 0 : gsl_ran_lognormal(rng, zeta, sigma) >= bound
    }

    /// A lognormal draw, `gsl_ran_lognormal(rng, zeta, sigma)` (inlined for MT19937, bit-identical).
    @inlinable public func lognormal(zeta: Double, sigma: Double) -> Double {
        isMT19937 ? cascade_mt_lognormal(rng, zeta, sigma) : gsl_ran_lognormal(rng, zeta, sigma)
    }

    /// A uniform draw in (0, 1) (`gsl_rng_uniform_pos`), safe to take a logarithm of.
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// A uniform integer in 0..<n (`gsl_rng_uniform_int`).
    /// - Precondition: 0 < n ≤ max − min of the generator (2³² − 1 for mt19937); beyond that GSL would report
    ///   an error and return 0, which with the error handler off would pass silently.
    @inlinable public func uniformInt(below n: Int) -> Int {
        precondition(n > 0 && UInt(n) <= gsl_rng_max(rng) - gsl_rng_min(rng),
                     "uniformInt needs a bound in 1...\(gsl_rng_max(rng) - gsl_rng_min(rng)) for \(type.rawValue), got \(n)")
        return Int(gsl_rng_uniform_int(rng, UInt(n)))
    }

    /// A standard normal draw (`gsl_ran_gaussian_ziggurat` with σ = 1).
    @inlinable public func standardNormal() -> Double { gsl_ran_gaussian_ziggurat(rng, 1) }

    /// An exponential draw with the given mean (`gsl_ran_exponential`).
    @inlinable public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }

    /// A Poisson count with mean `mu` (`gsl_ran_poisson`).
    @inlinable public func poisson(mean mu: Double) -> Int { Int(gsl_ran_poisson(rng, mu)) }

    /// A Bernoulli trial: true with probability `p` (`gsl_ran_bernoulli`).
    @inlinable public func bernoulli(_ p: Double) -> Bool { gsl_ran_bernoulli(rng, p) == 1 }

    /// A Student-t draw with `nu` degrees of freedom (`gsl_ran_tdist`).
    @inlinable public func studentT(degreesOfFreedom nu: Double) -> Double { gsl_ran_tdist(rng, nu) }
}
