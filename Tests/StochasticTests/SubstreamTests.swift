import Stochastic
import XCTest

final class SubstreamTests: XCTestCase {
    func draws(_ stream: RandomStream, _ n: Int = 1_000) -> [UInt] { (0..<n).map { _ in stream.nextRaw() } }

    func testSameRootReplicationAndNameGiveTheSameSequence() throws {
        let a = try StreamFactory(rootSeed: 42, replication: 3).stream("price")
        let b = try StreamFactory(rootSeed: 42, replication: 3).stream("price")
        XCTAssertEqual(a.seed, b.seed)
        XCTAssertEqual(draws(a), draws(b))
    }

    func testDifferentNamesReplicationsAndRootsGiveDifferentSequences() throws {
        let base = draws(try StreamFactory(rootSeed: 42, replication: 0).stream("price"))
        let others = [
            try StreamFactory(rootSeed: 42, replication: 0).stream("oracle"),
            try StreamFactory(rootSeed: 42, replication: 0).stream("Price"),
            try StreamFactory(rootSeed: 42, replication: 1).stream("price"),
            try StreamFactory(rootSeed: 43, replication: 0).stream("price"),
            try StreamFactory(rootSeed: 42, replication: 0).stream("liquidator/1"),
        ]
        for other in others { XCTAssertNotEqual(draws(other), base, "seed \(other.seed)") }
        // And the derived seeds themselves are distinct over a small grid (low 32 bits: what mt19937 uses).
        var seen = Set<UInt64>()
        for r in 0..<50 {
            for name in ["price", "oracle", "gas", "liquidator/0", "liquidator/1", "liquidator/2"] {
                seen.insert(SeedDerivation.seed(root: 42, replication: r, stream: name) & 0xFFFF_FFFF)
            }
        }
        XCTAssertEqual(seen.count, 300)
    }

    /// Regression pins (computed by this code, not from an outside source): changing the derivation would
    /// silently change every published run, so it must be a deliberate act that updates these values.
    // Also reproduced by an independent 10-line Python transcription of the doc comment's formula.
    static let pinPrice: UInt64 = 0xF53E_A73A_C5EE_DABF
    static let pinOracle: UInt64 = 0x0F0F_F672_A481_23A2

    func testSeedDerivationIsPinned() {
        XCTAssertEqual(SeedDerivation.seed(root: 42, replication: 0, stream: "price"), Self.pinPrice)
        XCTAssertEqual(SeedDerivation.seed(root: 42, replication: 7, stream: "oracle"), Self.pinOracle)
    }

    /// Pearson correlation of n paired uniforms from two substreams. Under independence r is approximately
    /// N(0, 1/n) (Fisher 1915), so |r| < 4/√n fails a correct implementation with probability 6e-5.
    func testPairedUniformsFromTwoSubstreamsAreUncorrelated() throws {
        let n = 200_000
        let factory = StreamFactory(rootSeed: 20_260_101, replication: 0)
        for (left, right) in [("price", "oracle"), ("liquidator/1", "liquidator/2")] {
            let a = try factory.stream(left), b = try factory.stream(right)
            var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
            for _ in 0..<n {
                let x = a.uniform(), y = b.uniform()
                sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y
            }
            let m = Double(n)
            let r = (sxy - sx * sy / m) / ((sxx - sx * sx / m) * (syy - sy * sy / m)).squareRoot()
            XCTAssertLessThan(abs(r), 4 / m.squareRoot(), "\(left) vs \(right): r = \(r)")
        }
    }

    func testCreatingOtherStreamsDoesNotChangeAStreamsDraws() throws {
        let factory = StreamFactory(rootSeed: 7, replication: 2)
        let alone = draws(try factory.stream("price"), 500)

        let price = try factory.stream("price")
        var interleaved: [UInt] = []
        var extras: [RandomStream] = []
        for i in 0..<500 {
            if i % 50 == 0 {
                let extra = try factory.stream("liquidator/\(i)")
                _ = extra.uniform()
                extras.append(extra)
            }
            interleaved.append(price.nextRaw())
        }
        XCTAssertEqual(interleaved, alone)
    }

    func testFactoryUsesItsGeneratorType() throws {
        let stream = try StreamFactory(rootSeed: 1, replication: 0, generator: .ranlxd2).stream("x")
        XCTAssertEqual(stream.type, .ranlxd2)
        XCTAssertEqual(stream.gslName, "ranlxd2")
    }
}
