import Stochastic

/// Reads one TOML table of a scenario with explicit type and range checks, records every problem instead of
/// stopping at the first, and writes what it read (defaults filled in) into the normalized scenario.
///
/// Components decode themselves with a reader for their own section (`reader.section("oracle")`); when done
/// they call ``finish()``, which reports every key nobody asked for, so a misspelt key is never ignored.
/// A missing or malformed value is reported and replaced by the default (or a neutral value) so that reading
/// can go on and find the file's other problems.
public final class ConfigReader {
    let context: ConfigContext
    /// This table's key path ("" for the file's root).
    public let path: String
    let table: ConfigTable
    let output: NormalizedTable
    private var consumed: Set<String> = []

    init(context: ConfigContext, path: String, table: ConfigTable, output: NormalizedTable) {
        self.context = context
        self.path = path
        self.table = table
        self.output = output
    }

    /// The full key path of `key` in this table.
    public func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Whether the file sets `key` here.
    public func contains(_ key: String) -> Bool { table[key] != nil }

    /// Records a problem with `key` of this table.
    public func problem(_ key: String, _ message: String) { context.report(keyPath(key), message) }

    /// Records problems found by a component's own `validate()`, whose keys are relative to this table.
    public func report(_ problems: [ParameterProblem]) {
        for p in problems { context.report(keyPath(p.key), p.message) }
    }

    /// Reports keys present in the file but never read. Call once, after reading every key of the table.
    public func finish(expecting known: [String]? = nil) {
        for key in table.keys where !consumed.contains(key) {
            let valid = (known ?? consumedSorted).map { "\"\($0)\"" }.joined(separator: ", ")
            let hint = valid.isEmpty ? "this section takes no keys" : "expected one of \(valid)"
            context.report(keyPath(key), "unknown key, \(hint)")
        }
    }

    private var consumedSorted: [String] { consumed.sorted() }

    /// Marks `key` as read without reading it: a key whose meaning depends on a choice that was already
    /// reported as wrong, which would only add a second, spurious "unknown key".
    func skip(_ key: String) { consumed.insert(key) }

    /// Whether `key` holds a string that is a case of `E` (or is absent), for keys chosen among alternatives.
    func isKnownChoice<E: RawRepresentable>(_ key: String, _: E.Type) -> Bool where E.RawValue == String {
        guard case .string(let s)? = table[key] else { return table[key] == nil }
        return E(rawValue: s) != nil
    }

    /// Marks every key of this table as read without reading it (for tools that need one section only).
    func ignoreRemaining() { consumed.formUnion(table.keys) }

    /// Marks `key` as read and copies `value` to the normalized scenario unchanged.
    func markRead(_ key: String, writing value: ConfigNode) {
        consumed.insert(key)
        output.set(key, .scalar(value))
    }

    // MARK: Scalars

    /// A finite number; integers are accepted. `check` returns the "expected …" text when the value is out of
    /// range (e.g. `{ $0 > 0 ? nil : "a number > 0" }`).
    public func double(_ key: String, default defaultValue: Double? = nil, check: ((Double) -> String?)? = nil) -> Double {
        consumed.insert(key)
        let value: Double
        switch table[key] {
        case nil:
            guard let d = defaultValue else {
                problem(key, "missing required key, expected a number")
                return 0
            }
            value = d
        case .int(let i)?: value = Double(i)
        case .double(let d)?: value = d
        case let other?:
            problem(key, "found \(other.foundDescription), expected a number")
            value = defaultValue ?? 0
        }
        if !value.isFinite {
            problem(key, "found \(value), expected a finite number")
        } else if let check, let expected = check(value) {
            problem(key, "found \(value), expected \(expected)")
        }
        output.set(key, .scalar(.double(value)))
        return value
    }

