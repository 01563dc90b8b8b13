import CGSL
import Foundation

/// A univariate probability distribution that a scenario file can name, sampled through GSL.
///
/// Parameter names follow the GSL manual's ("Random Number Distributions") wherever GSL has one; where GSL
/// fixes a location at zero (gaussian, laplace, cauchy), Cascade adds a location parameter on top.
public enum Distribution: Sendable, Equatable {
    /// Always `value`.
    case constant(value: Double)
    /// Normal with mean `mean` and standard deviation `sigma` (`gsl_ran_gaussian` + mean).
    case gaussian(mean: Double, sigma: Double)
    /// Log-normal: log X ~ N(zeta, sigma²) (`gsl_ran_lognormal`).
    case lognormal(zeta: Double, sigma: Double)
    /// Exponential with mean `mean` (`gsl_ran_exponential`).
    case exponential(mean: Double)
    /// Gamma with shape `shape` (GSL's a) and scale `scale` (GSL's b); mean = shape·scale (`gsl_ran_gamma`).
    case gamma(shape: Double, scale: Double)
    /// Beta on [0, 1] with parameters a, b (`gsl_ran_beta`).
    case beta(a: Double, b: Double)
    /// Uniform on [min, max) (`gsl_ran_flat`).
    case flat(min: Double, max: Double)
    /// Poisson count with mean `mean` (`gsl_ran_poisson`).
    case poisson(mean: Double)
    /// 1 with probability `p`, else 0 (`gsl_ran_bernoulli`).
    case bernoulli(p: Double)
    /// Student's t with `nu` degrees of freedom, shifted by `location` and scaled by `scale` (`gsl_ran_tdist`).
    case studentT(nu: Double, location: Double, scale: Double)
    /// Pareto of the first kind: P(X > x) = (scale/x)^shape for x ≥ scale (`gsl_ran_pareto`, a = shape, b = scale).
    case pareto(shape: Double, scale: Double)
    /// Weibull: P(X > x) = exp(−(x/scale)^shape) (`gsl_ran_weibull`, a = scale, b = shape).
    case weibull(scale: Double, shape: Double)
    /// Laplace (double exponential) with location and width a (`gsl_ran_laplace` + location).
    case laplace(location: Double, width: Double)
    /// Cauchy with location and scale a (`gsl_ran_cauchy` + location). Has no mean.
    case cauchy(location: Double, scale: Double)
    /// Lévy alpha-stable with scale c, exponent alpha ∈ (0, 2] and skewness beta ∈ [−1, 1]
    /// (`gsl_ran_levy_skew`; `gsl_ran_levy` when beta = 0). alpha = 2 is a gaussian of variance 2c².
    case levy(scale: Double, alpha: Double, beta: Double)
    /// Chi-squared with `nu` degrees of freedom (`gsl_ran_chisq`).
    case chiSquared(nu: Double)

    /// Draws one value.
    @inlinable
    public func sample(_ stream: RandomStream) -> Double {
        let r = stream.rng
        switch self {
        case .constant(let value): return value
        case .gaussian(let mean, let sigma): return mean + gsl_ran_gaussian_ziggurat(r, sigma)
        case .lognormal(let zeta, let sigma): return stream.lognormal(zeta: zeta, sigma: sigma)
        case .exponential(let mean): return gsl_ran_exponential(r, mean)
        case .gamma(let shape, let scale): return gsl_ran_gamma(r, shape, scale)
        case .beta(let a, let b): return gsl_ran_beta(r, a, b)
        case .flat(let lo, let hi): return gsl_ran_flat(r, lo, hi)
        case .poisson(let mean): return Double(gsl_ran_poisson(r, mean))
        case .bernoulli(let p): return Double(gsl_ran_bernoulli(r, p))
        case .studentT(let nu, let location, let scale): return location + scale * gsl_ran_tdist(r, nu)
        case .pareto(let shape, let scale): return gsl_ran_pareto(r, shape, scale)
        case .weibull(let scale, let shape): return gsl_ran_weibull(r, scale, shape)
        case .laplace(let location, let width): return location + gsl_ran_laplace(r, width)
        case .cauchy(let location, let scale): return location + gsl_ran_cauchy(r, scale)
        case .levy(let c, let alpha, let beta):
            return beta == 0 ? gsl_ran_levy(r, c, alpha) : gsl_ran_levy_skew(r, c, alpha, beta)
        case .chiSquared(let nu): return gsl_ran_chisq(r, nu)
        }
    }

