import CGSL

/// A GSL random-number generator algorithm, always named explicitly (never `gsl_rng_default`).
///
/// The names are GSL's own (`gsl_rng_name`), so a scenario file says `generator = "ranlxd2"`.
public enum GeneratorType: String, CaseIterable, Sendable, Codable {
    /// Mersenne Twister MT19937 (Matsumoto & Nishimura 1998). GSL's recommended default; period 2^19937 − 1.
    case mt19937
    /// RANLUX double precision, luxury level 2 (Lüscher 1994): slowest, strongest decorrelation.
    case ranlxd2
    /// RANLUX single precision, luxury level 2.
    case ranlxs2
    /// Tausworthe generator with the improved seeding of L'Ecuyer (1999); fast, period 2^88.
    case taus2
    /// Fifth-order multiple recursive generator of L'Ecuyer, Blouin & Coutre (1993); period about 10^46.
    /// (GSL's `cmrg` is the combined one of L'Ecuyer 1996.)
    case mrg
    /// Ziff's four-tap generalised feedback shift register (Ziff 1998, "Four-tap shift-register-sequence
    /// random-number generators"); period about 2^9689.
    case gfsr4

    var gslType: UnsafePointer<gsl_rng_type> {
        switch self {
        case .mt19937: return cascade_rng_mt19937()
        case .ranlxd2: return cascade_rng_ranlxd2()
        case .ranlxs2: return cascade_rng_ranlxs2()
        case .taus2: return cascade_rng_taus2()
        case .mrg: return cascade_rng_mrg()
        case .gfsr4: return cascade_rng_gfsr4()
        }
    }
}
