import TestSupport
import XCTest
@testable import CascadeModel

enum Fixture {
    /// ETH-like: LTV 0.75, LT 0.8, bonus 5%.
    static let eth = CollateralAsset(name: "ETH", loanToValue: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.05)
    /// BTC-like: LTV 0.7, LT 0.75, bonus 10%.
    static let btc = CollateralAsset(name: "BTC", loanToValue: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.1)

    /// One ETH position holding `collateral` ETH against `debt`, indexed at ETH = `price`.
    static func single(collateral: Double, debt: Double, price: Double,
                       insurance: InsuranceFundSpec = InsuranceFundSpec()) -> LendingProtocol {
        var p = LendingProtocol(assets: [eth], prices: OraclePrices(collateral: [price]), insurance: insurance)
        p.openPosition(collateral: [collateral], debt: debt, prices: OraclePrices(collateral: [price]))
        return p
    }
}
