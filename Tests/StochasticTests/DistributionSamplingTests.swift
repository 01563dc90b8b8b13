import Foundation
import Stochastic
import XCTest

/// Statistical checks of every ``Distribution`` family at fixed seeds. Each tolerance comes from the sampling
/// distribution of the statistic, not from trial and error:
///
/// * Mean. By the CLT x̄ ≈ N(μ, σ²/n). We require |x̄ − μ| < 5σ/√n; a correct sampler fails this with
///   probability 2Φ(−5) ≈ 5.7e-7.
/// * Variance. The sample variance s² has Var(s²) = (μ₄ − σ⁴(n−3)/(n−1))/n (Cramér 1946, §27.4), with μ₄ the
///   fourth central moment, μ₄ = (γ₂ + 3)σ⁴ for excess kurtosis γ₂; s² is asymptotically normal when μ₈ is
///   finite. We require |s² − σ²| < 5·SE(s²), again a 5.7e-7 false-alarm rate. Excess kurtoses are the standard
///   closed forms (Johnson, Kotz & Balakrishnan, "Continuous Univariate Distributions"), written out below;
///   where a family has none handy, μ₄ is assembled from the raw moments E[Xᵏ].
/// * Families without the needed moments (Cauchy, Pareto with shape ≤ 4, Student-t with ν ≤ 4, Lévy with α < 2):
///   a one-sample Kolmogorov–Smirnov test against ``Distribution/cdf(_:)``. Under H₀, √n·Dₙ tends to the
///   Kolmogorov distribution, whose upper 0.001 point is √(−ln(0.001/2)/2) = 1.9495 (Smirnov 1948); reject
///   when Dₙ > 1.9495/√n. The KS test is run for every continuous family with a cdf, as a check of both the
///   sampler and the cdf's parametrisation.
/// * Discrete families: Pearson chi-square goodness of fit against the pmf computed here without GSL, cells
///   merged until every expected count is ≥ 5; reject when P(χ²_df > X²) < 0.001, df = cells − 1.
final class DistributionSamplingTests: XCTestCase {
    static let n = 200_000
    static let ksCritical = (-log(0.001 / 2) / 2).squareRoot()  // 1.94947...

    func samples(_ d: Distribution, seed: UInt64, n: Int = n) throws -> [Double] {
        let stream = try RandomStream(type: .mt19937, seed: seed)
        return (0..<n).map { _ in d.sample(stream) }
    }

    // MARK: Moment checks

    /// Checks sample mean and variance against ``Distribution/mean`` and ``Distribution/variance``.
    func checkMoments(_ d: Distribution, excessKurtosis: Double, seed: UInt64,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let mu = try XCTUnwrap(d.mean, "\(d) has a mean", file: file, line: line)
        let sigma2 = try XCTUnwrap(d.variance, "\(d) has a variance", file: file, line: line)
        let x = try samples(d, seed: seed)
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let s2 = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let meanTolerance = 5 * sigma2.squareRoot() / n.squareRoot()
        XCTAssertLessThan(abs(mean - mu), meanTolerance, "\(d): mean \(mean) vs \(mu)", file: file, line: line)
        let mu4 = (excessKurtosis + 3) * sigma2 * sigma2
        let varianceSE = ((mu4 - sigma2 * sigma2 * (n - 3) / (n - 1)) / n).squareRoot()
        XCTAssertLessThan(abs(s2 - sigma2), 5 * varianceSE, "\(d): variance \(s2) vs \(sigma2)", file: file, line: line)
    }

    /// Excess kurtosis from raw moments m1...m4: μ₄ = m4 − 4·m1·m3 + 6·m1²·m2 − 3·m1⁴.
    func excessKurtosis(rawMoments m: (Double, Double, Double, Double)) -> Double {
        let (m1, m2, m3, m4) = m
        let variance = m2 - m1 * m1
        let mu4 = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 * m1 * m1 * m1
        return mu4 / (variance * variance) - 3
    }

