import SimKernel

extension Engine {
    /// Routes what oracle `a` reported: round transactions go to the mempool; a publication changed the prices
    /// the protocol acts on, so the index looks for newly liquidatable positions; the oracle's next wake-up.
    func route(oracle a: AssetIndex, _ outcome: OracleSet.Outcome) {
        for r in outcome.rounds {
            chain.submit(gas: r.gas, tip: r.tip, maxFee: r.maxFee, payload: .oracleRound(asset: r.asset, round: r.round), at: now)
        }
        if outcome.published { publishRefresh() }
        oracles.reschedule(a, now: now, horizon: spec.horizonSeconds, kernel: &kernel)
    }

    /// After the oracle prices changed: the index reports newly liquidatable positions (O(k log n), no scan),
    /// defending borrowers look at their alerts, and what became liquidatable is routed on.
    func publishRefresh() {
        newlyLiquidatable.removeAll(keepingCapacity: true)
        let any = lending.refreshLiquidatable(prices: oracles.prices, into: &newlyLiquidatable,
                                              listing: mechanism.listsNewlyLiquidatable)
        if borrowers.spec.enabled { borrowers.refreshAlerts(lending, prices: oracles.prices, kernel: &kernel) }
        keepers.pricesMoved()
        guard any else { return }
        liquidatableFound(newlyLiquidatable)
    }

    /// Routes positions that became liquidatable: the mechanism notes them, the protocol acts on them (a
    /// backstop pool absorbs), and the bots that watch oracle posts are woken.
    func liquidatableFound(_ positions: [Int]) {
        mechanism.noteLiquidatable(positions, context)
        mechanism.protocolActs(context)
        keepers.notifyWatchers(kernel: &kernel)
    }

    /// The causal generation of liquidating `position` now: the smallest G such that the position is also
    /// liquidatable at the oracle prices rebuilt from their exogenous part and the impact of generations
    /// below G (docs/MODEL.md, "Cascade depth").
    func generationOf(_ position: Int) -> Int {
        let deepest = oracles.values.reduce(0) { max($0, $1.generationCount) }
        if deepest == 0 { return 0 }
        scratchPrices.debt = oracles.prices.debt
        for g in 0..<deepest {
            for a in oracles.values.indices { scratchPrices.collateral[a] = oracles.values[a].counterfactualPrice(belowGeneration: g) }
            if healthFactor(position, prices: scratchPrices) < 1 { return g }
        }
        return deepest
    }

    /// The causal generation of a move of asset `a`'s oracle below `priceUSD`: the smallest g whose
    /// counterfactual oracle price (without the impact of generations ≥ g) is already below it, as
    /// ``generationOf(_:)`` asks of a position's health factor.
    func generationReaching(_ a: Int, below priceUSD: Double) -> Int {
        let deepest = oracles.values[a].generationCount
        if deepest == 0 { return 0 }
        for g in 0..<deepest where oracles.values[a].counterfactualPrice(belowGeneration: g) < priceUSD { return g }
        return deepest
    }

    /// Health factor of `position` at `prices`, read in place (``inPlace(_:_:)``).
    func healthFactor(_ position: Int, prices: OraclePrices) -> Double {
        Self.inPlace(&lending) { $0.healthFactor(position, prices: prices) }
    }

    /// Reads the protocol in place (``MechanismContext/readLending(_:)``).
    func readLending<R>(_ body: (borrowing LendingProtocol) -> R) -> R { Self.inPlace(&lending, body) }

    /// Number of flagged positions, read in place (asked after every block: a copy of the protocol there cost
    /// a retain and a release of each of its arrays, a fifth of an idle block).
    var flaggedCount: Int { Self.inPlace(&lending) { $0.flaggedCount } }
}
