import SimKernel

extension Engine {
    /// The owner of `p` reacts to its alert; the protocol's ledger is checked after the change.
    func onBorrowerAction(_ p: PositionID) {
        borrowers.act(p, lending: &lending, prices: oracles.prices, kernel: &kernel)
        checkConservation()
    }

    /// A new borrower opens a position drawn like the population; the index refresh and the mechanism see
    /// it; the next arrival is scheduled.
    func onNewBorrower() {
        defer { borrowers.scheduleNewBorrower(now: now, horizon: spec.horizonSeconds, kernel: &kernel) }
        guard let p = borrowers.openNewPosition(&lending, collateral: spec.protocolSpec.collateral, prices: oracles.prices,
                                                     kernel: &kernel) else { return }
        publishRefresh()
        // A position liquidatable from the start crosses no trigger, so the refresh does not report it.
        if lending.isFlagged(p) { liquidatableFound([p]) }
    }
}
