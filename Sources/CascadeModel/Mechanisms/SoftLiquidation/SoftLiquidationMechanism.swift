import Foundation

/// A keeper's call into the LLAMMA or its controller.
enum SoftLiquidationAction: Sendable, Equatable {
    /// `exchange(0, 1, ...)`: `amountIn` USD (debt units) for collateral, sold on at once (soft liquidation).
    case pump(amountIn: Double)
    /// Buy collateral for `usd` outside and `exchange(1, 0, ...)` it for the bands' USD (de-liquidation).
    case dump(usd: Double)
    /// `liquidate(user, min_x)`: repay the loan's whole debt and take its USD and collateral.
    case liquidate(loan: Int, reservedUSD: Double)

    /// The keeper's cash a swap locks while in flight, USD at the debt price `debtPrice` (0 for a liquidation,
    /// which carries its own).
    func swapReservationUSD(debtPrice: Double) -> Double {
        switch self {
        case .pump(let a): return a * debtPrice
        case .dump(let usd): return usd
        case .liquidate: return 0
        }
    }

    var isPump: Bool { if case .pump = self { return true } else { return false } }
    var isDump: Bool { if case .dump = self { return true } else { return false } }
}

/// Soft liquidation (Curve's LLAMMA, curve-stablecoin v1): every position of the starting book becomes a loan
/// whose collateral sits in N bands of one band AMM; as the EMA oracle falls into a loan's bands the AMM's
/// price falls below the market and the keepers, acting as arbitrageurs, buy the collateral for USD and sell it
/// on the venues (soft liquidation), and sell it back when the price recovers; a loan whose health falls below
/// 0 is hard-liquidated by a keeper for its whole debt. There is no bonus: the liquidation discount is the
/// liquidator's margin, and the arbitrage profit is the borrowers' loss.
///
/// The book's positions move into the mechanism at the start (their collateral and debt appear "in auction"
/// in the protocol's ledger: in the bands); `SoftLoanIndex` finds the loans a price or a swap can affect.
final class SoftLiquidationMechanism: LiquidationMechanism {
    let spec: SoftLiquidationSpec
    /// The loans and their LLAMMA (a placeholder until ``prepare(_:)``). Hot paths read them through
    /// ``inLoans(_:)``: a method called on this stored struct would copy it first (a retain and release of each
    /// of its arrays).
    var loans = SoftLiquidationLoans(amm: BandAMM(A: 2, basePrice: 1, fee: 0, oraclePrice: 1), loanDiscount: 0.5,
                                     liquidationDiscount: 0.01)
    private var prepared = false
    private var ema: EMAPriceOracle?
    var index = SoftLoanIndex(n1: [], n2: [])
    /// Each loan's top band, and the loans no swap has reached (n1 > the deepest active band so far) ordered by
    /// their trigger price (``SoftLiquidationLoans/untouchedTrigger(_:at:)``), highest first: at oracle price p
    /// those with a trigger above p/rate_mul are the liquidatable ones, a prefix found by binary search, so a
    /// price move costs the loans whose trigger it crossed.
    var topBand: [Int] = []
    private var triggerOrder: [Int] = []
    private var triggerSorted: [Double] = []
    private var triggerCut = 0
    /// The lending position each loan came from, its collateral at creation and its principal.
    private(set) var positionOfLoan: [Int] = []
    var startCollateral: [Double] = []
    /// Each loan's x_down when it was created: the USD its collateral fetches converted adiabatically down
    /// through its bands, the reference its loss to rebalancing is measured against.
    var startXDown: [Double] = []
    var principal: [Double] = []
    /// Loans with health(full) < 0, kept current for the loans a change can affect.
    /// What each flagged loan holds (its USD and collateral when last re-checked: they change only with swaps
    /// through its bands, after which it is re-checked), for a quick bound on what liquidating it pays.
    var flagged: [Int: (x: Double, y: Double)] = [:]
    /// ``flagged``'s loans in order (nil: to be rebuilt).
    var flaggedOrderCache: [Int]?
    var flaggedOrder: [Int] {
        if let c = flaggedOrderCache { return c }
        let order = flagged.keys.sorted()
        flaggedOrderCache = order
        return order
    }
    /// The band span last examined: loans there were re-checked, and must be again when it moves away.
    private var window: ClosedRange<Int>?
    /// Bands swaps have touched since the last refresh.
    private var dirty: ClosedRange<Int>?
    var swapInFlight: [Bool] = []
    /// Scratch for ``refresh(_:)``: x_down per share of each band it looks at.
    private var perShare: [Double] = []
    /// When the loans were last re-checked, the state version and the oracle then: a refresh at the same
    /// instant with nothing changed since finds the same.
    private var refreshedAt = -Double.infinity
    var version = 0
    private var refreshedVersion = -1
    private var refreshedOracle = Double.nan

