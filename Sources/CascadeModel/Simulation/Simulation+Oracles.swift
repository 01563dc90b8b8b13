import Foundation
import SimKernel
import Stochastic

extension Simulation {
    func onOracleWake(_ a: Int) {
        oracleWake[a] = nil
        handleOracleEvents(a, oracles[a].wake(at: now, stream: oracleStreams[a]))
    }

    /// Acts on what an oracle reports: round transactions go to the mempool; a publication updates the
    /// prices the protocol acts on and looks for newly liquidatable positions.
    func handleOracleEvents(_ a: Int, _ events: [OracleEvent]) {
        var published = false
        for event in events {
            switch event {
            case .roundTriggered:
                break
            case .submitRound(let round):
                let tx = roundTransactions[a]
                submit(gas: tx.gasUsed, tip: tx.maxPriorityFeeGwei, maxFee: tx.maxFeeGwei,
                       payload: .oracleRound(asset: Int32(a), round: Int32(round.id)))
            case .published(let post):
                oracleValues[a] = post.value
                oraclePrices.collateral[a] = post.price
                published = true
            }
        }
        if published { publishRefresh() }
        rescheduleOracle(a)
    }

    /// Keeps exactly one wake-up event per oracle, at its `nextWakeTime`.
    func rescheduleOracle(_ a: Int) {
        let next = oracles[a].nextWakeTime
        if let handle = oracleWake[a] {
            if let next, handle.time == next { return }
            kernel.cancel(handle)
            oracleWake[a] = nil
        }
        if let next, next <= spec.horizonSeconds {
            oracleWake[a] = kernel.schedule(.oracleWake(asset: Int32(a)), at: max(next, now), priority: .observation)
        }
    }

    /// After the oracle prices changed: the index reports newly liquidatable positions (O(k log n), no scan),
    /// the backstop pool absorbs them or the bots are told.
    func publishRefresh() {
        newlyLiquidatable.removeAll(keepingCapacity: true)
        lending.refreshLiquidatable(prices: oraclePrices, into: &newlyLiquidatable)
        if spec.borrowers.enabled { refreshBorrowerAlerts() }
        guard !newlyLiquidatable.isEmpty else { return }
        if isCandidate.count < lending.book.count { isCandidate += Array(repeating: false, count: lending.book.count - isCandidate.count) }
        for p in newlyLiquidatable where !isCandidate[p] {
            isCandidate[p] = true
            candidates.append(Int32(p))
        }
        if backstop != nil {
            absorbWithBackstop()
        }
        notifyBots()
    }

    /// Positions still liquidatable, in discovery order; prunes the ones that no longer are.
    func liveCandidates() -> [Int] {
        pruneCandidates()
        return candidates.map(Int.init)
    }

    /// Drops from `candidates` the positions no longer flagged, keeping the order of the rest.
    func pruneCandidates() {
        let index = lending.index  // one copy, not one per candidate
        var kept = 0
        for i in candidates.indices {
            let p = Int(candidates[i])
            if index.isFlagged(p) {
                candidates[kept] = candidates[i]
                kept += 1
            } else {
                isCandidate[p] = false
            }
        }
        candidates.removeLast(candidates.count - kept)
    }

    /// The causal generation of liquidating `position` now: the smallest G such that the position is also
    /// liquidatable at the oracle prices rebuilt from their exogenous part and the impact of generations
    /// below G (docs/MODEL.md, "Cascade depth").
    func generationOf(_ position: Int) -> Int {
        let deepest = oracleValues.reduce(0) { max($0, $1.generationCount) }
        if deepest == 0 { return 0 }
        scratchPrices.debt = oraclePrices.debt
        for g in 0..<deepest {
            for a in oracleValues.indices { scratchPrices.collateral[a] = oracleValues[a].counterfactualPrice(belowGeneration: g) }
            if lending.healthFactor(position, prices: scratchPrices) < 1 { return g }
        }
        return deepest
    }

    /// The backstop pool absorbs every liquidatable position it can (Liquity's stability pool needs no
    /// external liquidator); what it cannot absorb follows the pool's fallback.
    func absorbWithBackstop() {
        guard var pool = backstop else { return }
        var results: [LiquidationResult] = []
        for p in liveCandidates() {
            let g = generationOf(p)
            results.removeAll(keepingCapacity: true)
            guard let absorbed = pool.absorb(p, time: now, prices: oraclePrices, protocol: &lending, results: &results) else { break }
            metrics.liquidations += 1
            metrics.liquidatedDebt += absorbed.debtAbsorbed * oraclePrices.debt
            addGenerationDebt(g, absorbed.debtAbsorbed * oraclePrices.debt)
            if absorbed.healthFactorAfter < absorbed.healthFactorBefore { metrics.toxicLiquidations += 1 }
            for r in results {
                let value = r.collateralSeized * reference[r.asset].price()
                metrics.seizedCollateralValue += value
                record(LiquidationRecord(timeSeconds: now, position: p, mechanism: "backstop", asset: assetNames[r.asset],
                                         debtRepaid: r.debtRepaid, collateralSeized: r.collateralSeized,
                                         price: oraclePrices.collateral[r.asset], liquidator: "protocol", generation: g,
                                         healthFactorBefore: r.healthFactorBefore, healthFactorAfter: r.healthFactorAfter, gasPaidUSD: 0))
            }
            noteGeneration(g)
            checkConservation()
        }
        backstop = pool
    }
}
