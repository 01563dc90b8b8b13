import TestSupport
import XCTest
@testable import CascadeModel

/// LLAMMA against the contract's own arithmetic. Every expected value below is printed by
/// `python3 scripts/reference/llamma_contract.py`, an integer port of curve-stablecoin v1 (commit
/// edbb5ef5bf42) `AMM.vy`, `Controller.vy` and `EmaPriceOracle.vy`, in tokens and dollars; the Double model
/// must agree to 1e−12 relative, except where a value is a small difference of large ones (noted).
final class BandAMMContractTests: XCTestCase {
    /// The contract tests' market: A = 100, fee 1%, base and oracle price 3000.
    func market(oracle: Double = 3000) -> BandAMM {
        BandAMM(A: 100, basePrice: 3000, fee: 0.01, oraclePrice: oracle)
    }

    func testBandEdgesFollowTheGrid() {
        let amm = market()
        assertClose(amm.oracleUp(1, at: 0), 2970)
        assertClose(amm.oracleUp(-7, at: 0), 3218.6584414243976)
        assertClose(amm.oracleUp(40, at: 0), 2006.9152757090365)
        assertClose(amm.oracleDown(0, at: 0), amm.oracleUp(1, at: 0))
        XCTAssertEqual(amm.band(containing: 2970, at: 0), 1, "p_up(1) = 2970 is band 1's top")
        XCTAssertEqual(amm.band(containing: 2969.9, at: 0), 1)
        XCTAssertEqual(amm.band(containing: 2970.1, at: 0), 0)
    }

    func testOracleJumpFeeDecaysOverTwoMinutesAndTheJumpIsClipped() {
        var amm = market()
        amm.setExternalOracle(2950)
        assertClose(amm.limitedOracle(at: 0).jumpFee, 0.049171296296296296)
        assertClose(amm.limitedOracle(at: 60).jumpFee, 0.024585648148148148)
        XCTAssertEqual(amm.limitedOracle(at: 120).jumpFee, 0)
        amm.setExternalOracle(2000)
        assertClose(amm.limitedOracle(at: 0).price, 2400)
        assertClose(amm.limitedOracle(at: 0).jumpFee, 0.48799999999999999)
        XCTAssertEqual(amm.limitedOracle(at: 120).price, 2000, "no clip two minutes after the last write")
    }

    func testBandDynamicFeeAndY0() {
        let amm = market()
        assertClose(amm.bandDynamicFee(oracle: 3000, oracleUp: 3100), 0.011115076600839536)
        assertClose(amm.bandDynamicFee(oracle: 3000, oracleUp: 2900), 0.016388888888888887)
        XCTAssertEqual(amm.bandDynamicFee(oracle: 3000, oracleUp: 3015), 0, "inside the band's current range")
        assertClose(amm.y0(x: 1000, y: 0.5, oracle: 2990, oracleUp: 3000), 0.83255295232971072)
    }

    /// Two loans (10 ETH / 20,000 over 10 bands, 3 ETH / 7000 over 4), the oracle falls to 2500, arbitrage
    /// pumps 3000 USD, then at 2400 dumps 1 ETH and pumps 20,000 USD across bands; half of one loan is then
    /// withdrawn as a partial liquidation does.
    func testLoansSwapsAndHealthMatchTheContract() throws {
        var loans = SoftLiquidationLoans(amm: market(), loanDiscount: 0.05, liquidationDiscount: 0.02)
        assertClose(loans.yEffective(collateral: 10, bands: 10, discount: 0.05), 9.0381702422020425)
        let a = try loans.createLoan(collateral: 10, debt: 20000, bands: 10, at: 0)
        let b = try loans.createLoan(collateral: 3, debt: 7000, bands: 4, at: 0)
        XCTAssertEqual(loans.amm.bands(of: loans.bandUser(a)), 30...39)
        XCTAssertEqual(loans.amm.bands(of: loans.bandUser(b)), 17...20)
        assertClose(loans.health(a, full: false, at: 0), 0.034499022870360267)
        assertClose(loans.health(a, full: true, at: 0), 0.42494846278794174)
        assertClose(loans.health(b, full: false, at: 0), 0.041038184572389648)
        assertClose(loans.amm.xDown(loans.bandUser(a), at: 0), 21112.224956537968)

        loans.withAMM { $0.setExternalOracle(2500) }
        assertClose(loans.amm.price(at: 600), 1753.6475869809203)
        let pump = loans.withAMM { $0.exchange(.pump, amountIn: 3000, at: 600) }
        assertClose(pump.amountIn, 3000)
        assertClose(pump.amountOut, 1.1961975694524432)
        XCTAssertEqual(loans.amm.activeBand, 18)
        assertClose(loans.amm.price(at: 600), 2522.9842131063274)
        let bands: [(Int, Double, Double)] = [
            (17, 1869.6993388207709, 0),
            (18, 1130.3006611792291, 0.30380243054755685),
            (19, 0, 0.75),
            (20, 0, 0.75),
            (21, 0, 0),
            (22, 0, 0),
            (23, 0, 0),
            (24, 0, 0),
            (25, 0, 0),
            (26, 0, 0),
            (27, 0, 0),
            (28, 0, 0),
            (29, 0, 0),
            (30, 0, 1),
            (31, 0, 1),
            (32, 0, 1),
            (33, 0, 1),
            (34, 0, 1),
            (35, 0, 1),
            (36, 0, 1),
            (37, 0, 1),
            (38, 0, 1),
            (39, 0, 1),
        ]
        for (n, x, y) in bands {
            assertClose(loans.amm.x(n), x, "band \(n) x")
            assertClose(loans.amm.y(n), y, "band \(n) y")
        }
        assertClose(loans.amm.xDown(loans.bandUser(a), at: 600), 21112.224956537968)
        assertClose(loans.amm.yUp(loans.bandUser(a), at: 600), 10)
        assertClose(loans.amm.xDown(loans.bandUser(b), at: 600), 7429.213203782424)
        assertClose(loans.health(a, full: false, at: 600), 0.034499022870360267)
        assertClose(loans.health(b, full: true, at: 600), 0.040089848529539437)
        XCTAssertEqual(loans.amm.sumXY(loans.bandUser(a)).x, 0)
        assertClose(loans.amm.sumXY(loans.bandUser(a)).y, 10)
        let target = loans.amm.price(at: 600) * 0.95
        let forPrice = loans.amm.amountForPrice(target, at: 600)
        XCTAssertEqual(forPrice.direction, .dump)
        assertClose(forPrice.amount, 1.2204741704732978)

        loans.withAMM { $0.setExternalOracle(2400) }
        assertClose(loans.amm.limitedOracle(at: 630).jumpFee, 0.086447999999999997)
        let dump = loans.withAMM { $0.exchange(.dump, amountIn: 1, at: 630) }
        assertClose(dump.amountIn, 1)
        assertClose(dump.amountOut, 2017.7656173256848)
        XCTAssertEqual(loans.amm.activeBand, 17)
        let big = loans.withAMM { $0.exchange(.pump, amountIn: 20000, at: 1230) }
        assertClose(big.amountIn, 20000)
        assertClose(big.amountOut, 7.2270387884434868)
        XCTAssertEqual(loans.amm.activeBand, 34)
        assertClose(loans.health(a, full: true, at: 1230), 0.055881675450521709)
        assertClose(loans.health(b, full: true, at: 1230), 0.036443817191391344)
        assertClose(loans.amm.xDown(loans.bandUser(b), at: 1230), 7403.1701227956528)

        let removed = SoftLiquidationLoans.removedFraction(0.5, healthLimit: 0.02)
        assertClose(removed, 0.49754901960784315)
        let userB = loans.bandUser(b)
        let out = loans.withAMM { $0.withdraw(userB, fraction: removed) }
        assertClose(out.x, 3683.4400365870529)
        XCTAssertEqual(out.y, 0)
        XCTAssertLessThan(max(loans.amm.conservationError.x, loans.amm.conservationError.y), 1e-12)
    }

