import Foundation
import Testing
@testable import Stochastic

@Suite("Correlated assets")
struct CorrelationTests {
    let matrix: [[Double]] = [[1, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 1]]

    func assets() -> [AssetPathSpec] {
        [AssetPathSpec(name: "ETH", model: .gbm(GBMSpec(initialPrice: 2000, annualVolatility: 0.8))),
         AssetPathSpec(name: "BTC", model: .merton(MertonSpec(initialPrice: 30000, annualVolatility: 0.6, jumpIntensityPerYear: 0))),
         AssetPathSpec(name: "LINK", model: .gbm(GBMSpec(initialPrice: 7, annualDrift: 0.3, annualVolatility: 1.1)))]
    }

    @Test("sample correlation of log returns matches the matrix")
    func sampleCorrelation() throws {
        let n = 20_000
        let plan = try PathTestSupport.plan(assets(), correlation: matrix, tickSeconds: 3600)
        let r = try PathTestSupport.run(plan, seed: 13, ticks: n).prefix(3).map(PathTestSupport.logReturns)
        for i in 0..<3 {
            for j in (i + 1)..<3 {
                let rho = matrix[i][j]
                // Bivariate normal: the sample correlation has sd ≈ (1 − ρ²)/√n (Fisher 1915). 4 sd.
                #expect(abs(PathTestSupport.correlation(r[i], r[j]) - rho) < 4 * (1 - rho * rho) / Double(n).squareRoot(),
                        "pair \(i), \(j)")
            }
        }
    }

    @Test("Cholesky factor reproduces the matrix")
    func factor() throws {
        let l = try CholeskyFactor(matrix)
        for i in 0..<3 {
            for j in 0..<3 {
                let product = (0..<3).reduce(0) { $0 + l.lower[i * 3 + $1] * l.lower[j * 3 + $1] }
                #expect(abs(product - matrix[i][j]) < 1e-14)
            }
        }
    }

    @Test("a matrix that is not positive definite gets a clear error")
    func notPositiveDefinite() throws {
        let bad: [[Double]] = [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]
        let problems = PricePathSetSpec(assets: assets(), correlation: bad).validate()
        #expect(problems.map(\.key) == ["correlation"])
        #expect(problems.first?.message.contains("not positive definite") == true)
        #expect { try CholeskyFactor(bad) } throws: { ($0 as? GSLError)?.status == 1 }  // GSL_EDOM
    }

    @Test("shape, symmetry, diagonal and non-Gaussian assets are checked")
    func matrixChecks() throws {
        #expect(PricePathSetSpec(assets: assets(), correlation: [[1, 0], [0, 1]]).validate().map(\.key) == ["correlation"])
        var asym = matrix
        asym[0][1] = 0.5
        #expect(PricePathSetSpec(assets: assets(), correlation: asym).validate().map(\.key) == ["correlation[0][1]"])
        var diag = matrix
        diag[2][2] = 0.9
        #expect(PricePathSetSpec(assets: assets(), correlation: diag).validate().map(\.key) == ["correlation[2][2]"])
        var withGarch = assets()
        withGarch[2] = AssetPathSpec(name: "LINK", model: .garch(GARCHSpec(initialPrice: 7, omega: 1e-6, alpha: 0.1, beta: 0.8, degreesOfFreedom: 5)))
        let problems = PricePathSetSpec(assets: withGarch, correlation: matrix).validate()
        #expect(problems.map(\.key) == ["correlation[2][0]", "correlation[2][1]"])
        #expect(problems.first?.message.contains("not driven by Gaussian shocks") == true)
    }
}
