@testable import CascadeModel

func price(_ p: Double) -> PriceDecomposition { PriceDecomposition(exogenousPrice: p) }

extension Array where Element == OracleEvent {
    /// The posts published, in order.
    var publishedPosts: [OraclePost] {
        compactMap { if case .published(let p) = $0 { return p } else { return nil } }
    }
    var submittedRounds: [OracleRound] {
        compactMap { if case .submitRound(let r) = $0 { return r } else { return nil } }
    }
    var triggeredRounds: [OracleRound] {
        compactMap { if case .roundTriggered(let r) = $0 { return r } else { return nil } }
    }
}

/// Drives an oracle over a scripted input path, waking it whenever it asks, until `horizon`; returns every post.
func drive(_ oracle: inout Oracle, path: [(time: Double, price: Double)], until horizon: Double) -> [OraclePost] {
    var posts: [OraclePost] = []
    var inputs = path[...]
    while true {
        let wake = oracle.nextWakeTime ?? .infinity
        let tick = inputs.first?.time ?? .infinity
        let next = min(wake, tick)
        guard next <= horizon else { break }
        // Ticks before wakes at the same instant (priority .exogenous before .observation).
        if tick <= wake {
            let input = inputs.removeFirst()
            posts += oracle.observe(price(input.price), at: input.time).publishedPosts
        } else {
            posts += oracle.wake(at: wake).publishedPosts
        }
    }
    return posts
}
