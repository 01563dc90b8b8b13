import CGSL

/// A low-discrepancy sequence in [0, 1)^d from GSL's `gsl_qrng` (Sobol after Antonov–Saleev, or Halton),
/// used for quasi-random sweep designs.
public final class QuasiRandomSequence {
    public enum Kind: String, CaseIterable, Sendable {
        case sobol, halton

        /// GSL's largest supported dimension for each generator.
        public var maximumDimension: Int { self == .sobol ? 40 : 1229 }
    }

    private let q: OpaquePointer
    public let dimension: Int
    private var buffer: [Double]

    /// - Throws: ``GSLError`` when GSL cannot allocate the generator (dimension out of range).
    public init(kind: Kind, dimension: Int) throws {
        GSLRuntime.ensureConfigured()
        guard dimension >= 1 && dimension <= kind.maximumDimension,
              let q = gsl_qrng_alloc(kind == .sobol ? cascade_qrng_sobol() : cascade_qrng_halton(), UInt32(dimension)) else {
            throw GSLError(status: Int32(GSL_EINVAL), context: "\(kind.rawValue) sequence of dimension \(dimension) (GSL supports 1 to \(kind.maximumDimension))")
        }
        self.q = OpaquePointer(q)
        self.dimension = dimension
        buffer = Array(repeating: 0, count: dimension)
    }

    deinit { gsl_qrng_free(UnsafeMutablePointer(q)) }

    /// The next point of the sequence.
    public func next() throws -> [Double] {
        let status = buffer.withUnsafeMutableBufferPointer { gsl_qrng_get(UnsafeMutablePointer(q), $0.baseAddress) }
        try GSLError.check(status, "drawing the next quasi-random point")
        return buffer
    }
}