    func testGaussianMoments() throws {
        try checkMoments(.gaussian(mean: -3, sigma: 2.5), excessKurtosis: 0, seed: 101)
    }

    func testLognormalMoments() throws {
        // γ₂ = e^{4σ²} + 2e^{3σ²} + 3e^{2σ²} − 6.
        let s2 = 0.3 * 0.3
        try checkMoments(.lognormal(zeta: 0.1, sigma: 0.3),
                         excessKurtosis: exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 6, seed: 102)
    }

    func testExponentialMoments() throws {
        try checkMoments(.exponential(mean: 4), excessKurtosis: 6, seed: 103)  // γ₂ = 6
    }

    func testGammaMoments() throws {
        // γ₂ = 6/k. Shape < 1 and > 1 take different branches in GSL (Marsaglia–Tsang needs k ≥ 1).
        try checkMoments(.gamma(shape: 3, scale: 2), excessKurtosis: 6.0 / 3, seed: 104)
        try checkMoments(.gamma(shape: 0.5, scale: 2), excessKurtosis: 6.0 / 0.5, seed: 105)
    }

    func testBetaMoments() throws {
        // γ₂ = 6[(a−b)²(a+b+1) − ab(a+b+2)] / [ab(a+b+2)(a+b+3)].
        for (a, b, seed) in [(2.0, 5.0, UInt64(106)), (0.5, 0.5, 107)] {
            let k = 6 * ((a - b) * (a - b) * (a + b + 1) - a * b * (a + b + 2)) / (a * b * (a + b + 2) * (a + b + 3))
            try checkMoments(.beta(a: a, b: b), excessKurtosis: k, seed: seed)
        }
    }

    func testFlatMoments() throws {
        try checkMoments(.flat(min: -1, max: 3), excessKurtosis: -6.0 / 5, seed: 108)  // γ₂ = −6/5
    }

    func testStudentTMoments() throws {
        // γ₂ = 6/(ν − 4) for ν > 4; ν = 12 also keeps μ₈ finite (needs ν > 8) so s² is asymptotically normal.
        try checkMoments(.studentT(nu: 12, location: 1, scale: 2), excessKurtosis: 6.0 / 8, seed: 109)
    }

    func testParetoMoments() throws {
        // γ₂ = 6(a³ + a² − 6a − 2) / (a(a − 3)(a − 4)) for a > 4; a = 10 keeps μ₈ finite.
        let a = 10.0
        try checkMoments(.pareto(shape: a, scale: 2),
                         excessKurtosis: 6 * (a * a * a + a * a - 6 * a - 2) / (a * (a - 3) * (a - 4)), seed: 110)
    }

    func testWeibullMoments() throws {
        // E[Xᵏ] = λᵏ Γ(1 + k/shape).
        for (lambda, k, seed) in [(2.0, 1.5, UInt64(111)), (1.0, 0.8, 112)] {
            let m = { (j: Double) in pow(lambda, j) * tgamma(1 + j / k) }
            try checkMoments(.weibull(scale: lambda, shape: k), excessKurtosis: excessKurtosis(rawMoments: (m(1), m(2), m(3), m(4))), seed: seed)
        }
    }

    func testLaplaceMoments() throws {
        try checkMoments(.laplace(location: 5, width: 0.5), excessKurtosis: 3, seed: 113)  // γ₂ = 3
    }

    func testChiSquaredMoments() throws {
        try checkMoments(.chiSquared(nu: 4), excessKurtosis: 12.0 / 4, seed: 114)  // γ₂ = 12/ν
        try checkMoments(.chiSquared(nu: 0.7), excessKurtosis: 12.0 / 0.7, seed: 115)
    }

    func testPoissonMoments() throws {
        // γ₂ = 1/λ. GSL switches algorithm above μ = 10, so both sides are checked.
        try checkMoments(.poisson(mean: 3), excessKurtosis: 1.0 / 3, seed: 116)
        try checkMoments(.poisson(mean: 250), excessKurtosis: 1.0 / 250, seed: 117)
    }

