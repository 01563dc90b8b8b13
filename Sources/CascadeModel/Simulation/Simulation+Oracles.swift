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
        if keepsCandidates { for p in newlyLiquidatable { addCandidate(p) } }
        if backstop != nil {
            absorbWithBackstop()
        }
        notifyBots()
    }

    /// Appends `p` to the candidates unless it is one already.
    func addCandidate(_ p: Int) {
        if isCandidate.count <= p {
            let n = max(p + 1, lending.book.count)
            isCandidate += Array(repeating: false, count: n - isCandidate.count)
            candidateEntry += Array(repeating: -1, count: n - candidateEntry.count)
        }
        guard !isCandidate[p] else { return }
        isCandidate[p] = true
        candidateEntry[p] = Int32(candidates.count)
        candidates.append(Int32(p))
    }

    /// Positions still liquidatable, in discovery order; prunes the ones that no longer are.
    func liveCandidates() -> [Int] {
        pruneCandidates()
        compactCandidates()
        return candidates.map(Int.init)
    }

    /// Drops from the candidates the positions no longer flagged, keeping the order of the rest.
    ///
    /// Every candidate was flagged when it was added or at the last prune, so only the positions the index
    /// has unflagged since then can have to go: they are looked at, not the whole list (the liquidatable
    /// backlog of a large book). Their entries in `candidates` become stale and are compacted away once
    /// they are half of it.
    func pruneCandidates() {
        guard keepsCandidates else { return }
        unflaggedScratch.removeAll(keepingCapacity: true)
        lending.drainUnflagged(into: &unflaggedScratch)
        for p32 in unflaggedScratch {
            let p = Int(p32)
            guard p < isCandidate.count, isCandidate[p], !lending.index.isFlagged(p) else { continue }
            isCandidate[p] = false
            staleCandidateEntries += 1
        }
        if staleCandidateEntries > 64 && 2 * staleCandidateEntries > candidates.count { compactCandidates() }
    }

    /// Removes the stale entries of `candidates` (positions pruned, or re-added later in the list).
    func compactCandidates() {
        guard staleCandidateEntries > 0 else { return }
        var kept = 0
        for i in candidates.indices {
            let p = Int(candidates[i])
            guard isCandidate[p], candidateEntry[p] == Int32(i) else { continue }
            candidates[kept] = candidates[i]
            candidateEntry[p] = Int32(kept)
            kept += 1
        }
        candidates.removeLast(candidates.count - kept)
        staleCandidateEntries = 0
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
