/// Derives the seed of every named random substream from `(root seed, replication, stream name)`.
///
/// The mixing function is SplitMix64's finaliser (Steele, Lea & Flood 2014, "Fast splittable pseudorandom
/// number generators"), a bijection on 64-bit words with full avalanche, applied as
///
///     h(name)  = FNV-1a-64 of the name's UTF-8 bytes
///     seed     = mix( mix( mix(root) ⊕ (replication + φ) ) ⊕ h(name) )
///
/// with φ = 0x9E3779B97F4A7C15. A stream's seed depends on nothing but these three inputs, so adding a
/// stream, or changing another component's parameters, never changes its draws: replication r sees the same
/// price path at every design point of a sweep (common random numbers).
///
/// GSL's mt19937 uses only the low 32 bits of its seed (`mt19937_set`), so two streams collide with
/// probability about 2⁻³² per pair; the names used inside one run are few enough for this not to matter.
public enum SeedDerivation {
    /// SplitMix64's output function.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a, 64-bit (Fowler, Noll, Vo): a stable hash of the stream name, unlike Swift's per-process
    /// randomised `Hasher`.
    public static func fnv1a(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The seed of stream `name` in replication `replication` of a run rooted at `root`.
    public static func seed(root: UInt64, replication: Int, stream name: String) -> UInt64 {
        let r = mix(mix(root) ^ (UInt64(truncatingIfNeeded: replication) &+ 0x9E37_79B9_7F4A_7C15))
        return mix(r ^ fnv1a(name))
    }
}

/// Hands out the named substreams of one replication.
public struct StreamFactory: Sendable {
    /// The run's root seed (written to every result row).
    public let rootSeed: UInt64
    /// The replication index.
    public let replication: Int
    /// The generator type every stream uses.
    public let generator: GeneratorType

    public init(rootSeed: UInt64, replication: Int, generator: GeneratorType = .mt19937) {
        self.rootSeed = rootSeed
        self.replication = replication
        self.generator = generator
    }

    /// The stream called `name` (e.g. "price", "oracle", "liquidator/3").
    public func stream(_ name: String) throws -> RandomStream {
        try RandomStream(
            type: generator,
            seed: SeedDerivation.seed(root: rootSeed, replication: replication, stream: name)
        )
    }
}
