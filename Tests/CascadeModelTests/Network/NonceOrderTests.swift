import TestSupport
import Testing
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
