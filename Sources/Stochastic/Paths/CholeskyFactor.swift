import CGSL

/// The lower-triangular Cholesky factor L of a symmetric positive-definite matrix C = L Lᵀ, computed by
/// GSL's `gsl_linalg_cholesky_decomp1`, and applied as ε = L z to turn iid standard normals z into normals
/// with covariance C.
public struct CholeskyFactor: Sendable, Equatable {
    /// The dimension.
    public let dimension: Int
    /// L in row-major order; entries above the diagonal are 0.
    public let lower: [Double]

    /// Factors `matrix` (only its diagonal and lower triangle are read, as GSL does).
    /// - Throws: ``GSLError`` with status `GSL_EDOM` when the matrix is not positive definite.
    /// - Precondition: `matrix` is square.
    public init(_ matrix: [[Double]]) throws {
        GSLRuntime.ensureConfigured()
        let n = matrix.count
        precondition(n > 0 && matrix.allSatisfy { $0.count == n }, "Cholesky needs a non-empty square matrix")
        guard let m = gsl_matrix_alloc(n, n) else {
            throw GSLError(status: Int32(GSL_ENOMEM), context: "allocating a \(n)×\(n) matrix")
        }
        defer { gsl_matrix_free(m) }
        for i in 0..<n { for j in 0..<n { gsl_matrix_set(m, i, j, matrix[i][j]) } }
        try GSLError.check(gsl_linalg_cholesky_decomp1(m), "Cholesky factorisation of a \(n)×\(n) correlation matrix")
        var lower = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0...i { lower[i * n + j] = gsl_matrix_get(m, i, j) } }
        self.dimension = n
        self.lower = lower
    }

    /// Writes L·z into `out` (no allocation).
    /// - Precondition: both buffers hold ``dimension`` values.
    @inline(__always)
    public func apply(_ z: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        lower.withUnsafeBufferPointer { l in
            for i in 0..<n {
                var s = 0.0
                for j in 0...i { s += l[i * n + j] * z[j] }
                out[i] = s
            }
        }
    }
}
