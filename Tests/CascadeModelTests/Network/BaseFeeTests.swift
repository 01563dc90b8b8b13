import Stochastic
import Testing
@testable import CascadeModel

@Suite struct BaseFeeTests {
    /// Gas limit 30M, target 15M, starting at 100 gwei:
    /// full (30M): 100 · (1 + 15/15/8) = 112.5; at target: unchanged; empty: 112.5 · (1 − 1/8) = 98.4375;
    /// 22.5M: 98.4375 · (1 + 7.5/15/8) = 98.4375 · 1.0625 = 104.58984375.
    @Test func scriptedDemandThroughBlocks() {
        var network = Network<Int>(config: NetworkConfig(initialBaseFeeGwei: 100))
        var fees: [Double] = []
        for demand in [30_000_000.0, 15_000_000, 0, 22_500_000] {
            let bid = GasBid(gas: demand, maxPriorityFeeGwei: 1, maxFeeGwei: 10_000)
            let block = network.produceBlock(at: network.nextBlockTime, background: [bid])
            #expect(block.gasUsed == demand)
            fees.append(block.nextBaseFeeGwei)
        }
        #expect(fees == [112.5, 112.5, 98.4375, 104.58984375])
        #expect(network.baseFeeGwei == 104.58984375)
        #expect(network.nextBlockNumber == 5 && network.nextBlockTime == 60)
    }

    @Test func increaseIsAtLeastOneWei() {
        // 1,000 wei base fee, one gas over target: the proportional step is 1000/15e6/8 wei < 1 wei.
        #expect(BaseFee.next(baseFeeGwei: 1e-6, gasUsed: 15_000_001, gasTarget: 15_000_000) == 1e-6 + 1e-9)
        #expect(BaseFee.next(baseFeeGwei: 1e-6, gasUsed: 15_000_000, gasTarget: 15_000_000) == 1e-6)
    }

    @Test func demandBeyondTheLimitIsCappedAtTheLimit() {
        var network = Network<Int>(config: NetworkConfig(initialBaseFeeGwei: 10))
        let block = network.produceBlock(at: 12, background: [GasBid(gas: 1e9, maxPriorityFeeGwei: 1, maxFeeGwei: 100)])
        #expect(block.gasUsed == 30_000_000 && block.nextBaseFeeGwei == 11.25)
    }
}


@Suite struct BlockProductionTests {
    /// Exponential gaps of mean 12 s: the mean of 5,000 has sd 12/√5000 ≈ 0.17 s; allow 4 sd.
    @Test func poissonBlocksHaveTheRequestedMeanGap() throws {
        let stream = try RandomStream(seed: 11)
        var network = Network<Int>(config: NetworkConfig(blockProduction: .poisson), stream: stream)
        let first = network.nextBlockTime
        for _ in 0..<5000 { network.produceBlock(at: network.nextBlockTime, stream: stream) }
        let meanGap = (network.nextBlockTime - first) / 5000
        #expect(abs(meanGap - 12) < 4 * 12 / 5000.0.squareRoot())
    }
}

/// A block with an empty mempool takes the idle path (no sort, no allocation); one whose mempool holds only a
/// transaction priced below the base fee goes through the general path with the same background bids. Both
/// must fill the block with the same gas and set the same next base fee, bit for bit, over many blocks of
/// random equal-gas chunks (the demand models' bids), and unequal bids must still be handled.
@Suite struct IdleBlockTests {
    @Test func idleBlocksMatchTheGeneralPathBitForBit() throws {
        let stream = try RandomStream(seed: 5)
        let config = NetworkConfig(gasLimit: 30_000_000)
        var idle = Network<Int>(config: config)
        var general = Network<Int>(config: config)
        general.submit(gasUsed: 21_000, maxPriorityFeeGwei: 0, maxFeeGwei: 1e-6, at: 0, payload: 0)  // never includable
        for k in 0..<3_000 {
            let chunks = 16
            let each = 4_000_000 * stream.uniform()
            let bids = (0..<chunks).map { j in
                GasBid(gas: k % 7 == 0 && j == 3 ? each / 3 : each, maxPriorityFeeGwei: 5 * stream.uniform(),
                       maxFeeGwei: 80 * stream.uniform())
            }
            let t = idle.nextBlockTime
            let a = idle.produceBlock(at: t, background: bids)
            let b = general.produceBlock(at: t, background: bids)
            #expect(a.backgroundGasUsed == b.backgroundGasUsed, "block \(k)")
            #expect(a.nextBaseFeeGwei == b.nextBaseFeeGwei, "block \(k)")
            #expect(a.backgroundGasOffered == b.backgroundGasOffered, "block \(k)")
            #expect(a.receipts.isEmpty && a.transactionGasUsed == 0)
        }
        #expect(idle.baseFeeGwei == general.baseFeeGwei)
    }
}
