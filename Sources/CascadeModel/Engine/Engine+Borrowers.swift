import Foundation
import SimKernel
import Stochastic

extension Engine {
    /// Owners whose health factor fell below the alert level (found by a second liquidation-price index
    /// with thresholds LT / alert, so again no scan) may react after their latency.
    func refreshBorrowerAlerts() {
        guard var index = alertIndex else { return }
        var alerted: [Int] = []
        let alertThresholds = spec.protocolSpec.collateral.map { $0.liquidationThreshold / spec.borrowers.alertHealthFactor }
        index.refresh(book: lending.book, thresholds: alertThresholds, prices: oraclePrices, newlyLiquidatable: &alerted)
        alertIndex = index
        if borrowerPending.count < lending.book.count { borrowerPending += Array(repeating: false, count: lending.book.count - borrowerPending.count) }
        for p in alerted where !borrowerPending[p] {
            let hf = healthFactor(p, prices: oraclePrices)
            guard borrowerStream.uniform() < spec.borrowers.actionProbability(healthFactor: hf) else { continue }
            borrowerPending[p] = true
            let delay = max(0, spec.borrowers.reactionLatency.sample(borrowerStream))
            kernel.schedule(.borrowerAction(position: Int32(p)), after: delay, priority: .action)
        }
    }

    /// The owner restores the target health factor by adding collateral (to their largest holding) or by
    /// repaying debt.
    func onBorrowerAction(_ p: Int) {
        borrowerPending[p] = false
        guard lending.book.status[p] == .open, lending.book.debt[p] > 0 else { return }
        let target = spec.borrowers.targetHealthFactor
        let hf = healthFactor(p, prices: oraclePrices)
        guard hf < spec.borrowers.alertHealthFactor else { return }
        let weighted = lending.book.weightedCollateralUSD(p, thresholds: lending.thresholds, prices: oraclePrices)
        let debtUSD = lending.book.debt[p] * oraclePrices.debt
        if borrowerStream.uniform() < spec.borrowers.topUpShare {
            let a = lending.largestCollateral(p, prices: oraclePrices)
            let amount = (target * debtUSD - weighted) / (oraclePrices.collateral[a] * lending.thresholds[a])
            if amount > 0 && amount.isFinite { lending.deposit(p, asset: a, amount: amount, prices: oraclePrices) }
        } else {
            let keep = weighted / (target * oraclePrices.debt)
            let amount = lending.book.debt[p] - keep
            if amount > 0 && amount <= lending.book.debt[p] { lending.repay(p, amount: amount, prices: oraclePrices) }
        }
        let thresholds = spec.protocolSpec.collateral.map { $0.liquidationThreshold / spec.borrowers.alertHealthFactor }
        alertIndex?.update(p, book: lending.book, thresholds: thresholds, prices: oraclePrices)
        checkConservation()
    }

    func scheduleNewBorrower() {
        let gap = borrowerStream.exponential(mean: 86_400 / spec.borrowers.newPositionsPerDay)
        if now + gap <= spec.horizonSeconds { kernel.schedule(.newBorrower, after: gap, priority: .action) }
    }

    /// A new position drawn like the initial population (population scenarios only).
    func onNewBorrower() {
        defer { scheduleNewBorrower() }
        guard case .population(var population) = spec.positions, let stream = populationStream else { return }
        population.count = 1
        guard let drawn = try? population.generate(assets: spec.protocolSpec.collateral, prices: oraclePrices, stream: stream),
              drawn.count == 1 else { return }
        let collateral = (0..<drawn.assetCount).map { drawn.collateral(0, $0) }
        let p = lending.openPosition(collateral: collateral, debt: drawn.debt[0], prices: oraclePrices)
        let thresholds = spec.protocolSpec.collateral.map { $0.liquidationThreshold / spec.borrowers.alertHealthFactor }
        alertIndex?.update(p, book: lending.book, thresholds: thresholds, prices: oraclePrices)
        publishRefresh()
        // A position liquidatable from the start crosses no trigger, so the refresh does not report it.
        if lending.index.isFlagged(p) { liquidatableFound([p]) }
    }
}
