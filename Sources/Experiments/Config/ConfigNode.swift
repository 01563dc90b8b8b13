import TOMLKit

/// A parsed scenario value, independent of TOMLKit so that overrides, validation and normalized output work
/// on plain Swift values.
public indirect enum ConfigNode: Equatable, Sendable {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case datetime(String)
    case array([ConfigNode])
    case table(ConfigTable)

    /// How a problem message names the kind of value found ("a string \"abc\"", "a table", ...).
    var foundDescription: String {
        switch self {
        case .int(let v): return "\(v)"
        case .double(let v): return "\(v)"
        case .bool(let v): return "\(v)"
        case .string(let s): return "a string \"\(s)\""
        case .datetime(let s): return "a date-time \(s)"
        case .array(let a): return "an array of \(a.count) value\(a.count == 1 ? "" : "s")"
        case .table: return "a table"
        }
    }
}

/// A TOML table with its keys in a stable (sorted) order.
public struct ConfigTable: Equatable, Sendable {
    public private(set) var entries: [String: ConfigNode] = [:]

    public init() {}

    public var keys: [String] { entries.keys.sorted() }
    public subscript(key: String) -> ConfigNode? {
        get { entries[key] }
        set { entries[key] = newValue }
    }
}

extension ConfigTable {
    /// Converts a table parsed by TOMLKit.
    init(_ toml: TOMLTable) {
        for key in toml.keys {
            if let value = toml[key] { self[key] = ConfigNode(value) }
        }
    }
}

extension ConfigNode {
    init(_ value: TOMLValueConvertible) {
        switch value.type {
        case .table: self = .table(ConfigTable(value.table!))
        case .array: self = .array(value.array!.map { ConfigNode($0) })
        case .string: self = .string(value.string!)
        case .int: self = .int(value.int!)
        case .double: self = .double(value.double!)
        case .bool: self = .bool(value.bool!)
        case .date, .time, .dateTime: self = .datetime(value.debugDescription)
        }
    }
}
