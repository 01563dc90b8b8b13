import Foundation
import Testing
@testable import Stochastic

@Suite("Scripted moves")
struct ScriptedMoveTests {
    let hour = 3600.0
    var moves: [ScriptedMove] {
        [.linear(change: -0.43, startSeconds: 2 * hour, durationSeconds: 14 * hour), .step(change: -0.2, atSeconds: 6 * hour)]
    }

    @Test("−43% linearly over 14 h from 2 h, then −20% at 6 h, on a constant price")
    func pureScript() throws {
        let plan = try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: .constant(.init(price: 200)), moves: moves)], tickSeconds: hour)
        let p = try PathTestSupport.run(plan, ticks: 20)[0]
        #expect(p[0] == 200 && p[2] == 200)
        #expect(abs(p[5] - 200 * (1 - 0.43 * 3 / 14)) < 1e-12)
        #expect(abs(p[6] - 200 * (1 - 0.43 * 4 / 14) * 0.8) < 1e-12)
        #expect(abs(p[9] - 200 * (1 - 0.43 * 0.5) * 0.8) < 1e-12)
        #expect(abs(p[16] - 200 * 0.57 * 0.8) < 1e-12 && p[20] == p[16])
    }

    @Test("moves multiply a stochastic path drawn from the same stream")
    func onTopOfGBM() throws {
        let gbm = PriceModel.gbm(GBMSpec(initialPrice: 200, annualVolatility: 0.9))
        let bare = try PathTestSupport.run(try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: gbm)], tickSeconds: hour), ticks: 20)[0]
        let moved = try PathTestSupport.run(try PathTestSupport.plan([AssetPathSpec(name: "ETH", model: gbm, moves: moves)], tickSeconds: hour), ticks: 20)[0]
        for i in 0...20 {
            let m = moves.reduce(1.0) { $0 * $1.multiplier(atSeconds: Double(i) * hour) }
            #expect(abs(moved[i] - bare[i] * m) < 1e-12 * bare[i])
        }
    }

    @Test("a move to zero or below is rejected")
    func validation() {
        let spec = AssetPathSpec(name: "ETH", model: .constant(.init(price: 1)),
                                 moves: [.step(change: -1, atSeconds: 0), .linear(change: 0.1, startSeconds: -1, durationSeconds: 0)])
        #expect(spec.validate().map(\.key) == ["moves[0].change", "moves[1].start_seconds", "moves[1].duration_seconds"])
    }
}
