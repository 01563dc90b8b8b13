import SimKernel
import Stochastic

/// Borrowers who defend their positions (an alert index at thresholds LT / alert health factor finds the
/// owners whose health fell below the alert level, so again no scan), and new borrowers arriving.
///
/// While a position's HF is below the alert level its owner acts at the hazard rate λ(HF)
/// (``BorrowerSpec/hazardRate(healthFactor:)``). The rate changes whenever HF does, so the owner's action
/// time is drawn by thinning (Lewis and Shedler 1979): candidate moments arrive at the rate's maximum λ_max,
/// and each is accepted with probability λ(HF)/λ_max at the HF of that moment, which is exact for any
/// rate bounded by λ_max and needs no work when prices move. A chain of candidates starts when the position
/// first falls below the alert level (from the start too) and ends at an action or once HF is back above it.
struct Borrowers {
    let spec: BorrowerSpec
    private let stream: RandomStream
    private var alertIndex: LiquidationIndex?
    private var pending: [Bool] = []
    /// Thresholds of the alert index: LT / alert health factor, per asset.
    private let alertThresholds: [Double]
    /// The population positions are drawn from, and its stream (population scenarios only).
    private let population: PopulationSpec?
    private let populationStream: RandomStream?

    init(spec: BorrowerSpec, collateral: [CollateralAsset], book: PositionBook, prices: OraclePrices,
         population: PopulationSpec?, populationStream: RandomStream?, stream: RandomStream) {
        self.spec = spec
        self.stream = stream
        alertThresholds = collateral.map { $0.liquidationThreshold / spec.alertHealthFactor }
        if spec.enabled {
            alertIndex = LiquidationIndex(book: book, thresholds: alertThresholds, prices: prices)
        }
        self.population = population
        self.populationStream = populationStream
    }

    /// Starts the owners' clocks of the positions below the alert level from the start.
    mutating func start(_ lending: LendingProtocol, kernel: inout EventKernel<SimEvent>) {
        guard let index = alertIndex else { return }
        growPending(lending.book.count)
        for p in index.flaggedPositions.sorted() { startClock(p, kernel: &kernel) }
    }

    /// Owners whose health factor fell below the alert level since the last refresh start their clocks.
    mutating func refreshAlerts(_ lending: LendingProtocol, prices: OraclePrices, kernel: inout EventKernel<SimEvent>) {
        guard var index = alertIndex else { return }
        alertIndex = nil  // so `index` holds the only reference and is not copied on write
        var alerted: [Int] = []
        index.refresh(book: lending.book, thresholds: alertThresholds, prices: prices, newlyLiquidatable: &alerted)
        alertIndex = index
        growPending(lending.book.count)
        for p in alerted { startClock(p, kernel: &kernel) }
    }

    private mutating func growPending(_ n: Int) {
        if pending.count < n { pending += Array(repeating: false, count: n - pending.count) }
    }

    /// Schedules the next candidate moment of `p`'s owner, unless one is pending or the owner never acts.
    private mutating func startClock(_ p: Int, kernel: inout EventKernel<SimEvent>) {
        guard !pending[p], spec.maxHazardRate > 0 else { return }
        pending[p] = true
        kernel.schedule(.borrowerAction(position: PositionID(p)), after: stream.exponential(mean: 1 / spec.maxHazardRate), priority: .action)
    }

    /// A candidate moment of `p`'s owner: accepted with probability λ(HF)/λ_max, the owner restores the target
    /// health factor by adding collateral (to their largest holding) or by repaying debt; rejected, the clock
    /// runs on while HF stays below the alert level.
    mutating func act(_ position: PositionID, lending: inout LendingProtocol, prices: OraclePrices, kernel: inout EventKernel<SimEvent>) {
        let p = position.index
        pending[p] = false
        guard lending.book.status[p] == .open, lending.book.debt[p] > 0 else { return }
        let target = spec.targetHealthFactor
        let hf = lending.healthFactor(p, prices: prices)
        guard hf < spec.alertHealthFactor else { return }
        guard stream.uniform() * spec.maxHazardRate < spec.hazardRate(healthFactor: hf) else {
            startClock(p, kernel: &kernel)
            return
        }
        let weighted = lending.book.weightedCollateralUSD(p, thresholds: lending.thresholds, prices: prices)
        let debtUSD = lending.book.debt[p] * prices.debt
        if stream.uniform() < spec.topUpShare {
            let a = lending.largestCollateral(p, prices: prices)
            let amount = (target * debtUSD - weighted) / (prices.collateral[a] * lending.thresholds[a])
            if amount > 0 && amount.isFinite { lending.deposit(p, asset: a, amount: amount, prices: prices) }
        } else {
            let keep = weighted / (target * prices.debt)
            let amount = lending.book.debt[p] - keep
            if amount > 0 && amount <= lending.book.debt[p] { lending.repay(p, amount: amount, prices: prices) }
        }
        alertIndex?.update(p, book: lending.book, thresholds: alertThresholds, prices: prices)
    }

    /// Schedules the next new borrower (Poisson arrivals), if any arrive and before the horizon.
    func scheduleNewBorrower(now: Double, horizon: Double, kernel: inout EventKernel<SimEvent>) {
        guard spec.enabled && spec.newPositionsPerDay > 0 else { return }
        let gap = stream.exponential(mean: 86_400 / spec.newPositionsPerDay)
        if now + gap <= horizon { kernel.schedule(.newBorrower, after: gap, priority: .action) }
    }

    /// A new position drawn like the initial population, opened in `lending`; its index, or nil (snapshot
    /// scenarios, or a draw that failed).
    mutating func openNewPosition(_ lending: inout LendingProtocol, collateral: [CollateralAsset], prices: OraclePrices,
                                  kernel: inout EventKernel<SimEvent>) -> Int? {
        guard var population, let stream = populationStream else { return nil }
        population.count = 1
        guard let drawn = try? population.generate(assets: collateral, prices: prices, stream: stream), drawn.count == 1 else { return nil }
        let amounts = (0..<drawn.assetCount).map { drawn.collateral(0, $0) }
        let p = lending.openPosition(collateral: amounts, debt: drawn.debt[0], prices: prices)
        alertIndex?.update(p, book: lending.book, thresholds: alertThresholds, prices: prices)
        growPending(lending.book.count)
        if alertIndex?.isFlagged(p) == true { startClock(p, kernel: &kernel) }
        return p
    }
}
