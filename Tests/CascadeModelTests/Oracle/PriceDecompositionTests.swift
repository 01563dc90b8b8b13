import TestSupport
import Foundation
import Testing
@testable import CascadeModel

@Suite struct PriceDecompositionTests {
    @Test func priceAndCounterfactuals() {
        let d = PriceDecomposition(exogenousLog: log(100), impactLog: [log(0.9), log(0.95), log(0.99)])
        #expect(isClose(d.price, 100 * 0.9 * 0.95 * 0.99))
        #expect(isClose(d.counterfactualPrice(belowGeneration: 0), 100))
        #expect(isClose(d.counterfactualPrice(belowGeneration: 1), 90))
        #expect(isClose(d.counterfactualPrice(belowGeneration: 2), 85.5))
        #expect(isClose(d.counterfactualPrice(belowGeneration: 9), d.price))
    }

    @Test func exogenousOnly() {
        let d = PriceDecomposition(exogenousPrice: 195)
        #expect(isClose(d.price, 195))
        #expect(d.impactLog.isEmpty)
    }
}
