import Stochastic

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny repeatable generator for sweeping random states by seed in
/// tests, independent of GSL. Its output is its finaliser applied to state + φ, which is
/// `SeedDerivation.mix`.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        defer { state &+= 0x9E37_79B9_7F4A_7C15 }
        return SeedDerivation.mix(state)
    }

    /// Uniform on 0..<n.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// True with probability percent / 100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    /// Uniform on [lo, hi).
    public mutating func uniform(_ lo: Double, _ hi: Double) -> Double { Double.random(in: lo..<hi, using: &self) }
    /// Uniform on 0..<n, through the standard library's unbiased draw.
    public mutating func int(_ n: Int) -> Int { Int.random(in: 0..<n, using: &self) }
}
