import TestSupport
import Testing
import Stochastic
@testable import CascadeModel

/// A sender's transactions are mined in nonce order, so one priced below the base fee holds back every later
/// one, until it is mined or replaced; a replacement must raise both fee fields by at least 10% (geth's txpool
/// `PriceBump`).
@Suite struct NonceOrderTests {
    func network(baseFee: Double = 20) -> Network<String> {
        Network(config: NetworkConfig(gasLimit: 1_000_000, initialBaseFeeGwei: baseFee, nonceOrder: true))
    }

    @Test func a_stuck_head_holds_back_the_senders_later_transactions() {
        var n = network()
        n.submit(gasUsed: 50_000, maxPriorityFeeGwei: 2, maxFeeGwei: 15, at: 0, sender: 7, payload: "A0")   // below base 20
        n.submit(gasUsed: 50_000, maxPriorityFeeGwei: 5, maxFeeGwei: 100, at: 1, sender: 7, payload: "A1")
        n.submit(gasUsed: 50_000, maxPriorityFeeGwei: 1, maxFeeGwei: 100, at: 2, payload: "X")               // no nonce order
        #expect(n.mempool.pending.map(\.nonce) == [0, 1, 0])
        let b = n.produceBlock(at: 12)
        #expect(b.receipts.map(\.transaction.payload) == ["X"], "A1 pays more but waits for A0")
        #expect(Set(n.mempool.pending.map(\.payload)) == ["A0", "A1"])
    }

    @Test func replacement_needs_ten_percent_on_both_fees_and_then_unblocks_in_nonce_order() throws {
        var n = network()
        let a0 = n.submit(gasUsed: 50_000, maxPriorityFeeGwei: 2, maxFeeGwei: 15, at: 0, sender: 7, payload: "A0")
        n.submit(gasUsed: 50_000, maxPriorityFeeGwei: 5, maxFeeGwei: 100, at: 1, sender: 7, payload: "A1")
        let tipOnlyFivePercent = n.mempool.replace(id: a0, maxPriorityFeeGwei: 2.1, maxFeeGwei: 30)
        let maxFeeOnlySevenPercent = n.mempool.replace(id: a0, maxPriorityFeeGwei: 3, maxFeeGwei: 16)
        #expect(!tipOnlyFivePercent && !maxFeeOnlySevenPercent)
        let tenPercent = n.mempool.replace(id: a0, maxPriorityFeeGwei: 2.2, maxFeeGwei: 30)
        #expect(tenPercent)
        let head = try #require(n.mempool.head(of: 7))
        #expect(head.id == a0 && head.nonce == 0 && head.maxFeeGwei == 30 && head.payload == "A0")
        // Now A0 (tip 2.2) is includable; A1 (tip 5) is released after it in the same block.
        let b = n.produceBlock(at: 12)
        #expect(b.receipts.map(\.transaction.payload) == ["A0", "A1"])
        #expect(n.mempool.isEmpty)
    }

    @Test func a_released_transaction_keeps_its_place_by_priority() {
        var n = network()
        n.submit(gasUsed: 50_000, maxPriorityFeeGwei: 1, maxFeeGwei: 100, at: 0, sender: 3, payload: "S0")
        n.submit(gasUsed: 50_000, maxPriorityFeeGwei: 9, maxFeeGwei: 100, at: 1, sender: 3, payload: "S1")
        n.submit(gasUsed: 50_000, maxPriorityFeeGwei: 4, maxFeeGwei: 100, at: 2, payload: "X")
        n.submit(gasUsed: 50_000, maxPriorityFeeGwei: 0.5, maxFeeGwei: 100, at: 3, payload: "Y")
        // By tip: X 4, S0 1 (S1 9 waits for it), then S1 9 before Y 0.5.
        let b = n.produceBlock(at: 12)
        #expect(b.receipts.map(\.transaction.payload) == ["X", "S0", "S1", "Y"])
    }
}

/// The keepers' replacement policy (pymaker `GeometricGasPrice`: × 1.125 per step up to the cap): a stuck head
/// is raised once per block until it is includable or reaches the cap, where it stays stuck.
@Suite struct StuckTransactionReplacementTests {
    @Test func a_stuck_head_is_bumped_by_an_eighth_up_to_the_cap() throws {
        let chain = Chain<String>(config: NetworkConfig(gasLimit: 1_000_000, initialBaseFeeGwei: 50, nonceOrder: true),
                                  demand: .none, stream: try RandomStream(seed: 1))
        chain.submit(gas: 50_000, tip: 2, maxFee: 40, sender: 4, payload: "bid", at: 0)
        // 40 < 50: bumped to 45 (tip 2.25), still below 50; at the next block to 50.625, includable.
        #expect(chain.bumpStuck(sender: 4, factor: 1.125, cap: 60))
        #expect(chain.network.mempool.pending[0].maxFeeGwei == 45 && chain.network.mempool.pending[0].maxPriorityFeeGwei == 2.25)
        #expect(chain.bumpStuck(sender: 4, factor: 1.125, cap: 60))
        #expect(chain.network.mempool.pending[0].maxFeeGwei == 50.625)
        #expect(!chain.bumpStuck(sender: 4, factor: 1.125, cap: 60), "includable now: nothing to do")
        // A keeper already at its cap cannot raise by 10%: it stays stuck.
        chain.submit(gas: 50_000, tip: 2, maxFee: 48, sender: 5, payload: "capped", at: 0)
        #expect(!chain.bumpStuck(sender: 5, factor: 1.125, cap: 49), "48 → 49 is +2%, below geth's 10%")
        #expect(chain.network.mempool.pending[1].maxFeeGwei == 48)
    }
}