    /// An integer in `range`.
    public func int(_ key: String, default defaultValue: Int? = nil, in range: ClosedRange<Int> = Int.min...Int.max) -> Int {
        consumed.insert(key)
        var value: Int
        switch table[key] {
        case nil:
            guard let d = defaultValue else {
                problem(key, "missing required key, expected an integer")
                return range.lowerBound
            }
            value = d
        case .int(let i)?: value = i
        case .double(let d)? where d.rounded() == d && abs(d) < 9e15: value = Int(d)
        case let other?:
            problem(key, "found \(other.foundDescription), expected an integer")
            value = defaultValue ?? range.lowerBound
        }
        if !range.contains(value) {
            problem(key, "found \(value), expected an integer \(Self.describe(range))")
            value = Swift.min(Swift.max(value, range.lowerBound), range.upperBound)
        }
        output.set(key, .scalar(.int(value)))
        return value
    }

    /// A seed: a non-negative integer (TOML integers are signed 64-bit).
    public func seed(_ key: String, default defaultValue: UInt64) -> UInt64 {
        UInt64(int(key, default: Int(defaultValue), in: 0...Int.max))
    }

    public func bool(_ key: String, default defaultValue: Bool? = nil) -> Bool {
        consumed.insert(key)
        var value = defaultValue ?? false
        switch table[key] {
        case nil: if defaultValue == nil { problem(key, "missing required key, expected true or false") }
        case .bool(let b)?: value = b
        case let other?: problem(key, "found \(other.foundDescription), expected true or false")
        }
        output.set(key, .scalar(.bool(value)))
        return value
    }

    public func string(_ key: String, default defaultValue: String? = nil) -> String {
        consumed.insert(key)
        var value = defaultValue ?? ""
        switch table[key] {
        case nil: if defaultValue == nil { problem(key, "missing required key, expected a string") }
        case .string(let s)?: value = s
        case let other?: problem(key, "found \(other.foundDescription), expected a string")
        }
        output.set(key, .scalar(.string(value)))
        return value
    }

    /// An optional string: `nil` when absent (and then not written to the normalized file).
    public func optionalString(_ key: String) -> String? {
        guard table[key] != nil else { consumed.insert(key); return nil }
        return string(key)
    }

    /// An optional integer in `range`: `nil` when absent (and then not written to the normalized file).
    public func optionalInt(_ key: String, in range: ClosedRange<Int> = Int.min...Int.max) -> Int? {
        guard table[key] != nil else { consumed.insert(key); return nil }
        return int(key, in: range)
    }

