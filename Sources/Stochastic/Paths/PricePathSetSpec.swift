/// All price paths of a scenario (`[price]`): the collateral assets, their correlation, and the
/// stablecoin debt asset.
///
/// Which generators combine, and how:
/// - Any models can sit side by side; each asset draws from its own stream "price/<name>", so adding an
///   asset never changes another's draws.
/// - `correlation` (K×K over `assets`, in order) correlates the Gaussian shocks of the Gaussian-driven
///   models (GBM, Merton's diffusion, regime switching's diffusion). Those shocks then all come from the one
///   stream "price/correlated" as ε = L z, L the Cholesky factor of their sub-matrix; adding or removing a
///   correlated asset changes the others' shocks (a correlated draw is a joint draw). Jumps and regime
///   changes still come from each asset's own stream, independent across assets.
/// - Constant, replay, bootstrap and GARCH assets cannot be correlated by a matrix: their rows must be 0 off
///   the diagonal. Replayed assets are correlated as history was; several bootstrap assets are resampled
///   jointly (one block index sequence from "price/bootstrap" for all of them, aligned by position from
///   each history's first timestamp), which keeps their historical cross-correlation.
/// - Scripted moves multiply on top of any model.
public struct PricePathSetSpec: Sendable, Equatable {
    /// The collateral assets (`[[price.assets]]`), in output order.
    public var assets: [AssetPathSpec]
    /// Correlation of the assets' Gaussian shocks (`correlation`), or `nil` for independent assets.
    public var correlation: [[Double]]?
    /// The stablecoin debt asset (`[price.debt]`): constant 1 by default, or e.g. a DAI replay.
    public var debtAsset: AssetPathSpec
    /// The unix time that t = 0 maps to for replays that do not set their own (`start_unix_seconds`).
    public var startUnixSeconds: Double?

    public init(assets: [AssetPathSpec], correlation: [[Double]]? = nil,
                debtAsset: AssetPathSpec = .defaultDebtAsset, startUnixSeconds: Double? = nil) {
        self.assets = assets
        self.correlation = correlation
        self.debtAsset = debtAsset
        self.startUnixSeconds = startUnixSeconds
    }

    /// Every problem, keyed relative to `[price]`: `assets[1].annual_volatility`, `correlation[0][2]`,
    /// `debt.price`, ...
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if assets.isEmpty { out.append(ParameterProblem(key: "assets", message: "found no assets, expected at least one")) }
        var seen: [String: Int] = [:]
        for (i, asset) in assets.enumerated() {
            out += asset.validate().map { $0.prefixed("assets[\(i)]") }
            if let first = seen[asset.name] {
                out.append(ParameterProblem(key: "assets[\(i)].name", message: "found \"\(asset.name)\" again (also assets[\(first)]), expected unique names"))
            }
            seen[asset.name] = seen[asset.name] ?? i
        }
        out += debtAsset.validate().map { $0.prefixed("debt") }
        if let first = seen[debtAsset.name] {
            out.append(ParameterProblem(key: "debt.name", message: "found \"\(debtAsset.name)\", also assets[\(first)], expected a name of its own"))
        }
        if let s = startUnixSeconds, let p = ParameterProblem.requireFinite("start_unix_seconds", s) { out.append(p) }
        if let c = correlation { out += Self.correlationProblems(c, assets: assets) }
        return out
    }

    /// The indices of the assets whose Gaussian shocks the correlation matrix drives.
    var gaussianAssetIndices: [Int] { assets.indices.filter { assets[$0].model.isGaussianDriven } }

    static func correlationProblems(_ c: [[Double]], assets: [AssetPathSpec]) -> [ParameterProblem] {
        let k = assets.count
        guard c.count == k else {
            return [ParameterProblem(key: "correlation", message: "found \(c.count) rows, expected \(k) (one per asset)")]
        }
        var out: [ParameterProblem] = []
        for (i, row) in c.enumerated() where row.count != k {
            out.append(ParameterProblem(key: "correlation[\(i)]", message: "found \(row.count) entries, expected \(k) (one per asset)"))
        }
        if !out.isEmpty { return out }
        for i in 0..<k {
            for j in 0..<k {
                let v = c[i][j]
                let key = "correlation[\(i)][\(j)]"
                if i == j {
                    if v != 1 { out.append(ParameterProblem(key: key, message: "found \(v), expected 1 on the diagonal")) }
                } else if !(v.isFinite && v >= -1 && v <= 1) {
                    out.append(ParameterProblem(key: key, message: "found \(v), expected a number in [-1, 1]"))
                } else if j > i && abs(v - c[j][i]) > 1e-12 {
                    out.append(ParameterProblem(key: key, message: "found \(v) but correlation[\(j)][\(i)] = \(c[j][i]), expected a symmetric matrix"))
                } else if v != 0 && !assets[i].model.isGaussianDriven {
                    out.append(ParameterProblem(
                        key: key,
                        message: "found \(v), expected 0: asset \"\(assets[i].name)\" (\(assets[i].model.kind)) is not driven by "
                            + "Gaussian shocks, so it cannot be correlated by a matrix (only gbm, merton, regime-switching)"))
                }
            }
        }
        if !out.isEmpty { return out }
        let g = assets.indices.filter { assets[$0].model.isGaussianDriven }
        if g.count >= 2 {
            let sub = g.map { i in g.map { j in c[i][j] } }
            do { _ = try CholeskyFactor(sub) } catch {
                out.append(ParameterProblem(
                    key: "correlation",
                    message: "found a matrix that is not positive definite (GSL's Cholesky factorisation "
                        + "gsl_linalg_cholesky_decomp1 failed: \(error)), expected a positive-definite correlation matrix"))
            }
        }
        return out
    }
}

/// A price-path specification that failed validation: every problem, keyed relative to `[price]`.
public struct PricePathSpecError: Error, Sendable, CustomStringConvertible {
    public let problems: [ParameterProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