    /// The exact mean, or `nil` where it does not exist or is not known (Cauchy, Lévy with alpha ≤ 1 or
    /// beta ≠ 0, Student-t with ν ≤ 1, Pareto with shape ≤ 1).
    public var mean: Double? {
        switch self {
        case .constant(let v): return v
        case .gaussian(let m, _): return m
        case .lognormal(let z, let s): return exp(z + s * s / 2)
        case .exponential(let m): return m
        case .gamma(let k, let theta): return k * theta
        case .beta(let a, let b): return a / (a + b)
        case .flat(let lo, let hi): return (lo + hi) / 2
        case .poisson(let m): return m
        case .bernoulli(let p): return p
        case .studentT(let nu, let loc, _): return nu > 1 ? loc : nil
        case .pareto(let a, let b): return a > 1 ? a * b / (a - 1) : nil
        case .weibull(let lambda, let k): return lambda * tgamma(1 + 1 / k)
        case .laplace(let loc, _): return loc
        case .cauchy: return nil
        case .levy(_, let alpha, let beta):
            // Finite only for alpha > 1; GSL's skew parametrisation shifts the mean when beta ≠ 0 (it is not
            // documented), so only the symmetric case is claimed.
            return alpha > 1 && beta == 0 ? 0 : nil
        case .chiSquared(let nu): return nu
        }
    }

    /// The exact variance, or `nil` where it does not exist or is infinite.
    public var variance: Double? {
        switch self {
        case .constant: return 0
        case .gaussian(_, let s): return s * s
        case .lognormal(let z, let s): return (exp(s * s) - 1) * exp(2 * z + s * s)
        case .exponential(let m): return m * m
        case .gamma(let k, let theta): return k * theta * theta
        case .beta(let a, let b): return a * b / ((a + b) * (a + b) * (a + b + 1))
        case .flat(let lo, let hi): return (hi - lo) * (hi - lo) / 12
        case .poisson(let m): return m
        case .bernoulli(let p): return p * (1 - p)
        case .studentT(let nu, _, let scale): return nu > 2 ? scale * scale * nu / (nu - 2) : nil
        case .pareto(let a, let b): return a > 2 ? b * b * a / ((a - 1) * (a - 1) * (a - 2)) : nil
        case .weibull(let lambda, let k):
            let g1 = tgamma(1 + 1 / k)
            return lambda * lambda * (tgamma(1 + 2 / k) - g1 * g1)
        case .laplace(_, let a): return 2 * a * a
        case .cauchy: return nil
        case .levy(let c, let alpha, _): return alpha == 2 ? 2 * c * c : nil
        case .chiSquared(let nu): return 2 * nu
        }
    }

    /// The cumulative distribution function P(X ≤ x), from GSL's `gsl_cdf_*` where GSL has one; `nil` for the
    /// Lévy family (no closed form) and for the discrete families.
    public func cdf(_ x: Double) -> Double? {
        switch self {
        case .constant(let v): return x >= v ? 1 : 0
        case .gaussian(let m, let s): return gsl_cdf_gaussian_P(x - m, s)
        case .lognormal(let z, let s): return gsl_cdf_lognormal_P(x, z, s)
        case .exponential(let m): return gsl_cdf_exponential_P(x, m)
        case .gamma(let k, let theta): return gsl_cdf_gamma_P(x, k, theta)
        case .beta(let a, let b): return gsl_cdf_beta_P(x, a, b)
        case .flat(let lo, let hi): return gsl_cdf_flat_P(x, lo, hi)
        case .studentT(let nu, let loc, let scale): return gsl_cdf_tdist_P((x - loc) / scale, nu)
        case .pareto(let a, let b): return gsl_cdf_pareto_P(x, a, b)
        case .weibull(let lambda, let k): return gsl_cdf_weibull_P(x, lambda, k)
        case .laplace(let loc, let a): return gsl_cdf_laplace_P(x - loc, a)
        case .cauchy(let loc, let a): return gsl_cdf_cauchy_P(x - loc, a)
        case .chiSquared(let nu): return gsl_cdf_chisq_P(x, nu)
        case .poisson, .bernoulli, .levy: return nil
        }
    }
}

