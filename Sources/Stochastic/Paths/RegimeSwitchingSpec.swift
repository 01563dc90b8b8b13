/// A continuous-time Markov chain over market regimes (calm, crash, ...), each with its own GBM drift and
/// volatility (Hamilton 1989 for regime switching in returns; here in continuous time).
///
/// Per tick of length dt, the regime i in force at the start of the tick drives an exact GBM step with
/// (μ_i, σ_i); then the chain may switch: it leaves i with probability 1 − e^{−q_i dt}, q_i = Σ_{j≠i} q_ij,
/// and goes to j with probability q_ij / q_i. This is exact for the holding time of the regime rounded up to
/// whole ticks and allows at most one switch per tick (ticks should be short against 1/q_i).
public struct RegimeSwitchingSpec: Sendable, Equatable {
    /// One regime: its name as reported in output and its GBM parameters.
    public struct Regime: Sendable, Equatable {
        /// `name`, e.g. "calm" or "crash"; unique within the spec.
        public var name: String
        /// μ_i, annualized (`annual_drift`).
        public var annualDrift: Double
        /// σ_i, annualized (`annual_volatility`).
        public var annualVolatility: Double

        public init(name: String, annualDrift: Double = 0, annualVolatility: Double) {
            self.name = name
            self.annualDrift = annualDrift
            self.annualVolatility = annualVolatility
        }
    }

    /// S(0) (`initial_price`).
    public var initialPrice: Double
    /// The regimes, in the order `transition_rates_per_day` indexes them (`regimes`).
    public var regimes: [Regime]
    /// q_ij, the rate of switching from regime i to regime j per day (`transition_rates_per_day`). The
    /// diagonal is 0 or, as in a generator matrix, minus the row's off-diagonal sum.
    public var transitionRatesPerDay: [[Double]]
    /// The regime at t = 0 (`initial_regime`), by name; `nil` = the first.
    public var initialRegime: String?

    public init(initialPrice: Double, regimes: [Regime], transitionRatesPerDay: [[Double]], initialRegime: String? = nil) {
        self.initialPrice = initialPrice
        self.regimes = regimes
        self.transitionRatesPerDay = transitionRatesPerDay
        self.initialRegime = initialRegime
    }

    /// The index of the regime in force at t = 0.
    public var initialRegimeIndex: Int {
        initialRegime.flatMap { name in regimes.firstIndex { $0.name == name } } ?? 0
    }

    /// Problems with the parameters, keyed as the scenario spells them.
    public func validate() -> [ParameterProblem] {
        var out = [ParameterProblem.requirePositive("initial_price", initialPrice)].compactMap { $0 }
        if regimes.isEmpty {
            out.append(ParameterProblem(key: "regimes", message: "found no regimes, expected at least one"))
            return out
        }
        var seen = Set<String>()
        for (i, r) in regimes.enumerated() {
            if r.name.isEmpty { out.append(ParameterProblem(key: "regimes[\(i)].name", message: "found an empty name, expected a regime name")) }
            if !seen.insert(r.name).inserted {
                out.append(ParameterProblem(key: "regimes[\(i)].name", message: "found \"\(r.name)\" twice, expected unique regime names"))
            }
            out += [
                ParameterProblem.requireFinite("regimes[\(i)].annual_drift", r.annualDrift),
                ParameterProblem.requireNonNegative("regimes[\(i)].annual_volatility", r.annualVolatility),
            ].compactMap { $0 }
        }
        let k = regimes.count
        if transitionRatesPerDay.count != k {
            out.append(ParameterProblem(
                key: "transition_rates_per_day",
                message: "found \(transitionRatesPerDay.count) rows, expected \(k) (one per regime)"))
            return out
        }
        for (i, row) in transitionRatesPerDay.enumerated() {
            if row.count != k {
                out.append(ParameterProblem(
                    key: "transition_rates_per_day[\(i)]", message: "found \(row.count) entries, expected \(k) (one per regime)"))
                continue
            }
            var offDiagonal = 0.0
            for (j, q) in row.enumerated() where j != i {
                if let p = ParameterProblem.requireNonNegative("transition_rates_per_day[\(i)][\(j)]", q) { out.append(p) }
                offDiagonal += q
            }
            let d = row[i]
            if !(d == 0 || abs(d + offDiagonal) <= 1e-9 * max(1, offDiagonal)) {
                out.append(ParameterProblem(
                    key: "transition_rates_per_day[\(i)][\(i)]",
                    message: "found \(d), expected 0 or \(-offDiagonal) (minus the row's other rates)"))
            }
        }
        if let name = initialRegime, !regimes.contains(where: { $0.name == name }) {
            out.append(ParameterProblem(
                key: "initial_regime",
                message: "found \"\(name)\", expected one of \(regimes.map { "\"\($0.name)\"" }.joined(separator: ", "))"))
        }
        return out
    }

    /// The stationary distribution π of the chain (πQ = 0, Σπ = 1), by solving the balance equations with
    /// one replaced by the normalisation (Gaussian elimination with partial pivoting); `nil` when singular
    /// (a chain that is not irreducible).
    public func stationaryDistribution() -> [Double]? {
        let k = regimes.count
        // Rows of A: columns of Q (Qᵀπ = 0), last row replaced by Σπ = 1.
        var a = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k)
        for j in 0..<k {
            for i in 0..<k {
                let q = i == j ? -transitionRatesPerDay[i].enumerated().filter { $0.offset != i }.reduce(0) { $0 + $1.element }
                    : transitionRatesPerDay[i][j]
                a[j][i] = q
            }
        }
        a[k - 1] = [Double](repeating: 1, count: k) + [1]
        for col in 0..<k {
            guard let pivot = (col..<k).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[pivot][col]) > 1e-300 else { return nil }
            a.swapAt(col, pivot)
            for r in 0..<k where r != col {
                let f = a[r][col] / a[col][col]
                if f != 0 { for c in col...k { a[r][c] -= f * a[col][c] } }
            }
        }
        return (0..<k).map { a[$0][k] / a[$0][$0] }
    }
}
