import Stochastic

/// How a random borrower population is drawn (`[positions]` in a scenario file).
///
/// For each position: a size S (USD) and an initial health factor h are drawn; the position holds
/// collateral in value shares w_a (one asset drawn by weight, or a fixed basket), and
///
///     Σ_a c_a·p_a·LT_a = h · D · p_debt,   c_a·p_a = w_a · V
///
/// so V = h·D·p_debt / Σ w_a·LT_a. S is the debt value D·p_debt (``SizeMeasure/debt``) or the collateral
/// value V (``SizeMeasure/collateral``). Draws with S ≤ 0 or h ≤ 0 (or not finite) are redrawn, at most 1,000
/// times per position. The loan-to-value limit bounds what a borrower can draw, D·p_debt ≤ Σ_a c_a·p_a·LTV_a,
/// so h is raised to at least Σ w_a·LT_a / Σ w_a·LTV_a (a borrower who wants more borrows the maximum).
public struct PopulationSpec: Sendable, Equatable {
    public enum SizeMeasure: String, Sendable, CaseIterable { case debt, collateral }
    public enum Mix: String, Sendable, CaseIterable {
        /// Each position holds one asset, drawn with probabilities proportional to ``PopulationSpec/assetWeights``.
        case single
        /// Each position holds every asset in value shares proportional to ``PopulationSpec/assetWeights``.
        case basket
    }

    /// Number of positions.
    public var count: Int
    /// Position size in USD.
    public var size: Distribution
    public var sizeMeasure: SizeMeasure
    /// Initial health factor.
    public var initialHealthFactor: Distribution
    /// One weight ≥ 0 per collateral asset, not all zero.
    public var assetWeights: [Double]
    public var mix: Mix

    public init(count: Int, size: Distribution, sizeMeasure: SizeMeasure = .debt, initialHealthFactor: Distribution,
                assetWeights: [Double], mix: Mix = .single) {
        self.count = count
        self.size = size
        self.sizeMeasure = sizeMeasure
        self.initialHealthFactor = initialHealthFactor
        self.assetWeights = assetWeights
        self.mix = mix
    }

    /// Every out-of-range parameter, keys as `[positions]` spells them.
    public func validate(assetCount: Int) -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if count < 0 { out.append(ParameterProblem(key: "count", message: "found \(count), expected an integer ≥ 0")) }
        out += size.problems.map { ParameterProblem(key: "size.\($0.parameter)", message: $0.message) }
        out += initialHealthFactor.problems.map { ParameterProblem(key: "initial_health_factor.\($0.parameter)", message: $0.message) }
        if assetWeights.count != assetCount {
            out.append(ParameterProblem(key: "asset_weights", message: "found \(assetWeights.count) weights, expected one per collateral asset (\(assetCount))"))
        } else {
            for (a, w) in assetWeights.enumerated() where !(w.isFinite && w >= 0) {
                out.append(ParameterProblem(key: "asset_weights[\(a)]", message: "found \(w), expected a finite number ≥ 0"))
            }
            if !(assetWeights.reduce(0, +) > 0) {
                out.append(ParameterProblem(key: "asset_weights", message: "found all zero, expected at least one weight > 0"))
            }
        }
        return out
    }

    /// A population that could not be drawn.
    public struct GenerationError: Error, Equatable, Sendable, CustomStringConvertible {
        public let key: String
        public let message: String
        public var description: String { "\(key): \(message)" }
    }

    /// Draws the population from `stream` into a new book at `prices`.
    /// - Throws: ``GenerationError`` if the spec is invalid or a distribution keeps giving unusable values.
    public func generate(assets: [CollateralAsset], prices: OraclePrices, stream: RandomStream) throws -> PositionBook {
        let n = assets.count
        if let p = validate(assetCount: n).first { throw GenerationError(key: p.key, message: p.message) }
        let total = assetWeights.reduce(0, +)
        var book = PositionBook(assetCount: n, reservingCapacity: count)
        var amounts = Array(repeating: 0.0, count: n)
        for _ in 0..<count {
            let s = try draw(size, "size", stream)
            var h = try draw(initialHealthFactor, "initial_health_factor", stream)
            for a in 0..<n { amounts[a] = 0 }
            var weightedLT = 0.0, weightedLTV = 0.0
            switch mix {
            case .single:
                var u = stream.uniform() * total
                var chosen = n - 1
                for a in 0..<n where assetWeights[a] > 0 {
                    if u < assetWeights[a] { chosen = a; break }
                    u -= assetWeights[a]
                }
                while assetWeights[chosen] == 0 { chosen -= 1 }  // rounding fell off the end
                amounts[chosen] = 1
                weightedLT = assets[chosen].liquidationThreshold
                weightedLTV = assets[chosen].loanToValue
            case .basket:
                for a in 0..<n {
                    amounts[a] = assetWeights[a] / total
                    weightedLT += amounts[a] * assets[a].liquidationThreshold
                    weightedLTV += amounts[a] * assets[a].loanToValue
                }
            }
            // LTV bounds borrowing: debt ≤ Σ value_a·ltv_a, i.e. HF ≥ LT/LTV (weighted). A borrower who would
            // draw more borrows the most the protocol lends.
            if weightedLTV > 0 { h = max(h, weightedLT / weightedLTV) }
            let debtUSD: Double, valueUSD: Double
            switch sizeMeasure {
            case .debt: debtUSD = s; valueUSD = h * s / weightedLT
            case .collateral: valueUSD = s; debtUSD = s * weightedLT / h
            }
            for a in 0..<n { amounts[a] = amounts[a] * valueUSD / prices.collateral[a] }
            book.append(collateral: amounts, debt: debtUSD / prices.debt)
        }
        return book
    }

    private func draw(_ d: Distribution, _ key: String, _ stream: RandomStream) throws -> Double {
        for _ in 0..<1000 {
            let x = d.sample(stream)
            if x.isFinite && x > 0 { return x }
        }
        throw GenerationError(key: key, message: "found no finite value > 0 in 1000 draws from \(d.family.rawValue), expected a distribution with positive support")
    }
}
