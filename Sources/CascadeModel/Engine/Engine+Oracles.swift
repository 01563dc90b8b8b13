import Foundation
import SimKernel
import Stochastic

extension Engine {
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

    /// After the oracle prices changed: the index reports newly liquidatable positions (O(k log n), no scan);
    /// the mechanism notes them and the protocol acts, and the bots are told.
    func publishRefresh() {
        newlyLiquidatable.removeAll(keepingCapacity: true)
        lending.refreshLiquidatable(prices: oraclePrices, into: &newlyLiquidatable)
        if spec.borrowers.enabled { refreshBorrowerAlerts() }
        guard !newlyLiquidatable.isEmpty else { return }
        liquidatableFound(newlyLiquidatable)
    }

    /// Routes positions that became liquidatable: the mechanism notes them, the protocol acts on them (a
    /// backstop pool absorbs), and the bots that watch oracle posts are woken.
    func liquidatableFound(_ positions: [Int]) {
        mechanism.noteLiquidatable(positions, context)
        mechanism.protocolActs(context)
        notifyBots()
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
            if healthFactor(position, prices: scratchPrices) < 1 { return g }
        }
        return deepest
    }

    /// Health factor of `position` at `prices`, read in place: a method called on the protocol value stored
    /// in this class would copy it first (retaining every array it holds), once per call.
    func healthFactor(_ position: Int, prices: OraclePrices) -> Double {
        Self.healthFactor(position, in: &lending, prices: prices)
    }

    private static func healthFactor(_ position: Int, in lending: inout LendingProtocol, prices: OraclePrices) -> Double {
        lending.healthFactor(position, prices: prices)
    }
}