    /// One of an enum's raw values; the message lists the accepted values.
    public func choice<E: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: E? = nil) -> E where E.RawValue == String {
        consumed.insert(key)
        let all = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        var value = defaultValue ?? E.allCases.first!
        switch table[key] {
        case nil: if defaultValue == nil { problem(key, "missing required key, expected one of \(all)") }
        case .string(let s)?:
            if let e = E(rawValue: s) { value = e } else { problem(key, "found \"\(s)\", expected one of \(all)") }
        case let other?: problem(key, "found \(other.foundDescription), expected one of \(all)")
        }
        output.set(key, .scalar(.string(value.rawValue)))
        return value
    }

    /// A duration in seconds, written as a number of seconds or a string with a unit: "90s", "15m", "1h",
    /// "7d" (also "500ms", "2w"). `check` as for ``double(_:default:check:)``.
    public func duration(_ key: String, default defaultValue: Double? = nil, check: ((Double) -> String?)? = nil) -> Double {
        consumed.insert(key)
        var value = defaultValue ?? 0
        var parsed = true
        switch table[key] {
        case nil:
            parsed = defaultValue != nil
            if defaultValue == nil { problem(key, "missing required key, expected a duration such as \"90s\", \"15m\", \"1h\", \"7d\" or seconds") }
        case .int(let i)?: value = Double(i)
        case .double(let d)?: value = d
        case .string(let s)?:
            if let seconds = DurationText.seconds(s) { value = seconds } else {
                parsed = false
                problem(key, "found \"\(s)\", expected a duration such as \"90s\", \"15m\", \"1h\", \"7d\" or seconds")
            }
        case let other?:
            parsed = false
            problem(key, "found \(other.foundDescription), expected a duration such as \"90s\", \"15m\", \"1h\", \"7d\" or seconds")
        }
        if !parsed {
            // Already reported; range checks on a placeholder would only add noise.
        } else if !value.isFinite {
            problem(key, "found \(value), expected a finite duration")
        } else if value < 0 {
            problem(key, "found \(value) s, expected a duration ≥ 0")
        } else if let check, let expected = check(value) {
            problem(key, "found \(value) s, expected \(expected)")
        }
        output.set(key, .scalar(.double(value)))
        return value
    }

    /// An array of finite numbers.
    public func doubles(_ key: String, default defaultValue: [Double]? = nil) -> [Double] {
        consumed.insert(key)
        var values = defaultValue ?? []
        switch table[key] {
        case nil: if defaultValue == nil { problem(key, "missing required key, expected an array of numbers") }
        case .array(let items)?:
            values = []
            for (i, item) in items.enumerated() {
                switch item {
                case .int(let v): values.append(Double(v))
                case .double(let v) where v.isFinite: values.append(v)
                default: context.report("\(keyPath(key))[\(i)]", "found \(item.foundDescription), expected a finite number")
                }
            }
        case let other?: problem(key, "found \(other.foundDescription), expected an array of numbers")
        }
        output.set(key, .scalar(.array(values.map { .double($0) })))
        return values
    }

    /// An array of strings.
    public func strings(_ key: String, default defaultValue: [String]? = nil) -> [String] {
        consumed.insert(key)
        var values = defaultValue ?? []
        switch table[key] {
        case nil: if defaultValue == nil { problem(key, "missing required key, expected an array of strings") }
        case .array(let items)?:
            values = []
            for (i, item) in items.enumerated() {
                if case .string(let s) = item { values.append(s) } else {
                    context.report("\(keyPath(key))[\(i)]", "found \(item.foundDescription), expected a string")
                }
            }
        case let other?: problem(key, "found \(other.foundDescription), expected an array of strings")
        }
        output.set(key, .scalar(.array(values.map { .string($0) })))
        return values
    }

    /// A square or rectangular matrix of finite numbers, as an array of rows.
    public func matrix(_ key: String, default defaultValue: [[Double]]? = nil) -> [[Double]] {
        consumed.insert(key)
        var rows = defaultValue ?? []
        switch table[key] {
        case nil: if defaultValue == nil { problem(key, "missing required key, expected an array of rows of numbers") }
        case .array(let items)?:
            rows = []
            for (i, item) in items.enumerated() {
                guard case .array(let cells) = item else {
                    context.report("\(keyPath(key))[\(i)]", "found \(item.foundDescription), expected a row of numbers")
                    continue
                }
                var row: [Double] = []
                for (j, cell) in cells.enumerated() {
                    switch cell {
                    case .int(let v): row.append(Double(v))
                    case .double(let v) where v.isFinite: row.append(v)
                    default: context.report("\(keyPath(key))[\(i)][\(j)]", "found \(cell.foundDescription), expected a finite number")
                    }
                }
                rows.append(row)
            }
        case let other?: problem(key, "found \(other.foundDescription), expected an array of rows of numbers")
        }
        output.set(key, .scalar(.array(rows.map { .array($0.map { .double($0) }) })))
        return rows
    }

    // MARK: Tables

    /// The sub-table `key`, or `nil` when absent and not `required` (a missing required one is reported and
    /// an empty reader returned, so defaults are still filled in).
    public func section(_ key: String, required: Bool = false) -> ConfigReader? {
        consumed.insert(key)
        let child = NormalizedTable()
        switch table[key] {
        case nil:
            if required { problem(key, "missing required section [\(keyPath(key))]") } else { return nil }
            output.set(key, .table(child))
            return ConfigReader(context: context, path: keyPath(key), table: ConfigTable(), output: child)
        case .table(let t)?:
            output.set(key, .table(child))
            return ConfigReader(context: context, path: keyPath(key), table: t, output: child)
        case let other?:
            problem(key, "found \(other.foundDescription), expected a table [\(keyPath(key))]")
            return nil
        }
    }

    /// A sub-table that is read if present and otherwise filled with defaults (for sections every scenario
    /// has, such as `[network]`).
    public func sectionOrDefaults(_ key: String) -> ConfigReader {
        section(key) ?? {
            let child = NormalizedTable()
            output.set(key, .table(child))
            return ConfigReader(context: context, path: keyPath(key), table: ConfigTable(), output: child)
        }()
    }

    /// An array of tables (`[[key]]`), empty when absent.
    public func sections(_ key: String, required: Bool = false) -> [ConfigReader] {
        consumed.insert(key)
        switch table[key] {
        case nil:
            if required { problem(key, "missing required [[\(keyPath(key))]] entries") }
            return []
        case .array(let items)?:
            var readers: [ConfigReader] = []
            var outputs: [NormalizedTable] = []
            for (i, item) in items.enumerated() {
                guard case .table(let t) = item else {
                    context.report("\(keyPath(key))[\(i)]", "found \(item.foundDescription), expected a table")
                    continue
                }
                let child = NormalizedTable()
                outputs.append(child)
                readers.append(ConfigReader(context: context, path: "\(keyPath(key))[\(i)]", table: t, output: child))
            }
            output.set(key, .tables(outputs))
            return readers
        case let other?:
            problem(key, "found \(other.foundDescription), expected an array of tables [[\(keyPath(key))]]")
            return []
        }
    }

    /// A distribution written as an inline table, `{ type = "lognormal", zeta = 0, sigma = 0.5 }`, or a bare
    /// number meaning a constant.
    public func distribution(_ key: String, default defaultValue: Distribution? = nil) -> Distribution {
        consumed.insert(key)
        let fallback = defaultValue ?? .constant(value: 0)
        let families = Distribution.Family.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        switch table[key] {
        case nil:
            if defaultValue == nil { problem(key, "missing required key, expected a distribution such as { type = \"exponential\", mean = 2 }") }
            writeDistribution(key, fallback)
            return fallback
        case .int(let v)?:
            writeDistribution(key, .constant(value: Double(v)))
            return .constant(value: Double(v))
        case .double(let v)?:
            if !v.isFinite { problem(key, "found \(v), expected a finite number") }
            writeDistribution(key, .constant(value: v))
            return .constant(value: v)
        case .table(let t)?:
            let inner = ConfigReader(context: context, path: keyPath(key), table: t, output: NormalizedTable())
            inner.consumed.insert("type")
            guard case .string(let name)? = t["type"], let family = Distribution.Family(rawValue: name) else {
                inner.problem("type", "found \(t["type"]?.foundDescription ?? "nothing"), expected one of \(families)")
                writeDistribution(key, fallback)
                return fallback
            }
            let values = family.parameters.map { inner.double($0.name, default: $0.defaultValue) }
            inner.finish(expecting: ["type"] + family.parameters.map(\.name))
            do {
                let d = try Distribution(family: family, values: values)
                writeDistribution(key, d)
                return d
            } catch let error as DistributionError {
                for p in error.problems { inner.problem(p.parameter, p.message) }
            } catch {}
            writeDistribution(key, fallback)
            return fallback
        case let other?:
            problem(key, "found \(other.foundDescription), expected a distribution such as { type = \"exponential\", mean = 2 }")
            writeDistribution(key, fallback)
            return fallback
        }
    }

    private func writeDistribution(_ key: String, _ d: Distribution) {
        let t = NormalizedTable()
        t.set("type", .scalar(.string(d.family.rawValue)))
        for (p, v) in zip(d.family.parameters, d.parameterValues) { t.set(p.name, .scalar(.double(v))) }
        output.set(key, .inline(t))
    }

    private static func describe(_ r: ClosedRange<Int>) -> String {
        if r.upperBound == Int.max { return "≥ \(r.lowerBound)" }
        return "in [\(r.lowerBound), \(r.upperBound)]"
    }
}
