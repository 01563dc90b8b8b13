import Foundation
@testable import Stochastic

/// Statistics and fixtures shared by the price-path tests.
enum PathTestSupport {
    /// The package root, found from this file's path (Tests/StochasticTests/Paths/…).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func dataFile(_ name: String) -> String {
        packageRoot.appendingPathComponent("Scenarios/data/\(name)").path
    }

    static let blackThursdayFile = "eth_usd_1h_coinbase_2020-03-10_2020-03-16.csv"

    /// Runs `plan` for `ticks` ticks and returns every asset's prices, t = 0 included.
    static func run(_ plan: PricePathPlan, seed: UInt64 = 42, replication: Int = 0, ticks: Int) throws -> [[Double]] {
        var paths = try MultiAssetPaths(plan: plan, streams: StreamFactory(rootSeed: seed, replication: replication))
        var out = [[Double]](repeating: [], count: paths.assetCount)
        for k in 0..<paths.assetCount { out[k].reserveCapacity(ticks + 1); out[k].append(paths.price(asset: k)) }
        for _ in 0..<ticks {
            paths.advance()
            for k in 0..<paths.assetCount { out[k].append(paths.price(asset: k)) }
        }
        return out
    }

    static func plan(_ assets: [AssetPathSpec], correlation: [[Double]]? = nil, tickSeconds: Double) throws -> PricePathPlan {
        try PricePathPlan(spec: PricePathSetSpec(assets: assets, correlation: correlation), tickSeconds: tickSeconds)
    }

    static func logReturns(_ prices: [Double]) -> [Double] {
        zip(prices, prices.dropFirst()).map { log($1) - log($0) }
    }

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

    /// Unbiased sample variance.
    static func variance(_ x: [Double]) -> Double {
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    /// Sample excess kurtosis m4/m2² − 3.
    static func excessKurtosis(_ x: [Double]) -> Double {
        let m = mean(x)
        var m2 = 0.0, m4 = 0.0
        for v in x { let d = (v - m) * (v - m); m2 += d; m4 += d * d }
        m2 /= Double(x.count); m4 /= Double(x.count)
        return m4 / (m2 * m2) - 3
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Kolmogorov–Smirnov statistic sup |F_n − F| of `sample` against `cdf`.
    static func ksStatistic(_ sample: [Double], cdf: (Double) -> Double) -> Double {
        let s = sample.sorted()
        let n = Double(s.count)
        var d = 0.0
        for (i, x) in s.enumerated() {
            let f = cdf(x)
            d = max(d, abs(Double(i + 1) / n - f), abs(f - Double(i) / n))
        }
        return d
    }

    /// Writes `contents` to a fresh temporary file and returns its path.
    static func temporaryFile(_ contents: Data, name: String = "prices.csv") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cascade-paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }

    static func temporaryFile(_ text: String, name: String = "prices.csv") throws -> String {
        try temporaryFile(Data(text.utf8), name: name)
    }
}
