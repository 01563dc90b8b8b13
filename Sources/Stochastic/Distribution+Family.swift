/// The names and parameters a scenario file uses for each ``Distribution``, and their validation.
extension Distribution {
    /// One parameter of a family: its scenario-file name and its default, if it may be omitted.
    public struct Parameter: Sendable {
        public let name: String
        public let defaultValue: Double?
        public let meaning: String
    }

    /// A distribution family as named in scenario files (`type = "lognormal"`).
    public enum Family: String, CaseIterable, Sendable {
        case constant, gaussian, lognormal, exponential, gamma, beta, flat, poisson, bernoulli
        case studentT = "student-t", pareto, weibull, laplace, cauchy, levy, chiSquared = "chi-squared"

        /// The family's parameters in the order the normalized scenario prints them.
        public var parameters: [Parameter] {
            func p(_ name: String, _ meaning: String, _ def: Double? = nil) -> Parameter {
                Parameter(name: name, defaultValue: def, meaning: meaning)
            }
            switch self {
            case .constant: return [p("value", "the value")]
            case .gaussian: return [p("mean", "mean", 0), p("sigma", "standard deviation")]
            case .lognormal: return [p("zeta", "mean of log X"), p("sigma", "standard deviation of log X")]
            case .exponential: return [p("mean", "mean")]
            case .gamma: return [p("shape", "shape k"), p("scale", "scale θ")]
            case .beta: return [p("a", "first shape"), p("b", "second shape")]
            case .flat: return [p("min", "lower bound"), p("max", "upper bound")]
            case .poisson: return [p("mean", "mean")]
            case .bernoulli: return [p("p", "probability of 1")]
            case .studentT: return [p("nu", "degrees of freedom"), p("location", "location", 0), p("scale", "scale", 1)]
            case .pareto: return [p("shape", "tail exponent a"), p("scale", "minimum value b")]
            case .weibull: return [p("scale", "scale λ"), p("shape", "shape k")]
            case .laplace: return [p("location", "location", 0), p("width", "width a")]
            case .cauchy: return [p("location", "location", 0), p("scale", "scale a")]
            case .levy: return [p("scale", "scale c"), p("alpha", "stability exponent α"), p("beta", "skewness β", 0)]
            case .chiSquared: return [p("nu", "degrees of freedom")]
            }
        }
    }

    /// The family of this distribution.
    public var family: Family {
        switch self {
        case .constant: return .constant
        case .gaussian: return .gaussian
        case .lognormal: return .lognormal
        case .exponential: return .exponential
        case .gamma: return .gamma
        case .beta: return .beta
        case .flat: return .flat
        case .poisson: return .poisson
        case .bernoulli: return .bernoulli
        case .studentT: return .studentT
        case .pareto: return .pareto
        case .weibull: return .weibull
        case .laplace: return .laplace
        case .cauchy: return .cauchy
        case .levy: return .levy
        case .chiSquared: return .chiSquared
        }
    }

    /// The parameter values in the order of ``Family/parameters``.
    public var parameterValues: [Double] {
        switch self {
        case .constant(let v): return [v]
        case .gaussian(let m, let s): return [m, s]
        case .lognormal(let z, let s): return [z, s]
        case .exponential(let m): return [m]
        case .gamma(let k, let t): return [k, t]
        case .beta(let a, let b): return [a, b]
        case .flat(let lo, let hi): return [lo, hi]
        case .poisson(let m): return [m]
        case .bernoulli(let p): return [p]
        case .studentT(let nu, let l, let s): return [nu, l, s]
        case .pareto(let a, let b): return [a, b]
        case .weibull(let l, let k): return [l, k]
        case .laplace(let l, let a): return [l, a]
        case .cauchy(let l, let a): return [l, a]
        case .levy(let c, let a, let b): return [c, a, b]
        case .chiSquared(let nu): return [nu]
        }
    }

