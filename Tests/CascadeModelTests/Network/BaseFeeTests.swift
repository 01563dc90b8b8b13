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

    /// With nothing pending the chain draws only what the bids decide (``StochasticDemand/idleSummary``): for
    /// every block, the same eligible count, chunk gas and gas offered as the bids drawn from a twin stream,
    /// and the stream left where drawing the bids leaves it. Base fees are drawn across the fees' range, and
    /// every tenth block sits exactly on a fee the twin is about to draw (the comparison's boundary).
    @Test func idleSummariesDecideWhatTheBidsWould() throws {
        let demand = StochasticDemand(noiseSigma: 0.3, chunks: 12)
        let fast = try RandomStream(seed: 17), twin = try RandomStream(seed: 17), peek = try RandomStream(seed: 17)
        let pick = try RandomStream(seed: 3)
        var boundaryHits = 0
        for k in 0..<5_000 {
            // `peek` draws the bids `twin` is about to draw, to put the base fee exactly on one of their fees.
            let upcoming = demand.bids(stressAbsLogReturn: 0.01, stream: peek)
            var base = 200 * pick.uniform() * pick.uniform()
            if k % 10 == 0 { base = pick.uniform() < 0.5 ? upcoming[k % 12].maxFeeGwei : upcoming[k % 12].maxPriorityFeeGwei }
            let summary = try #require(demand.idleSummary(stressAbsLogReturn: 0.01, baseFeeGwei: base, stream: fast))
            let bids = demand.bids(stressAbsLogReturn: 0.01, stream: twin)
            let eligible = bids.filter { $0.gas > 0 && $0.maxFeeGwei >= base }
            if bids.contains(where: { $0.maxFeeGwei == base || $0.maxPriorityFeeGwei == base }) { boundaryHits += 1 }
            #expect(summary.eligible == eligible.count, "block \(k), base fee \(base)")
            #expect(summary.chunkGas == bids[0].gas)
            #expect(summary.offered == bids.reduce(0.0) { $0 + max(0, $1.gas) })
        }
        #expect(fast.nextRaw() == twin.nextRaw())
        #expect(boundaryHits > 50, "the boundary case should come up")
        // Other fee distributions draw the bids.
        #expect(StochasticDemand(priorityFeeGwei: .exponential(mean: 2)).idleSummary(stressAbsLogReturn: 0, baseFeeGwei: 10, stream: fast) == nil)
    }
}
