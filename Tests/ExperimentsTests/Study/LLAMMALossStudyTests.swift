import TestSupport
import XCTest
@testable import Experiments

/// llamma-simulator's loss experiment on synthetic candles, where the answer is known in sign or exactly.
final class LLAMMALossStudyTests: XCTestCase {
    static func candles(_ prices: [Double], bar: Double = 60) -> [LLAMMALossStudy.Candle] {
        prices.enumerated().map { i, p in .init(timeSeconds: Double(i) * bar, open: p, high: p, low: p, close: p) }
    }

    /// A flat price: the simulator's base price p0·(A/(A − 1) + 1e−4) puts band 1's top 1e−4 above p0, so only
    /// that sliver of band 1 trades, once, and the loss is its fee-sized cost (below 1e−6).
    func testAFlatPriceLosesNothing() {
        let c = Self.candles(Array(repeating: 2000, count: 50))
        let l = LLAMMALossStudy.losses(c, .init(amplification: 100, bands: 4, loanCandles: 30))
        XCTAssertEqual(l.count, 20)
        for x in l { XCTAssertGreaterThanOrEqual(x, 0); XCTAssertLessThan(x, 1e-6) }
    }

    /// 10% down through the bands and back: the round trip costs the loan (it sells low and buys back high, the
    /// fees only partly making up for it), a few percent whatever the band width; staying down costs less
    /// (the loan was sold on the way down, near its bands' prices).
    func testARoundTripThroughTheBandsCostsTheLoan() {
        let down = stride(from: 2000.0, through: 1800, by: -4), up = stride(from: 1800.0, through: 2000, by: 4)
        let c = Self.candles(Array(down) + Array(up))
        let loss = { (a: Int) in LLAMMALossStudy.loss(c, emas: LLAMMALossStudy.emas(c, seconds: 600), start: 0,
                                                     .init(amplification: a, bands: 4, loanCandles: c.count)) }
        for a in [30, 100, 200] {
            XCTAssertGreaterThan(loss(a), 0.01, "A = \(a)")
            XCTAssertLessThan(loss(a), 0.1, "A = \(a)")
        }
        let onlyDown = Self.candles(Array(down) + Array(repeating: 1800, count: 50))
        let downLoss = LLAMMALossStudy.loss(onlyDown, emas: LLAMMALossStudy.emas(onlyDown, seconds: 600), start: 0,
                                            .init(amplification: 100, bands: 4, loanCandles: onlyDown.count))
        XCTAssertLessThan(downLoss, loss(100))
    }

    /// The EMA is the simulator's: base 2, from the first open.
    func testTheEMAHalvesTheGapEveryTimeConstant() {
        var c = Self.candles([100, 200, 200], bar: 600)
        c[0].high = 100
        let e = LLAMMALossStudy.emas(c, seconds: 600)
        XCTAssertEqual(e[0], 100)
        assertClose(e[1], 150)
        assertClose(e[2], 175)
    }

    /// The liquidation discount the simulator reports for a loss (`scan_param`).
    func testLiquidationDiscountFormula() {
        let r = 99.0 / 100
        let coefficient = (0..<4).map { pow(r, Double($0) + 0.5) }.reduce(0, +) / 4
        assertClose(LLAMMALossStudy.liquidationDiscount(loss: 0.05, amplification: 100, bands: 4), 1 - 0.95 * coefficient)
    }

    /// Bad candle files are refused with the file and line.
    func testBadCandlesAreNamed() throws {
        let path = NSTemporaryDirectory() + "llamma-candles-\(UUID().uuidString).csv"
        try "unix_time_s,open,high,low,close\n0,1,2,1,1\n60,1,0.5,1,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try LLAMMALossStudy.loadCandles(path: path)) { e in
            XCTAssertTrue("\(e)".contains("\(path):3:"), "\(e)")
        }
    }
}
