import Stochastic

/// `[sweep]`: a parameter study over any scenario keys, with replications at every design point.
public struct SweepSpec: Sendable, Equatable {
    public enum Design: String, CaseIterable, Sendable {
        case grid, sobol, halton
        case latinHypercube = "latin-hypercube"
        case cases
    }

    /// One swept key: explicit `values` (grid only), or a range `min`…`max` (optionally on a log scale;
    /// a grid over a range takes `steps` evenly spaced values).
    public struct Parameter: Sendable, Equatable {
        public var key: String
        public var values: [ConfigNode]?
        public var min: Double
        public var max: Double
        public var logScale: Bool
        public var steps: Int
        public var integer: Bool
    }

    /// A named set of overrides (`[[sweep.cases]]`), e.g. one liquidation mechanism per case.
    public struct Case: Sendable, Equatable {
        public var name: String
        public var overrides: [Override]
    }

    public var design: Design
    public var replications: Int
    /// Points drawn by the quasi-random and Latin-hypercube designs.
    public var samples: Int
    public var parameters: [Parameter]
    public var cases: [Case]

    static func decode(_ r: ConfigReader) -> SweepSpec {
        let design: Design = r.choice("design", default: .grid)
        let replications = r.int("replications", default: 10, in: 1...10_000_000)
        let samples = r.int("samples", default: design == .grid || design == .cases ? 1 : 64, in: 1...10_000_000)
        var parameters: [Parameter] = []
        for p in r.sections("parameters", required: design != .cases) {
            let key = p.string("key")
            if key.hasPrefix("sweep.") || key == "sweep" { p.problem("key", "found \"\(key)\", expected a key outside [sweep]") }
            if Override.components(of: key) == nil { p.problem("key", "found \"\(key)\", expected a key path such as oracles[0].heartbeat_seconds") }
            var parameter = Parameter(key: key, values: nil, min: 0, max: 0, logScale: false, steps: 0, integer: false)
            if p.contains("values") {
                parameter.values = p.nodes("values")
                if parameter.values?.isEmpty ?? true { p.problem("values", "found an empty array, expected at least one value") }
                if design != .grid { p.problem("values", "explicit values are for design = \"grid\", expected min and max for \(design.rawValue)") }
            } else {
                parameter.min = p.durationOrNumber("min")
                parameter.max = p.durationOrNumber("max")
                parameter.logScale = p.bool("log", default: false)
                parameter.integer = p.bool("integer", default: false)
                if !(parameter.max > parameter.min) { p.problem("max", "found max \(parameter.max) ≤ min \(parameter.min), expected max > min") }
                if parameter.logScale && !(parameter.min > 0) { p.problem("min", "found \(parameter.min) with log = true, expected min > 0") }
                if design == .grid { parameter.steps = p.int("steps", default: 5, in: 2...100_000) }
            }
            p.finish()
            parameters.append(parameter)
        }
        var cases: [Case] = []
        for c in r.sections("cases", required: design == .cases) {
            let name = c.string("name")
            var overrides: [Override] = []
            if let set = c.section("set", required: true) {
                for (key, value) in set.caseAssignments() {
                    if Override.components(of: key) == nil || key.hasPrefix("sweep.") {
                        set.problem(key, "expected a key path outside [sweep] such as protocol.liquidation.mechanism")
                    } else {
                        overrides.append(Override(keyPath: key, value: value))
                    }
                }
            }
            c.finish()
            cases.append(Case(name: name, overrides: overrides))
        }
        if design != .cases && !cases.isEmpty { r.problem("cases", "cases are for design = \"cases\", found design = \"\(design.rawValue)\"") }
        if design == .cases && !parameters.isEmpty { r.problem("parameters", "design = \"cases\" takes [[sweep.cases]], not parameters") }
        if design == .sobol || design == .halton {
            let kind: QuasiRandomSequence.Kind = design == .sobol ? .sobol : .halton
            if parameters.count > kind.maximumDimension {
                r.problem("parameters", "found \(parameters.count) parameters, expected at most \(kind.maximumDimension) for \(kind.rawValue)")
            }
        }
        let names = cases.map(\.name)
        if Set(names).count != names.count { r.problem("cases", "found duplicate case names, expected each name once") }
        r.finish()
        return SweepSpec(design: design, replications: replications, samples: samples, parameters: parameters, cases: cases)
    }
}

extension ConfigReader {
    /// Raw values of an array (any TOML type), for swept `values`.
    func nodes(_ key: String) -> [ConfigNode] {
        guard case .array(let items)? = table[key] else {
            if let other = table[key] { problem(key, "found \(other.foundDescription), expected an array of values") }
            _ = strings(key, default: [])
            return []
        }
        markRead(key, writing: .array(items))
        return items
    }

    /// A number, or a duration string converted to seconds.
    func durationOrNumber(_ key: String) -> Double {
        if case .string? = table[key] { return duration(key) }
        return double(key)
    }

    /// A case's `set` table as (key path, value) pairs that act exactly like `--set key.path=value`: a key
    /// that is itself a path (quoted, with a `.` or `[`: `"protocol.liquidation" = { mechanism = "…" }`) sets
    /// the whole value at that path, replacing a table; a bare key holding a table (`protocol = { … }`, or
    /// TOML's dotted keys `protocol.liquidation.mechanism = "…"`) is walked into, so only the keys it names
    /// change.
    func caseAssignments() -> [(String, ConfigNode)] {
        var out: [(String, ConfigNode)] = []
        func walk(_ t: ConfigTable, _ prefix: String) {
            for key in t.keys {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                let isPath = key.contains(".") || key.contains("[")
                if !isPath, case .table(let inner)? = t[key] { walk(inner, path) } else { out.append((path, t[key]!)) }
            }
        }
        walk(table, "")
        for key in table.keys { markRead(key, writing: table[key]!) }
        return out
    }
}
