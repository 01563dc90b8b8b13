import Stochastic
import XCTest

final class DistributionValidationTests: XCTestCase {
    func error(_ family: Distribution.Family, _ values: [Double], file: StaticString = #filePath, line: UInt = #line) -> DistributionError? {
        do {
            _ = try Distribution(family: family, values: values)
            XCTFail("\(family.rawValue) \(values) should be rejected", file: file, line: line)
            return nil
        } catch let e as DistributionError {
            return e
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return nil
        }
    }

    func testOutOfRangeParametersAreRejectedWithMessages() {
        let cases: [(Distribution.Family, [Double], String)] = [
            (.gaussian, [0, -1], "gaussian sigma: found -1.0, expected a number > 0"),
            (.lognormal, [0, 0], "lognormal sigma: found 0.0, expected a number > 0"),
            (.exponential, [-2], "exponential mean: found -2.0, expected a number > 0"),
            (.gamma, [-1, 0], "gamma shape: found -1.0, expected a number > 0; gamma scale: found 0.0, expected a number > 0"),
            (.beta, [1, -0.5], "beta b: found -0.5, expected a number > 0"),
            (.flat, [2, 2], "flat max: found max 2.0 ≤ min 2.0, expected max > min"),
            (.poisson, [-0.1], "poisson mean: found -0.1, expected a number ≥ 0"),
            (.bernoulli, [1.2], "bernoulli p: found 1.2, expected a probability in [0, 1]"),
            (.studentT, [0, 0, 1], "student-t nu: found 0.0, expected a number > 0"),
            (.pareto, [1, -3], "pareto scale: found -3.0, expected a number > 0"),
            (.weibull, [0, 1], "weibull scale: found 0.0, expected a number > 0"),
            (.laplace, [0, -1], "laplace width: found -1.0, expected a number > 0"),
            (.cauchy, [0, 0], "cauchy scale: found 0.0, expected a number > 0"),
            (.levy, [1, 2.5, 1.5], "levy alpha: found 2.5, expected 0 < alpha ≤ 2; levy beta: found 1.5, expected −1 ≤ beta ≤ 1"),
            (.levy, [1, 0, 0], "levy alpha: found 0.0, expected 0 < alpha ≤ 2"),
            (.chiSquared, [-4], "chi-squared nu: found -4.0, expected a number > 0"),
            (.gaussian, [.nan, 1], "gaussian mean: found nan, expected a finite number"),
            (.flat, [0, .infinity], "flat max: found inf, expected a finite number"),
            (.constant, [-.infinity], "constant value: found -inf, expected a finite number"),
        ]
        for (family, values, message) in cases {
            guard let e = error(family, values) else { continue }
            XCTAssertEqual(e.family, family)
            XCTAssertEqual(e.description, message)
        }
    }

    func testNaNIsRejectedEvenWhereComparisonsWouldPass() {
        // `!(x > 0)` style checks are what make NaN fail; every family has a finite check first.
        for family in Distribution.Family.allCases {
            let values = Array(repeating: Double.nan, count: family.parameters.count)
            XCTAssertNotNil(error(family, values), family.rawValue)
        }
    }

    func testValidParametersRoundTripThroughFamilyAndValues() throws {
        let valid: [Distribution] = [
            .constant(value: 1), .gaussian(mean: 0, sigma: 1), .lognormal(zeta: 0, sigma: 1), .exponential(mean: 1),
            .gamma(shape: 2, scale: 1), .beta(a: 1, b: 2), .flat(min: 0, max: 1), .poisson(mean: 0),
            .bernoulli(p: 1), .studentT(nu: 3, location: 0, scale: 1), .pareto(shape: 2, scale: 1),
            .weibull(scale: 1, shape: 2), .laplace(location: 0, width: 1), .cauchy(location: 0, scale: 1),
            .levy(scale: 1, alpha: 2, beta: -1), .chiSquared(nu: 1),
        ]
        XCTAssertEqual(Set(valid.map(\.family)), Set(Distribution.Family.allCases))
        for d in valid {
            XCTAssertTrue(d.problems.isEmpty, "\(d)")
            XCTAssertEqual(d.parameterValues.count, d.family.parameters.count)
            XCTAssertEqual(try Distribution(family: d.family, values: d.parameterValues), d)
        }
    }

    func testFamilyNamesAreTheScenarioFileSpellings() {
        XCTAssertEqual(Distribution.Family(rawValue: "student-t"), .studentT)
        XCTAssertEqual(Distribution.Family(rawValue: "chi-squared"), .chiSquared)
        XCTAssertEqual(Distribution.Family.levy.parameters.map(\.name), ["scale", "alpha", "beta"])
        XCTAssertEqual(Distribution.Family.levy.parameters.map(\.defaultValue), [nil, nil, 0])
    }
}
