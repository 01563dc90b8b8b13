import XCTest
@testable import CascadeModel

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny repeatable generator for sweeping random states by seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { Double.random(in: lo..<hi, using: &self) }
    mutating func int(_ n: Int) -> Int { Int.random(in: 0..<n, using: &self) }
}

/// |a − b| ≤ rel · max(|a|, |b|), or both exactly zero.
func XCTAssertClose(_ a: Double, _ b: Double, rel: Double = 1e-12, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    let ok = a == b || abs(a - b) <= rel * max(abs(a), abs(b))
    XCTAssertTrue(ok, "\(a) vs \(b) (relative tolerance \(rel)) \(message)", file: file, line: line)
}

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