    /// The loan whose bands `bands.csv` follows: of the loans with the highest top band (the first the crash
    /// reaches), the one with the most collateral.
    var tracedLoan: Int?
    private(set) var loanBands: [LoanBandRow] = []

    // Metrics.
    var swaps = 0
    var maxActive = Int.min
    var loanSeconds = 0.0
    var accountedUntil = 0.0
    var inSoftLiquidation = 0
    var liquidatedLossSum = 0.0
    var liquidatedLossMax = 0.0
    var liquidatedEntered = 0

    init(spec: SoftLiquidationSpec) { self.spec = spec }

    /// The loans in place; `body` must not reach the mechanism again.
    @inline(__always)
    func inLoans<R>(_ body: (inout SoftLiquidationLoans) throws -> R) rethrows -> R { try body(&loans) }

    var listsNewlyLiquidatable: Bool { false }

    // MARK: Setup

    /// Opens a loan in the LLAMMA for every position of the starting book with debt, at the oracle price, and
    /// moves its collateral and debt out of the book. - Throws: when LLAMMA would refuse a loan (its debt is
    /// above what N bands lend on its collateral).
    func prepare(_ ctx: MechanismContext<SoftLiquidationMechanism>) throws {
        let p0 = ctx.oraclePrices.inDebtUnits(0)
        var amm = BandAMM(A: spec.amplification, basePrice: p0, fee: spec.fee, adminFee: spec.adminFee, oraclePrice: p0, now: ctx.now)
        amm.setRate(spec.ratePerYear / (365 * 86_400), at: ctx.now)
        var book = SoftLiquidationLoans(amm: amm, loanDiscount: spec.loanDiscount, liquidationDiscount: spec.liquidationDiscount)
        ema = EMAPriceOracle(timeConstantSeconds: spec.emaTimeConstantSeconds, price: p0, at: ctx.now)
        var refused: [(position: Int, debt: Double, max: Double)] = []
        let count = ctx.lending.book.count
        for p in 0..<count where ctx.lending.book.status[p] == .open && ctx.lending.book.debt[p] > 0 {
            let c = ctx.lending.book.collateral(p, 0), d = ctx.lending.book.debt[p]
            let n = spec.bands(forLoan: positionOfLoan.count)
            do {
                _ = try book.createLoan(collateral: c, debt: d, bands: n, at: ctx.now)
            } catch SoftLoanError.debtTooHigh(_, let max) {
                refused.append((p, d, max))
                continue
            }
            positionOfLoan.append(p)
            startCollateral.append(c)
            principal.append(d)
        }
        guard refused.isEmpty else {
            let first = refused[0]
            throw SimulationFailure(timeSeconds: ctx.now, reason: "soft-liquidation: \(refused.count) of \(refused.count + positionOfLoan.count) positions borrow more than LLAMMA lends on their collateral (position \(first.position): debt \(first.debt), at most \(first.max) over its bands); lower the book's loan-to-value, loan_discount or bands_max")
        }
        let prices = ctx.oraclePrices
        ctx.withLending { l in
            for (k, p) in positionOfLoan.enumerated() {
                l._moveToAuction(p, asset: 0, lot: startCollateral[k], principal: principal[k])
                l._close(p)
                l._reindex(p, prices: prices)
            }
        }
        startXDown = positionOfLoan.indices.map { book.amm.xDown(book.bandUser(SoftLoanID($0)), at: ctx.now) }
        loans = book
        prepared = true
        let ranges = positionOfLoan.indices.map { book.amm.bands(of: book.bandUser(SoftLoanID($0))) }
        index = SoftLoanIndex(n1: ranges.map(\.lowerBound), n2: ranges.map(\.upperBound))
        swapInFlight = Array(repeating: false, count: ctx.keeperCount)
        topBand = ranges.map(\.lowerBound)
        let now0 = ctx.now
        let triggers = positionOfLoan.indices.map { book.untouchedTrigger(SoftLoanID($0), at: now0) }
        triggerOrder = triggers.indices.sorted { (triggers[$0], $1) > (triggers[$1], $0) }
        triggerSorted = triggerOrder.map { triggers[$0] }
        tracedLoan = ranges.indices.min { (ranges[$0].lowerBound, -startCollateral[$0], $0) < (ranges[$1].lowerBound, -startCollateral[$1], $1) }
        maxActive = book.amm.activeBand
        accountedUntil = ctx.now
        inSoftLiquidation = index.openInSoftLiquidation(active: book.amm.activeBand)
        ctx.checkConservation()
        ctx.scheduleTimer(after: spec.lookIntervalSeconds)
    }

