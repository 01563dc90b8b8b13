import Testing
import Stochastic
@testable import CascadeModel

@Suite struct OracleConfigTests {
    @Test func validationKeysMatchTheScenarioFile() {
        let bad = OracleConfig(asset: "ETH", spec: .fixedDelay(intervalSeconds: 0, delaySeconds: -1),
                               latencySeconds: .exponential(mean: -2),
                               outages: .random(ratePerDay: -1, durationSeconds: .constant(value: 60)),
                               roundTransaction: .init(gasUsed: 0, maxPriorityFeeGwei: 5, maxFeeGwei: 4))
        #expect(bad.validate().map(\.key) == ["interval_seconds", "delay_seconds", "latency_seconds.mean", "outages.rate_per_day",
                                               "round_gas_used", "round_max_fee_gwei"])
        #expect(OracleSpec.twap(windowSeconds: 0).validate().map(\.key) == ["window_seconds"])
        #expect(OracleSpec.twap(windowSeconds: 30, updateIntervalSeconds: 60).validate().map(\.key) == ["window_seconds"])
        #expect(OracleSpec.deviationHeartbeat(deviationThreshold: -0.1).validate().map(\.key) == ["deviation_threshold"])
    }

    @Test func buildsTheOracleWithItsOutages() throws {
        let config = OracleConfig(asset: "ETH", spec: .instant,
                                  outages: .scripted([.init(startSeconds: 10, endSeconds: 20)]))
        #expect(config.validate().isEmpty && config.streamName == "oracle/ETH")
        let oracle = config.makeOracle(initial: PriceDecomposition(exogenousPrice: 100), horizon: 100, stream: nil)
        #expect(oracle.isFrozen(at: 15) && !oracle.isFrozen(at: 20))
        let random = OracleConfig(asset: "ETH", spec: .instant,
                                  outages: .random(ratePerDay: 24, durationSeconds: .constant(value: 60)))
        let drawn = random.makeOracle(initial: PriceDecomposition(exogenousPrice: 100), horizon: 86_400,
                                      stream: try RandomStream(seed: 3))
        #expect(!drawn.outages.windows.isEmpty)
    }
}
