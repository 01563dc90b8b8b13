import TestSupport
import XCTest
@testable import CascadeModel

/// LLAMMA's properties over random states, after the contract's own hypothesis tests (curve-stablecoin v1
/// `tests/amm/test_amount_for_price.py`, `test_xdown_yup_invariants.py`, `test_flip.py`), plus conservation
/// across random sequences of deposits, swaps, oracle moves and withdrawals. Debug builds also check
/// `BandAMM._checkInvariants()` after every mutation.
final class BandAMMPropertyTests: XCTestCase {
    /// Sending `get_amount_for_price(p)` lands the AMM price on p, within the contract test's own tolerance
    /// (test_amount_for_price: fee 0, oracle 2400–3750, deposits over 1–50 bands starting 1–50 bands down, a
    /// first pump of 0–100% of the value, targets 0.1–10× the price; precision max(1e−6 + rounding, 1e−3),
    /// because the band dynamic fee the amount pays stays in the band and moves the price past p).
    func testTheAmountForAPriceTakesTheAMMThere() {
        var rng = SplitMix64(seed: 17)
        var inside = 0
        for _ in 0..<5000 {
            let pO = rng.uniform(2400, 3750)
            var amm = BandAMM(A: 100, basePrice: 3000, fee: 0, oraclePrice: pO)
            let n1 = 1 + rng.int(50), n2 = n1 + rng.int(50)
            guard (try? amm.depositRange(rng.uniform(1e-6, 100), n1: n1, n2: n2)) != nil else { continue }
            let firstPump = amm.price(at: 3600) * amm.y(n1) * Double(n2 - n1 + 1) * rng.uniform(0, 1)
            amm.exchange(.pump, amountIn: firstPump, at: 3600)
            let n0 = amm.activeBand
            let start = amm.price(at: 4200)
            let target = start * rng.uniform(0.1, 10)
            let pMax = amm.currentUp(n2, at: 4200), pMin = amm.currentDown(n1, at: 4200)
            let (amount, direction) = amm.amountForPrice(target, at: 4200)
            XCTAssertEqual(direction == .pump, target >= start)
            guard amount > 0 else { continue }
            amm.exchange(direction, amountIn: amount, at: 4200)
            let nFinal = amm.activeBand
            guard abs(nFinal - n0) < 49 else { continue }
            let aRatio = 100.0 / 99
            let pORatio = amm.oracleUp(nFinal, at: 4200) / amm.limitedOracle(at: 4200).price
            if direction == .pump && pORatio < pow(aRatio, -50) * (1 + 1e-8) { continue }
            if direction == .dump && pORatio > pow(aRatio, 50) * (1 - 1e-8) { continue }
            let prec = 1e-3
            let p = amm.price(at: 4200)
            if target > pMin * (1 + prec) && target < pMax * (1 - prec) {
                assertClose(p, target, relativeTolerance: prec, "from \(start) toward \(target)")
                inside += 1
            } else if target >= pMax * (1 - prec) {
                XCTAssertTrue(isClose(p, pMax, relative: prec) || nFinal > n2, "\(p) vs top \(pMax)")
            } else {
                XCTAssertTrue(isClose(p, pMin, relative: prec) || nFinal < n1, "\(p) vs bottom \(pMin)")
            }
        }
        XCTAssertGreaterThan(inside, 100, "enough targets inside the deposit's price range")
    }

    /// Where no fee applies (fee 0, the oracle inside the band's current range, so no band dynamic fee), the
    /// amount for a price lands on it exactly: 2960 is inside band 1 (2940.3–2970), whose AMM price then runs
    /// from p_cd = 2960³/2970² to p_cd·(100/99)².
    func testWithoutFeesTheAmountForAPriceLandsExactly() throws {
        var amm = BandAMM(A: 100, basePrice: 3000, fee: 0, oraclePrice: 2960)
        _ = try amm.depositRange(10, n1: 1, n2: 5)
        assertClose(amm.currentDown(1, at: 600), 2960 * 2960 * 2960 / (2970 * 2970), relativeTolerance: 1e-12)
        for target in [2945.0, 2960, 2990] {
            var copy = amm
            let (amount, direction) = copy.amountForPrice(target, at: 600)
            XCTAssertEqual(direction, .pump)
            copy.exchange(.pump, amountIn: amount, at: 600)
            assertClose(copy.price(at: 600), target, relativeTolerance: 1e-9)
            XCTAssertEqual(copy.activeBand, 1)
        }
    }