    // MARK: Watching the bands

    /// The oracle price the LLAMMA reads now: one EMA step from its last write toward the protocol's oracle.
    func syncOracle(_ ctx: MechanismContext<SoftLiquidationMechanism>) {
        let p = ema!.price(source: ctx.oraclePrices.inDebtUnits(0), at: ctx.now)
        loans.withAMM { $0.setExternalOracle(p) }
    }

    /// A transaction reads the oracle for writing (`price_w`): the EMA stores its step, the AMM sees it.
    func writeOracle(_ ctx: MechanismContext<SoftLiquidationMechanism>) {
        let p = ema!.write(source: ctx.oraclePrices.inDebtUnits(0), at: ctx.now)
        loans.withAMM { $0.setExternalOracle(p) }
    }

    /// Re-checks the health of the loans whose bands lie between the active band and the oracle's band, in
    /// the span last checked, or where swaps went since.
    func refresh(_ ctx: MechanismContext<SoftLiquidationMechanism>) {
        let now = ctx.now
        let oracle = inLoans { $0.amm.externalOraclePrice }
        guard now != refreshedAt || version != refreshedVersion || oracle != refreshedOracle else { return }
        refreshedAt = now
        refreshedVersion = version
        refreshedOracle = oracle
        let (active, oracleBand) = inLoans { ($0.amm.activeBand, $0.amm.band(containing: $0.amm.limitedOracle(at: now).price, at: now)) }
        var lo = min(active, oracleBand), hi = max(active, oracleBand)
        let current = lo...hi
        for r in [window, dirty].compactMap({ $0 }) {
            lo = min(lo, r.lowerBound)
            hi = max(hi, r.upperBound)
        }
        window = current
        dirty = nil
        refreshUntouched(ctx)
        let touched = index.loans(touching: lo, hi)
        guard !touched.isEmpty else { return }
        let reached = maxActive
        // Every band of those loans: n1 from lo − (N_max − 1), n2 up to hi + N_max − 1.
        let bands = (lo - (index.maxBands - 1))...(hi + index.maxBands - 1)
        inLoans { l in
            l.amm.xDownPerShare(bands, at: now, into: &perShare)
            for k in touched where topBand[k] <= reached && l.isOpen(SoftLoanID(k)) {
                let h = l.health(SoftLoanID(k), full: true, at: now, perShare: perShare, from: bands.lowerBound)
                if h < 0 {
                    let xy = l.amm.sumXY(l.bandUser(SoftLoanID(k)))
                    if flagged.updateValue(xy, forKey: k) == nil { flaggedOrderCache = nil }
                } else if !flagged.isEmpty, flagged.removeValue(forKey: k) != nil {
                    flaggedOrderCache = nil
                }
            }
        }
    }

