import Foundation
import Stochastic

/// One point of a sweep design: the values it gives the swept keys (or a named case's overrides).
public struct DesignPoint: Sendable, Equatable {
    /// 0-based position in the design; `run_id = index × replications + replication`.
    public let index: Int
    /// The case name for `design = "cases"`, empty otherwise.
    public let caseName: String
    /// Swept key → value, in the order the parameters are listed.
    public let assignments: [(key: String, value: ConfigNode)]

    public var overrides: [Override] { assignments.map { Override(keyPath: $0.key, value: $0.value) } }

    public static func == (a: DesignPoint, b: DesignPoint) -> Bool {
        a.index == b.index && a.caseName == b.caseName && a.assignments.map(\.key) == b.assignments.map(\.key)
            && a.assignments.map(\.value) == b.assignments.map(\.value)
    }
}

extension SweepSpec {
    /// The design's points, in a fixed order.
    ///
    /// - grid: the full factorial; the first parameter varies slowest, the last fastest (nested loops in the
    ///   order the parameters are listed).
    /// - sobol / halton: the first `samples` points of GSL's sequence mapped onto each range.
    /// - latin-hypercube: `samples` points, one in each of `samples` equal strata of every range, strata
    ///   paired by independent random permutations from the stream "sweep/latin-hypercube" of `seed`.
    /// - cases: one point per `[[sweep.cases]]` entry.
    public func points(seed: UInt64) throws -> [DesignPoint] {
        switch design {
        case .cases:
            return cases.enumerated().map { i, c in
                DesignPoint(index: i, caseName: c.name, assignments: c.overrides.map { ($0.keyPath, $0.value) })
            }
        case .grid:
            let axes: [[ConfigNode]] = parameters.map { p in
                if let values = p.values { return values }
                return (0..<p.steps).map { i in p.node(at: Double(i) / Double(p.steps - 1)) }
            }
            var out: [DesignPoint] = []
            var counters = Array(repeating: 0, count: axes.count)
            let total = axes.reduce(1) { $0 * $1.count }
            for index in 0..<total {
                out.append(DesignPoint(index: index, caseName: "", assignments: counters.enumerated().map { d, c in
                    (parameters[d].key, axes[d][c])
                }))
                var d = axes.count - 1
                while d >= 0 {
                    counters[d] += 1
                    if counters[d] < axes[d].count { break }
                    counters[d] = 0
                    d -= 1
                }
            }
            return out
        case .sobol, .halton:
            let sequence = try QuasiRandomSequence(kind: design == .sobol ? .sobol : .halton, dimension: parameters.count)
            return try (0..<samples).map { i in
                let u = try sequence.next()
                return DesignPoint(index: i, caseName: "", assignments: zip(parameters, u).map { ($0.key, $0.node(at: $1)) })
            }
        case .latinHypercube:
            let stream = try RandomStream(type: .mt19937, seed: SeedDerivation.seed(root: seed, replication: 0, stream: "sweep/latin-hypercube"))
            let n = samples
            let columns: [[Double]] = parameters.map { _ in
                var strata = Array(0..<n)
                for i in stride(from: n - 1, to: 0, by: -1) { strata.swapAt(i, stream.uniformInt(below: i + 1)) }
                return strata.map { (Double($0) + stream.uniform()) / Double(n) }
            }
            return (0..<n).map { i in
                DesignPoint(index: i, caseName: "", assignments: parameters.enumerated().map { j, p in (p.key, p.node(at: columns[j][i])) })
            }
        }
    }

    /// Total runs: points × replications.
    public func runCount(seed: UInt64) throws -> Int { try points(seed: seed).count * replications }
}

extension SweepSpec.Parameter {
    /// The value at position `u` ∈ [0, 1] of the range (log-uniform when `logScale`).
    func node(at u: Double) -> ConfigNode {
        let x = logScale ? Foundation.exp(Foundation.log(min) + u * (Foundation.log(max) - Foundation.log(min))) : min + u * (max - min)
        return integer ? .int(Int(x.rounded())) : .double(x)
    }
}
