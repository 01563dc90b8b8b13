import TestSupport
import SimKernel
import Testing
@testable import CascadeModel

/// A Chainlink-style oracle and the network driven together by the event kernel, the way the integrator will.
///
/// Script: price 100 until t = 5 s, then 101 (+1% > 0.5%), so a round triggers at 5 and its transaction
/// (200,000 gas, tip 2 gwei, max fee 100 gwei) enters the mempool at 5. Blocks every 12 s, 30M gas, base fee
/// 10 gwei. While congested (blocks before `congestedUntil`), other users offer 30M gas per block at tip 5 gwei:
/// they fill every block ahead of the oracle.
///
/// By hand: uncongested, the round lands in the block at 12 → published 7 s after the trigger. Congested until
/// 60, blocks 12, 24, 36 and 48 are full of background gas, each raising the base fee by 12.5%:
/// 10 · 1.125⁴ = 16.01806640625 gwei at the block at 60, which includes the round (max fee 100 ≥ 16.02, tip
/// min(2, 100 − 16.02) = 2) → published 55 s after the trigger, paying 200,000 · 18.01806640625 gwei.
@Suite struct OracleNetworkIntegrationTests {
    enum Event { case price(Double), oracleWake, block }
    enum TxPayload: Equatable { case oracleRound(Int) }

    struct Outcome {
        var published: [OraclePost] = []
        var receipts: [Receipt<TxPayload>] = []
        var triggeredAt: [Double] = []
    }

    func run(congestedUntil: Double) -> Outcome {
        var kernel = EventKernel<Event>()
        var oracle = Oracle(spec: .deviationHeartbeat(deviationThreshold: 0.005, heartbeatSeconds: 3600),
                            initial: PriceDecomposition(exogenousPrice: 100), at: 0)
        var network = Network<TxPayload>(config: NetworkConfig(initialBaseFeeGwei: 10))
        var outcome = Outcome()
        var wakeHandle: EventHandle?

        func handle(_ events: [OracleEvent], _ kernel: inout EventKernel<Event>) {
            for event in events {
                switch event {
                case .roundTriggered(let round): outcome.triggeredAt.append(round.triggeredAt)
                case .submitRound(let round):
                    network.submit(gasUsed: 200_000, maxPriorityFeeGwei: 2, maxFeeGwei: 100, at: kernel.now,
                                   payload: .oracleRound(round.id))
                case .published(let post): outcome.published.append(post)
                }
            }
            if let h = wakeHandle { kernel.cancel(h) }
            wakeHandle = oracle.nextWakeTime.map { kernel.schedule(.oracleWake, at: $0, priority: .observation) }
        }

        kernel.schedule(.price(101), at: 5, priority: .exogenous)
        kernel.schedule(.block, at: network.nextBlockTime, priority: .settlement)
        handle([], &kernel)
        kernel.run(until: 120) { kernel, event in
            switch event.payload {
            case .price(let p):
                handle(oracle.observe(PriceDecomposition(exogenousPrice: p), at: kernel.now), &kernel)
            case .oracleWake:
                wakeHandle = nil
                handle(oracle.wake(at: kernel.now), &kernel)
            case .block:
                let background = kernel.now < congestedUntil
                    ? [GasBid(gas: 30_000_000, maxPriorityFeeGwei: 5, maxFeeGwei: 1000)] : []
                let block = network.produceBlock(at: kernel.now, background: background)
                for receipt in block.receipts {
                    outcome.receipts.append(receipt)
                    if case .oracleRound(let id) = receipt.transaction.payload {
                        handle(oracle.roundIncluded(id, at: kernel.now), &kernel)
                    }
                }
                kernel.schedule(.block, at: network.nextBlockTime, priority: .settlement)
            }
        }
        return outcome
    }

    @Test func uncongestedRoundLandsInTheNextBlock() {
        let outcome = run(congestedUntil: 0)
        #expect(outcome.triggeredAt == [5])
        #expect(outcome.published.map(\.publishedAt) == [12])
        #expect(outcome.published.first.map { isClose($0.price, 101) } == true)
    }

    @Test func congestionDelaysTheOraclePost() {
        let outcome = run(congestedUntil: 60)
        #expect(outcome.triggeredAt == [5])
        let post = try! #require(outcome.published.first)
        #expect(post.observedAt == 5 && post.publishedAt == 60)
        #expect(post.publishedAt - post.observedAt == 55)
        #expect(isClose(post.price, 101))  // the price signed at trigger time
        let receipt = try! #require(outcome.receipts.first)
        #expect(receipt.blockNumber == 5 && receipt.waitSeconds == 55)
        #expect(receipt.baseFeeGwei == 16.01806640625)
        #expect(receipt.effectivePriorityFeeGwei == 2)
        #expect(receipt.gasPaidGwei == 200_000 * 18.01806640625)
    }
}