    func testBernoulliMoments() throws {
        // γ₂ = (1 − 6p(1 − p)) / (p(1 − p)).
        let p = 0.3
        try checkMoments(.bernoulli(p: p), excessKurtosis: (1 - 6 * p * (1 - p)) / (p * (1 - p)), seed: 118)
    }

    func testLevyAlphaTwoIsGaussianWithVarianceTwoCSquared() throws {
        // GSL manual (gsl_ran_levy): α = 2 is a gaussian with σ = √2·c, whatever β.
        let d = Distribution.levy(scale: 1.5, alpha: 2, beta: 0)
        XCTAssertEqual(d.variance, 2 * 1.5 * 1.5)
        try checkMoments(d, excessKurtosis: 0, seed: 119)
        try checkKS(d.levyAsGaussian, sample: samples(d, seed: 120))
    }

    func testConstant() throws {
        let x = try samples(.constant(value: 7.25), seed: 1, n: 100)
        XCTAssertTrue(x.allSatisfy { $0 == 7.25 })
        XCTAssertEqual(Distribution.constant(value: 7.25).variance, 0)
    }

    // MARK: Kolmogorov–Smirnov checks

    /// Dₙ = sup |Fₙ(x) − F(x)|, evaluated on both sides of every jump of the empirical cdf.
    func ksStatistic(_ sample: [Double], cdf: (Double) -> Double) -> Double {
        let sorted = sample.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, Double(i + 1) / n - f, f - Double(i) / n)
        }
        return d
    }

    func checkKS(_ d: Distribution, sample: [Double], file: StaticString = #filePath, line: UInt = #line) throws {
        _ = try XCTUnwrap(d.cdf(0), "\(d) has a cdf", file: file, line: line)
        let dn = ksStatistic(sample) { d.cdf($0)! }
        let critical = Self.ksCritical / Double(sample.count).squareRoot()
        XCTAssertLessThan(dn, critical, "\(d): KS D = \(dn), critical \(critical) at α = 0.001", file: file, line: line)
    }

    func testKolmogorovSmirnovForEveryContinuousFamily() throws {
        let cases: [Distribution] = [
            .gaussian(mean: -3, sigma: 2.5),
            .lognormal(zeta: 0.1, sigma: 1.2),
            .exponential(mean: 4),
            .gamma(shape: 0.5, scale: 2),
            .gamma(shape: 3, scale: 2),
            .beta(a: 2, b: 5),
            .flat(min: -1, max: 3),
            .studentT(nu: 12, location: 1, scale: 2),
            .pareto(shape: 10, scale: 2),
            .weibull(scale: 2, shape: 1.5),
            .laplace(location: 5, width: 0.5),
            .chiSquared(nu: 4),
            // No finite variance (or mean): KS is the test.
            .cauchy(location: -2, scale: 0.5),
            .pareto(shape: 1.5, scale: 1),
            .pareto(shape: 0.8, scale: 3),
            .studentT(nu: 2, location: 0, scale: 1),
            .studentT(nu: 1.5, location: 3, scale: 0.5),
        ]
        for (i, d) in cases.enumerated() {
            try checkKS(d, sample: samples(d, seed: 300 + UInt64(i)))
        }
    }

    func testNoMomentsWhereTheyDoNotExist() {
        XCTAssertNil(Distribution.cauchy(location: 0, scale: 1).mean)
        XCTAssertNil(Distribution.cauchy(location: 0, scale: 1).variance)
        XCTAssertNil(Distribution.pareto(shape: 1, scale: 1).mean)
        XCTAssertNil(Distribution.pareto(shape: 2, scale: 1).variance)
        XCTAssertNil(Distribution.studentT(nu: 1, location: 0, scale: 1).mean)
        XCTAssertNil(Distribution.studentT(nu: 2, location: 0, scale: 1).variance)
        XCTAssertEqual(Distribution.levy(scale: 1, alpha: 1.5, beta: 0).mean, 0)
        XCTAssertNil(Distribution.levy(scale: 1, alpha: 1.5, beta: 0.5).mean)
        XCTAssertNil(Distribution.levy(scale: 1, alpha: 1, beta: 0).mean)
        XCTAssertNil(Distribution.levy(scale: 1, alpha: 0.5, beta: 0).mean)
        XCTAssertNil(Distribution.levy(scale: 1, alpha: 1.5, beta: 0).variance)
    }

    // MARK: Lévy alpha-stable

    /// GSL manual (gsl_ran_levy): α = 1 is the Cauchy distribution with scale c.
    func testLevyAlphaOneIsCauchy() throws {
        let d = Distribution.levy(scale: 0.7, alpha: 1, beta: 0)
        try checkKS(.cauchy(location: 0, scale: 0.7), sample: samples(d, seed: 401))
    }

    /// For symmetric α-stable laws (β = 0) the median is 0 and P(X > 0) = 1/2.
    /// * The count of positive draws is Binomial(n, 1/2): |p̂ − 1/2| < 5·(1/2)/√n.
    /// * The sample median is ≈ N(0, 1/(4n f(0)²)) with the density at 0 f(0) = Γ(1 + 1/α)/(π c)
    ///   (Zolotarev 1986, eq. 2.2.11; the series for the stable density at the origin).
    func testSymmetricLevyMedianAndSymmetry() throws {
        for (c, alpha, seed) in [(1.0, 1.5, UInt64(402)), (2.0, 0.7, 403), (0.5, 1.9, 404)] {
            let x = try samples(.levy(scale: c, alpha: alpha, beta: 0), seed: seed)
            let n = Double(x.count)
            let positive = Double(x.filter { $0 > 0 }.count) / n
            XCTAssertLessThan(abs(positive - 0.5), 5 * 0.5 / n.squareRoot(), "α = \(alpha): P(X > 0) = \(positive)")
            let median = x.sorted()[x.count / 2]
            let f0 = tgamma(1 + 1 / alpha) / (Double.pi * c)
            XCTAssertLessThan(abs(median), 5 / (2 * f0 * n.squareRoot()), "α = \(alpha): median \(median)")
        }
    }

    /// Skewed stable laws (β ≠ 0, α ≠ 1) in the parametrisation the GSL manual gives for gsl_ran_levy_skew
    /// (Samorodnitsky–Taqqu S(α, β, c, 0)) have P(X > 0) = 1/2 + arctan(β tan(πα/2))/(πα) (Zolotarev 1986,
    /// Thm 2.6.3; e.g. 1 − 1/α for β = 1, α > 1). The count of positive draws is Binomial(n, ρ), so we require
    /// |p̂ − ρ| < 5√(ρ(1 − ρ)/n). A sampler that ignored β, or flipped its sign, fails.
    func testSkewedLevyPositiveFraction() throws {
        for (c, alpha, beta, seed) in [(1.0, 1.5, 0.8, UInt64(405)), (1.0, 0.7, 0.5, 406), (2.0, 1.2, -1.0, 407)] {
            let x = try samples(.levy(scale: c, alpha: alpha, beta: beta), seed: seed)
            let n = Double(x.count)
            let rho = 0.5 + atan(beta * tan(Double.pi * alpha / 2)) / (Double.pi * alpha)
            let positive = Double(x.filter { $0 > 0 }.count) / n
            XCTAssertLessThan(abs(positive - rho), 5 * (rho * (1 - rho) / n).squareRoot(),
                              "α = \(alpha), β = \(beta): P(X > 0) = \(positive), expected \(rho)")
        }
    }

    // MARK: Discrete families

    /// Pearson's X² of observed counts against expected probabilities (cells pooled from the right until each
    /// expected count is ≥ 5), and its upper-tail probability from the chi-squared cdf.
    func chiSquarePValue(counts: [Int: Int], pmf: [Double], n: Int) throws -> Double {
        // Cells 0..<pmf.count-1 individually, the last cell takes the rest of the mass.
        var expected = pmf.map { $0 * Double(n) }
        var observed = (0..<pmf.count).map { Double(counts[$0] ?? 0) }
        let beyond = counts.filter { $0.key >= pmf.count }.values.reduce(0, +)
        observed[observed.count - 1] += Double(beyond)
        expected[expected.count - 1] = Double(n) - expected.dropLast().reduce(0, +)
        // Pool small cells at both ends.
        while expected.count > 2, expected[0] < 5 {
            expected[1] += expected.removeFirst(); observed[1] += observed.removeFirst()
        }
        while expected.count > 2, expected[expected.count - 1] < 5 {
            let e = expected.removeLast(), o = observed.removeLast()
            expected[expected.count - 1] += e; observed[observed.count - 1] += o
        }
        let x2 = zip(observed, expected).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / $1.1 }
        let cdf = try XCTUnwrap(Distribution.chiSquared(nu: Double(expected.count - 1)).cdf(x2))
        return 1 - cdf
    }

    func testPoissonChiSquare() throws {
        for (mu, seed) in [(3.0, UInt64(501)), (40.0, 502)] {
            let x = try samples(.poisson(mean: mu), seed: seed)
            var counts: [Int: Int] = [:]
            for v in x { counts[Int(v), default: 0] += 1 }
            // pmf by the recurrence p(k) = p(k−1)·μ/k from p(0) = e^{−μ}, up to where the tail is negligible.
            var pmf = [exp(-mu)]
            while pmf.count < Int(mu + 12 * mu.squareRoot() + 12) { pmf.append(pmf.last! * mu / Double(pmf.count)) }
            let p = try chiSquarePValue(counts: counts, pmf: pmf, n: x.count)
            XCTAssertGreaterThan(p, 0.001, "Poisson(\(mu)): chi-square p = \(p)")
        }
    }

    func testBernoulliChiSquare() throws {
        let p = 0.03
        let x = try samples(.bernoulli(p: p), seed: 503)
        XCTAssertTrue(x.allSatisfy { $0 == 0 || $0 == 1 })
        let ones = x.filter { $0 == 1 }.count
        let pValue = try chiSquarePValue(counts: [0: x.count - ones, 1: ones], pmf: [1 - p, p], n: x.count)
        XCTAssertGreaterThan(pValue, 0.001)
        XCTAssertTrue(try samples(.bernoulli(p: 0), seed: 1, n: 1000).allSatisfy { $0 == 0 })
        XCTAssertTrue(try samples(.bernoulli(p: 1), seed: 1, n: 1000).allSatisfy { $0 == 1 })
    }

    /// The chi-square machinery itself rejects a wrong pmf (Poisson(3) draws tested as Poisson(3.1)), so the
    /// passing tests above are not vacuous.
    func testChiSquareDetectsAWrongMean() throws {
        let x = try samples(.poisson(mean: 3), seed: 504)
        var counts: [Int: Int] = [:]
        for v in x { counts[Int(v), default: 0] += 1 }
        var pmf = [exp(-3.1)]
        while pmf.count < 40 { pmf.append(pmf.last! * 3.1 / Double(pmf.count)) }
        XCTAssertLessThan(try chiSquarePValue(counts: counts, pmf: pmf, n: x.count), 1e-6)
    }

    /// Likewise the KS test rejects a gaussian sample against a cdf with a 2% larger sigma.
    func testKSDetectsAWrongScale() throws {
        let x = try samples(.gaussian(mean: 0, sigma: 1), seed: 505)
        let dn = ksStatistic(x) { Distribution.gaussian(mean: 0, sigma: 1.02).cdf($0)! }
        XCTAssertGreaterThan(dn, Self.ksCritical / Double(x.count).squareRoot())
    }
}

private extension Distribution {
    /// The gaussian an alpha = 2 Lévy law equals (σ = √2·c).
    var levyAsGaussian: Distribution {
        guard case .levy(let c, 2, _) = self else { fatalError("only for alpha = 2") }
        return .gaussian(mean: 0, sigma: 2.0.squareRoot() * c)
    }
}