    /// Flags and unflags the loans no swap has reached whose trigger the oracle price crossed since the last
    /// refresh (the loans swaps reached are re-checked in ``refresh(_:)``'s band window instead).
    private func refreshUntouched(_ ctx: MechanismContext<SoftLiquidationMechanism>) {
        let now = ctx.now
        let threshold = inLoans { $0.amm.limitedOracle(at: now).price / $0.amm.rateMultiplier(at: now) }
        // triggerSorted is descending: the cut is the first index whose trigger is ≤ the threshold.
        var lo = 0, hi = triggerSorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if triggerSorted[mid] > threshold { lo = mid + 1 } else { hi = mid }
        }
        let cut = lo, reached = maxActive
        guard cut != triggerCut else { return }
        inLoans { l in
            if cut > triggerCut {
                for i in triggerCut..<cut {
                    let k = triggerOrder[i]
                    guard topBand[k] > reached, l.isOpen(SoftLoanID(k)) else { continue }
                    if flagged.updateValue(l.amm.sumXY(l.bandUser(SoftLoanID(k))), forKey: k) == nil { flaggedOrderCache = nil }
                }
            } else {
                for i in cut..<triggerCut {
                    let k = triggerOrder[i]
                    guard topBand[k] > reached else { continue }
                    if flagged.removeValue(forKey: k) != nil { flaggedOrderCache = nil }
                }
            }
        }
        triggerCut = cut
    }

    /// Time in soft liquidation up to now, before the active band or the open loans change.
    func accountTime(_ now: Double) {
        loanSeconds += Double(inSoftLiquidation) * (now - accountedUntil)
        accountedUntil = now
    }

    /// After a swap or a liquidation: the count in soft liquidation and the deepest band reached.
    func noteBandsMoved(_ trade: BandTrade?) {
        version += 1
        let active = inLoans { $0.amm.activeBand }
        maxActive = max(maxActive, active)
        inSoftLiquidation = index.openInSoftLiquidation(active: active)
        if let t = trade {
            let span = min(t.firstBand, t.lastBand)...max(t.firstBand, t.lastBand)
            dirty = dirty.map { min($0.lowerBound, span.lowerBound)...max($0.upperBound, span.upperBound) } ?? span
        }
    }

    /// The bots look at the LLAMMA every `look_interval`: the EMA drifts toward the oracle between writes.
    func timerFired(_ ctx: MechanismContext<SoftLiquidationMechanism>) {
        syncOracle(ctx)
        refresh(ctx)
        if hasKeeperWork(ctx) { ctx.wakeAllKeepers() }
        if ctx.now + spec.lookIntervalSeconds <= ctx.horizonSeconds { ctx.scheduleTimer(after: spec.lookIntervalSeconds) }
    }

    func hasKeeperWork(_ ctx: MechanismContext<SoftLiquidationMechanism>) -> Bool {
        // Every read of the AMM sees the EMA at this instant (whatever was read before, such as a sample).
        syncOracle(ctx)
        return liquidationMayPay(ctx) || arbitrageMayPay(ctx)
    }

    /// Whether some flagged loan's USD and collateral, the collateral at the best price any keeper could get
    /// for it (the best pool's marginal price after fee, or the reference price), are worth more than its debt.
    /// Loans past that are bad debt nobody liquidates; they do not keep the keepers busy.
    func liquidationMayPay(_ ctx: MechanismContext<SoftLiquidationMechanism>) -> Bool {
        guard !flagged.isEmpty else { return false }
        let bound = max(ctx.marginalValuationBound(sells: true, asset: 0), ctx.referencePrice(0))
        let debtPrice = ctx.debtPrice, now = ctx.now
        return inLoans { l in flagged.contains { k, xy in xy.x * debtPrice + xy.y * bound > l.debt(SoftLoanID(k), at: now) * debtPrice } }
    }

    /// Whether the AMM's price is far enough from the market for a swap to pay before gas: a pump needs
    /// p·/(1 − fee) below the best outside price (reference or pool spot), a dump p·(1 − fee) above the lowest.
    /// The band dynamic fee only adds to the fee, so this never hides a trade that pays.
    func arbitrageMayPay(_ ctx: MechanismContext<SoftLiquidationMechanism>) -> Bool {
        let now = ctx.now
        let (p, fee, hasY, hasX) = inLoans { l in
            (l.amm.price(at: now), l.amm.currentFee(at: now),
             l.amm.y(l.amm.activeBand) > 0 || l.amm.activeBand < l.amm.maxBand,
             l.amm.x(l.amm.activeBand) > 0 || l.amm.activeBand > l.amm.minBand)
        }
        let reference = ctx.referencePrice(0) / ctx.debtPrice
        let pool = ctx.poolSpot(0)
        let high = max(reference, pool.isNaN ? 0 : pool), low = min(reference, pool.isNaN ? .infinity : pool)
        return (hasY && p / (1 - fee) < high) || (hasX && p * (1 - fee) > low)
    }

    // MARK: Metrics

    func unrealizedShortfallUSD(_ ctx: MechanismContext<SoftLiquidationMechanism>) -> Double {
        guard prepared else { return 0 }
        syncOracle(ctx)
        let debtPrice = ctx.debtPrice, reference = ctx.referencePrice(0), now = ctx.now
        let reach = index.loans(atOrAbove: shortfallReach(ctx))
        return inLoans { l in
            var total = 0.0
            for k in reach where l.isOpen(SoftLoanID(k)) {
                let xy = l.amm.sumXY(l.bandUser(SoftLoanID(k)))
                total += max(0, l.debt(SoftLoanID(k), at: now) * debtPrice - xy.x * debtPrice - xy.y * reference)
            }
            return total
        }
    }

    /// The lowest band a loan with a shortfall can start at: a loan whose bands all lie below the active
    /// band, the oracle's and the reference price's holds only collateral worth more than its debt there.
    private func shortfallReach(_ ctx: MechanismContext<SoftLiquidationMechanism>) -> Int {
        let reference = ctx.referencePrice(0) / ctx.debtPrice, now = ctx.now
        return inLoans { l in
            max(l.amm.activeBand, l.amm.band(containing: l.amm.limitedOracle(at: now).price, at: now),
                l.amm.band(containing: reference, at: now))
        }
    }

    func addUnrealizedShortfall(byAsset: inout [Double], _ ctx: MechanismContext<SoftLiquidationMechanism>) {
        byAsset[0] += unrealizedShortfallUSD(ctx)
    }

    func addCollateralHeld(asset: Int, to total: inout Double) {
        guard asset == 0, prepared else { return }
        total += inLoans { $0.amm.held.y }
    }

    /// The loan's loss to rebalancing now: 1 − x_down(now)/x_down(at creation), the share of the USD its
    /// collateral would fetch sold adiabatically through its bands that swaps at worse prices (and round trips)
    /// have cost it (llamma-simulator's loss, `libsimulate.py` single_run: 1 − get_all_x()/initial_all_x).
    func loss(_ k: Int, _ ctx: MechanismContext<SoftLiquidationMechanism>) -> Double {
        let now = ctx.now
        return 1 - inLoans { $0.amm.xDown($0.bandUser(SoftLoanID(k)), at: now) } / startXDown[k]
    }

    /// Records the traced loan's bands (while it is open).
    func sampled(_ ctx: MechanismContext<SoftLiquidationMechanism>) {
        guard prepared, let k = tracedLoan else { return }
        syncOracle(ctx)
        let now = ctx.now, position = positionOfLoan[k]
        let rows: [LoanBandRow] = inLoans { l in
            guard l.isOpen(SoftLoanID(k)) else { return [] }
            let user = l.bandUser(SoftLoanID(k)), range = l.amm.bands(of: user)
            let shares = Array(l.amm.shares(of: user))
            let p = l.amm.limitedOracle(at: now).price, ammPrice = l.amm.price(at: now)
            return range.enumerated().map { i, n in
                let part = shares[i] / (l.amm.totalShares(n) + BandAMM.deadShares)
                return LoanBandRow(timeSeconds: now, position: position, band: n, priceUp: l.amm.oracleUp(n, at: now),
                                   priceDown: l.amm.oracleDown(n, at: now), usd: l.amm.x(n) * part,
                                   collateral: l.amm.y(n) * part, activeBand: l.amm.activeBand, oraclePrice: p, ammPrice: ammPrice)
            }
        }
        loanBands += rows
    }

    func finish(_ metrics: inout RunMetrics, _ ctx: MechanismContext<SoftLiquidationMechanism>) {
        guard prepared else { return }
        syncOracle(ctx)
        accountTime(ctx.now)
        var sum = liquidatedLossSum, worst = liquidatedLossMax, entered = liquidatedEntered
        for k in index.loans(atOrAbove: maxActive) where inLoans({ $0.isOpen(SoftLoanID(k)) }) {
            let l = loss(k, ctx)
            sum += l
            worst = max(worst, l)
            entered += 1
        }
        metrics.softSwaps = swaps
        metrics.softLoansEntered = entered
        metrics.softLossMean = entered > 0 ? sum / Double(entered) : 0
        metrics.softLossMax = worst
        metrics.softLoanHours = loanSeconds / 3600
    }

    /// Checks that the protocol's ledger holds, as in auction, exactly the collateral the bands and the admin
    /// fees hold (debug builds), and the ledger itself.
    func checkBands(_ ctx: MechanismContext<SoftLiquidationMechanism>) {
        #if CASCADE_INVARIANTS
        let inLedger = ctx.lending.ledger.collateralInAuction[0], inBands = inLoans { $0.amm.held.y }
        precondition(abs(inLedger - inBands) <= 1e-9 * max(1, ctx.lending.ledger.collateralDeposited[0]),
                     "soft-liquidation: ledger holds \(inLedger) collateral in the bands, the bands hold \(inBands)")
        #endif
        ctx.checkConservation()
    }
}

extension LiquidationStep {
    /// An arbitrage swap on the LLAMMA's bands (position −1: the bands, not one loan).
    public static let softSwap = LiquidationStep("soft-swap", of: .softLiquidation)
    /// A hard liquidation of a loan whose health fell below 0.
    public static let softLiquidate = LiquidationStep("soft-liquidate", of: .softLiquidation)
}