    /// Builds a distribution of `family` from values in the order of ``Family/parameters``, then checks it.
    /// - Throws: ``DistributionError`` listing every parameter that is out of range.
    public init(family: Family, values v: [Double]) throws {
        precondition(v.count == family.parameters.count, "\(family.rawValue) takes \(family.parameters.count) parameters, got \(v.count)")
        switch family {
        case .constant: self = .constant(value: v[0])
        case .gaussian: self = .gaussian(mean: v[0], sigma: v[1])
        case .lognormal: self = .lognormal(zeta: v[0], sigma: v[1])
        case .exponential: self = .exponential(mean: v[0])
        case .gamma: self = .gamma(shape: v[0], scale: v[1])
        case .beta: self = .beta(a: v[0], b: v[1])
        case .flat: self = .flat(min: v[0], max: v[1])
        case .poisson: self = .poisson(mean: v[0])
        case .bernoulli: self = .bernoulli(p: v[0])
        case .studentT: self = .studentT(nu: v[0], location: v[1], scale: v[2])
        case .pareto: self = .pareto(shape: v[0], scale: v[1])
        case .weibull: self = .weibull(scale: v[0], shape: v[1])
        case .laplace: self = .laplace(location: v[0], width: v[1])
        case .cauchy: self = .cauchy(location: v[0], scale: v[1])
        case .levy: self = .levy(scale: v[0], alpha: v[1], beta: v[2])
        case .chiSquared: self = .chiSquared(nu: v[0])
        }
        let problems = self.problems
        if !problems.isEmpty { throw DistributionError(family: family, problems: problems) }
    }

    /// Every parameter that is out of range, as (parameter name, what was found and what was expected).
    public var problems: [(parameter: String, message: String)] {
        var out: [(String, String)] = []
        let names = family.parameters.map(\.name)
        for (name, value) in zip(names, parameterValues) where !value.isFinite {
            out.append((name, "found \(value), expected a finite number"))
        }
        if !out.isEmpty { return out }
        func positive(_ name: String, _ x: Double) {
            if !(x > 0) { out.append((name, "found \(x), expected a number > 0")) }
        }
        switch self {
        case .constant: break
        case .gaussian(_, let s): positive("sigma", s)
        case .lognormal(_, let s): positive("sigma", s)
        case .exponential(let m): positive("mean", m)
        case .gamma(let k, let t): positive("shape", k); positive("scale", t)
        case .beta(let a, let b): positive("a", a); positive("b", b)
        case .flat(let lo, let hi):
            if !(hi > lo) { out.append(("max", "found max \(hi) ≤ min \(lo), expected max > min")) }
        case .poisson(let m):
            if !(m >= 0) { out.append(("mean", "found \(m), expected a number ≥ 0")) }
        case .bernoulli(let p):
            if !(p >= 0 && p <= 1) { out.append(("p", "found \(p), expected a probability in [0, 1]")) }
        case .studentT(let nu, _, let s): positive("nu", nu); positive("scale", s)
        case .pareto(let a, let b): positive("shape", a); positive("scale", b)
        case .weibull(let l, let k): positive("scale", l); positive("shape", k)
        case .laplace(_, let a): positive("width", a)
        case .cauchy(_, let a): positive("scale", a)
        case .levy(let c, let alpha, let beta):
            positive("scale", c)
            if !(alpha > 0 && alpha <= 2) { out.append(("alpha", "found \(alpha), expected 0 < alpha ≤ 2")) }
            if !(beta >= -1 && beta <= 1) { out.append(("beta", "found \(beta), expected −1 ≤ beta ≤ 1")) }
        case .chiSquared(let nu): positive("nu", nu)
        }
        return out
    }
}

/// A distribution whose parameters are out of range.
public struct DistributionError: Error, CustomStringConvertible, Sendable {
    public let family: Distribution.Family
    public let problems: [(parameter: String, message: String)]
    public var description: String {
        problems.map { "\(family.rawValue) \($0.parameter): \($0.message)" }.joined(separator: "; ")
    }
}
