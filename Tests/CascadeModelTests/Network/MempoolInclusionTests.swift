import TestSupport
import Testing
@testable import CascadeModel

@Suite struct MempoolInclusionTests {
    func smallNetwork(baseFee: Double = 10) -> Network<String> {
        Network(config: NetworkConfig(gasLimit: 100_000, initialBaseFeeGwei: baseFee))
    }

    /// Limit 100k gas. By tip: B 3 (50k), E 2.5 (20k), C 2 (30k), D 2 (30k, after C), A 1 (50k).
    /// B + E + C = 100k fill the block; D and A wait and go in the next block (80k).
    @Test func includesByPriorityFeeUpToTheGasLimit() {
        var network = smallNetwork()
        for (name, gas, tip) in [("A", 50_000, 1.0), ("B", 50_000, 3), ("C", 30_000, 2), ("D", 30_000, 2), ("E", 20_000, 2.5)] {
            network.submit(gasUsed: gas, maxPriorityFeeGwei: tip, maxFeeGwei: 100, at: 0, payload: name)
        }
        var executed: [String] = []
        let first = network.produceBlock(at: 12) { executed.append($0.payload); return true }
        #expect(first.receipts.map(\.transaction.payload) == ["B", "E", "C"])
        #expect(executed == ["B", "E", "C"])
        #expect(first.transactionGasUsed == 100_000)
        #expect(network.mempool.pending.map(\.payload) == ["A", "D"])
        let second = network.produceBlock(at: 24)
        #expect(second.receipts.map(\.transaction.payload) == ["D", "A"])
        #expect(second.receipts.allSatisfy { $0.waitSeconds == 24 })
        #expect(network.mempool.isEmpty)
    }

    /// The tip paid is capped by max fee − base fee, and ordering uses that effective tip.
    @Test func orderingUsesTheEffectiveTip() {
        var network = smallNetwork()
        network.submit(gasUsed: 60_000, maxPriorityFeeGwei: 5, maxFeeGwei: 11, at: 0, payload: "capped")  // pays 1
        network.submit(gasUsed: 60_000, maxPriorityFeeGwei: 2, maxFeeGwei: 100, at: 1, payload: "plain")  // pays 2
        let block = network.produceBlock(at: 12)
        #expect(block.receipts.map(\.transaction.payload) == ["plain"])
        #expect(block.receipts[0].effectivePriorityFeeGwei == 2)
        #expect(network.mempool.pending[0].effectivePriorityFeeGwei(baseFeeGwei: 10) == 1)
    }

    /// Max fee 9 < base fee 10: it waits. The empty block lowers the base fee to 10 · 7/8 = 8.75 ≤ 9.
    @Test func transactionBelowTheBaseFeeWaits() {
        var network = smallNetwork()
        network.submit(gasUsed: 21_000, maxPriorityFeeGwei: 1, maxFeeGwei: 9, at: 0, payload: "cheap")
        let first = network.produceBlock(at: 12)
        #expect(first.receipts.isEmpty && first.nextBaseFeeGwei == 8.75)
        let second = network.produceBlock(at: 24)
        #expect(second.receipts.map(\.transaction.payload) == ["cheap"])
        // Tip = min(1, 9 − 8.75) = 0.25.
        #expect(second.receipts[0].effectivePriorityFeeGwei == 0.25)
    }

    /// A race loser reverts but pays: 100,000 gas · (10 + 2) gwei = 1.2e6 gwei = 0.0012 ETH = 2.4 USD at 2,000.
    @Test func revertedTransactionStillPaysGas() {
        var network = smallNetwork()
        network.submit(gasUsed: 50_000, maxPriorityFeeGwei: 3, maxFeeGwei: 100, at: 0, payload: "winner")
        network.submit(gasUsed: 50_000, maxPriorityFeeGwei: 2, maxFeeGwei: 100, at: 0, payload: "loser")
        var taken = false
        let block = network.produceBlock(at: 12) { _ in
            defer { taken = true }
            return !taken
        }
        #expect(block.receipts.map(\.succeeded) == [true, false])
        let loser = block.receipts[1]
        #expect(loser.gasPaidGwei == 600_000)
        #expect(isClose(loser.gasPaidUSD(ethPriceUSD: 2000), 1.2))
        let big = Receipt(transaction: Transaction(id: 9, gasUsed: 100_000, maxPriorityFeeGwei: 2, maxFeeGwei: 50,
                                                   submittedAt: 0, payload: "x"),
                          succeeded: false, blockNumber: 1, includedAt: 12, baseFeeGwei: 10, effectivePriorityFeeGwei: 2)
        #expect(big.gasPaidGwei == 1_200_000 && isClose(big.gasPaidETH, 0.0012) && isClose(big.gasPaidUSD(ethPriceUSD: 2000), 2.4))
    }

    /// Background demand at a higher tip fills the block first; divisible, it takes exactly what is left.
    @Test func backgroundCompetesByTip() {
        var network = smallNetwork()
        network.submit(gasUsed: 40_000, maxPriorityFeeGwei: 2, maxFeeGwei: 100, at: 0, payload: "ours")
        let rich = GasBid(gas: 70_000, maxPriorityFeeGwei: 5, maxFeeGwei: 100)
        let poor = GasBid(gas: 70_000, maxPriorityFeeGwei: 1, maxFeeGwei: 100)
        let first = network.produceBlock(at: 12, background: [poor, rich])
        #expect(first.receipts.isEmpty)  // 70k rich leaves 30k < 40k; poor takes the 30k
        #expect(first.backgroundGasUsed == 100_000 && first.backgroundGasOffered == 140_000)
        let second = network.produceBlock(at: 24, background: [poor])
        #expect(second.receipts.map(\.transaction.payload) == ["ours"])
        #expect(second.backgroundGasUsed == 60_000)
    }
}