    /// Trades at a constant oracle never lower what a position is worth adiabatically, x_down and y_up, and
    /// with no fee change it by less than the band dynamic fee the prices imply (test_immediate).
    func testTradesAtAConstantOracleKeepXDownAndYUp() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<1000 {
            let pO = rng.uniform(1000, 10000)
            var amm = BandAMM(A: 100, basePrice: 3000, fee: 0, oraclePrice: pO)
            let n1 = 1 + rng.int(30), n2 = n1 + rng.int(31)
            let deposit = rng.uniform(1, 1e7)
            guard let user = try? amm.depositRange(deposit, n1: n1, n2: n2) else { continue }
            let pBefore = amm.price(at: 600)
            amm.exchange(.pump, amountIn: pO * deposit * rng.uniform(0, 10), at: 600)
            let p1 = amm.price(at: 1200)
            let x0 = amm.xDown(user, at: 1200), y0 = amm.yUp(user, at: 1200)
            if rng.chance(50) {
                amm.exchange(.pump, amountIn: pO * deposit * rng.uniform(0, 10), at: 1200)
            } else {
                amm.exchange(.dump, amountIn: deposit * rng.uniform(0, 10), at: 1200)
            }
            let p2 = amm.price(at: 1200)
            let x1 = amm.xDown(user, at: 1200), y1 = amm.yUp(user, at: 1200)
            XCTAssertGreaterThanOrEqual(x1, x0 * (1 - 1e-12))
            XCTAssertGreaterThanOrEqual(y1, y0 * (1 - 1e-12))
            let lo = min(pBefore, p1, p2), hi = max(pBefore, p1, p2)
            let fee = max(abs(hi - pO), abs(pO - lo)) / (4 * lo)
            XCTAssertLessThanOrEqual(x1, x0 * (1 + fee) + 1e-9 * x0)
            XCTAssertLessThanOrEqual(y1, y0 * (1 + fee) + 1e-9 * y0)
        }
    }

    /// A round trip through the bands at a constant oracle cannot make money: buying collateral and selling
    /// it back returns at most the USD paid (test_flip).
    func testARoundTripNeverPaysTheTrader() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<1000 {
            let pO = rng.uniform(2000, 4000)
            var amm = BandAMM(A: 100, basePrice: 3000, fee: rng.chance(50) ? 0 : rng.uniform(0, 0.02), oraclePrice: pO)
            let n1 = 1 + rng.int(40)
            guard (try? amm.depositRange(rng.uniform(0.01, 1000), n1: n1, n2: n1 + rng.int(20))) != nil else { continue }
            let spend = pO * rng.uniform(0.001, 2000)
            let bought = amm.exchange(.pump, amountIn: spend, at: 600)
            guard bought.amountOut > 0 else { continue }
            let sold = amm.exchange(.dump, amountIn: bought.amountOut, at: 600)
            XCTAssertLessThanOrEqual(sold.amountOut, bought.amountIn * (1 + 1e-12),
                                     "paid \(bought.amountIn), got back \(sold.amountOut)")
        }
    }

    /// Deposits, swaps both ways, oracle moves (with and without jump fees), interest and partial and full
    /// withdrawals keep every coin accounted for: bands + admin fees = in − out, to 1e−12 of all inflows.
    func testCoinsAreConservedAcrossRandomSequences() {
        var rng = SplitMix64(seed: 2024)
        for _ in 0..<200 {
            var amm = BandAMM(A: 20 + rng.int(200), basePrice: 3000, fee: rng.uniform(0, 0.01),
                              adminFee: rng.chance(50) ? 0 : 0.5, oraclePrice: 3000)
            amm.setRate(rng.uniform(0, 3e-9), at: 0)
            var users: [BandUser] = []
            var now = 0.0
            var withdrawnX = 0.0, withdrawnY = 0.0, paidIn = (x: 0.0, y: 0.0), paidOut = (x: 0.0, y: 0.0)
            var deposited = 0.0
            for _ in 0..<60 {
                now += rng.uniform(1, 300)
                switch rng.int(5) {
                case 0:
                    let n1 = amm.band(containing: amm.limitedOracle(at: now).price, at: now) + 1 + rng.int(10)
                    let c = rng.uniform(0.01, 50)
                    if let u = try? amm.depositRange(c, n1: n1, n2: n1 + 3 + rng.int(20)) {
                        users.append(u)
                        deposited += c
                    }
                case 1:
                    let t = amm.exchange(.pump, amountIn: rng.uniform(1, 1e5), at: now)
                    paidIn.x += t.amountIn
                    paidOut.y += t.amountOut
                case 2:
                    let t = amm.exchange(.dump, amountIn: rng.uniform(0.001, 30), at: now)
                    paidIn.y += t.amountIn
                    paidOut.x += t.amountOut
                case 3:
                    amm.setExternalOracle(amm.externalOraclePrice * exp(rng.uniform(-0.1, 0.1)))
                default:
                    if let k = users.indices.randomElement(using: &rng), amm.hasLiquidity(users[k]) {
                        let out = amm.withdraw(users[k], fraction: rng.chance(50) ? 1 : rng.uniform(0, 1))
                        withdrawnX += out.x
                        withdrawnY += out.y
                    }
                }
            }
            let held = amm.held
            let scaleX = paidIn.x + 1, scaleY = deposited + paidIn.y + 1
            XCTAssertLessThan(abs(held.x - (paidIn.x - paidOut.x - withdrawnX)) / scaleX, 1e-12)
            XCTAssertLessThan(abs(held.y - (deposited + paidIn.y - paidOut.y - withdrawnY)) / scaleY, 1e-12)
            XCTAssertGreaterThanOrEqual(amm.adminFeesX, 0)
        }
    }
}
