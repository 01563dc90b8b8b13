import SimKernel
import Stochastic

/// Borrowers who defend their positions (an alert index at thresholds LT / alert health factor finds the
/// owners whose health fell below the alert level, so again no scan), and new borrowers arriving.
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

    /// Owners whose health factor fell below the alert level since the last refresh may react after their
    /// latency, with the probability their health factor gives.
    mutating func refreshAlerts(_ lending: LendingProtocol, prices: OraclePrices, kernel: inout EventKernel<SimEvent>) {
        guard var index = alertIndex else { return }
        alertIndex = nil  // so `index` holds the only reference and is not copied on write
        var alerted: [Int] = []
        index.refresh(book: lending.book, thresholds: alertThresholds, prices: prices, newlyLiquidatable: &alerted)
        alertIndex = index
        if pending.count < lending.book.count { pending += Array(repeating: false, count: lending.book.count - pending.count) }
        for p in alerted where !pending[p] {
            let hf = lending.healthFactor(p, prices: prices)
            guard stream.uniform() < spec.actionProbability(healthFactor: hf) else { continue }
            pending[p] = true
            let delay = max(0, spec.reactionLatency.sample(stream))
            kernel.schedule(.borrowerAction(position: PositionID(p)), after: delay, priority: .action)
        }
    }

    /// The owner of `p` restores the target health factor by adding collateral (to their largest holding) or
    /// by repaying debt.
    mutating func act(_ position: PositionID, lending: inout LendingProtocol, prices: OraclePrices) {
        let p = position.index
        pending[p] = false
        guard lending.book.status[p] == .open, lending.book.debt[p] > 0 else { return }
        let target = spec.targetHealthFactor
        let hf = lending.healthFactor(p, prices: prices)
        guard hf < spec.alertHealthFactor else { return }
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
    mutating func openNewPosition(_ lending: inout LendingProtocol, collateral: [CollateralAsset], prices: OraclePrices) -> Int? {
        guard var population, let stream = populationStream else { return nil }
        population.count = 1
        guard let drawn = try? population.generate(assets: collateral, prices: prices, stream: stream), drawn.count == 1 else { return nil }
        let amounts = (0..<drawn.assetCount).map { drawn.collateral(0, $0) }
        let p = lending.openPosition(collateral: amounts, debt: drawn.debt[0], prices: prices)
        alertIndex?.update(p, book: lending.book, thresholds: alertThresholds, prices: prices)
        return p
    }
}