    /// Interest (`_rate_mul`, simple accrual): after t seconds at rate r the whole grid and every debt grow by
    /// 1 + r·t, so a loan still holding only collateral keeps its health (x_down and debt grow alike).
    func testInterestMovesTheGridAndTheDebtTogether() throws {
        var amm = market()
        let perSecond = 0.1 / (365 * 86_400)
        amm.setRate(perSecond, at: 0)
        var loans = SoftLiquidationLoans(amm: amm, loanDiscount: 0.05, liquidationDiscount: 0.02)
        let a = try loans.createLoan(collateral: 10, debt: 20000, bands: 10, at: 0)
        let year = 365 * 86_400.0
        assertClose(loans.amm.oracleUp(1, at: year), 2970 * 1.1)
        assertClose(loans.debt(a, at: year), 20000 * 1.1)
        assertClose(loans.health(a, full: false, at: year), loans.health(a, full: false, at: 0), relativeTolerance: 1e-12)
        // A rate change compounds what accrued: 10% for a year, then 0: the multiplier stays 1.1.
        loans.withAMM { $0.setRate(0, at: year) }
        assertClose(loans.amm.rateMultiplier(at: 2 * year), 1.1)
    }

    /// A loan no swap has reached: its health from its bands' collateral alone equals the full computation at
    /// any oracle price, and its trigger price splits liquidatable from not (random loans, prices and rates).
    func testAnUntouchedLoansTriggerSplitsItsHealth() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<300 {
            var amm = BandAMM(A: 20 + rng.int(200), basePrice: 3000, fee: 0.01, oraclePrice: 3000)
            amm.setRate(rng.chance(50) ? 0 : rng.uniform(0, 5e-9), at: 0)
            var loans = SoftLiquidationLoans(amm: amm, loanDiscount: 0.05, liquidationDiscount: rng.uniform(0.01, 0.04))
            var ids: [SoftLoanID] = []
            for _ in 0..<3 {
                let c = rng.uniform(0.1, 100), n = 4 + rng.int(47)
                if let id = try? loans.createLoan(collateral: c, debt: c * 3000 * rng.uniform(0.2, 0.7), bands: n, at: 0) { ids.append(id) }
            }
            let now = 1000 + rng.uniform(0, 3e7)  // past the oracle's 120 s clip window
            for id in ids {
                let trigger = loans.untouchedTrigger(id, at: 0) * loans.amm.rateMultiplier(at: now)
                for _ in 0..<5 {
                    let p = trigger * exp(rng.uniform(-0.3, 0.3))
                    var probe = loans
                    probe.withAMM { $0.setExternalOracle(p) }
                    let direct = probe.health(id, full: true, at: now)
                    let fromBands = probe.untouchedHealth(id, oracle: p, at: now)
                    XCTAssertEqual(direct, fromBands, accuracy: 1e-12 * max(1, abs(direct)))
                    if abs(p / trigger - 1) > 1e-9 { XCTAssertEqual(direct < 0, p < trigger, "p \(p), trigger \(trigger)") }
                }
            }
        }
    }

    func testEMAOracleStepsFromTheLastWrite() {
        var ema = EMAPriceOracle(timeConstantSeconds: 600, price: 3000, at: 0)
        assertClose(ema.write(source: 2500, at: 60), 2952.4187090179798)
        assertClose(ema.price(source: 2400, at: 660), 2603.2234859655528)
        XCTAssertEqual(ema.write(source: 1, at: 60), ema.lastPrice, "one write per block")
    }
}
