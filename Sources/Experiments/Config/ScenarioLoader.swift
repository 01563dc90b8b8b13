/// Turns a scenario file (plus `--set` overrides) into a checked model description and its normalized copy.
public enum ScenarioLoader {
    /// The result of reading a scenario.
    public struct Loaded<Value> {
        public let value: Value
        /// The normalized scenario (defaults filled in), as written to `scenario.toml`.
        public let normalized: NormalizedTable
        public let source: ScenarioSource
    }

    /// Reads `path`, applies `overrides`, and decodes the root table with `decode`, collecting every problem.
    /// - Throws: ``ScenarioError`` with all problems found, or ``OverrideError``.
    public static func load<Value>(
        path: String, overrides: [Override] = [], decode: (ConfigReader) -> Value
    ) throws -> Loaded<Value> {
        try load(source: try ScenarioSource(path: path), overrides: overrides, decode: decode)
    }

    /// - Parameter designOverrides: a sweep design point's assignments, applied after `overrides`; their
    ///   problems carry neither a line nor "(set with --set)", as the caller names the point.
    public static func load<Value>(
        source: ScenarioSource, overrides: [Override] = [], designOverrides: [Override] = [], decode: (ConfigReader) -> Value
    ) throws -> Loaded<Value> {
        var table = source.table
        var overridden: Set<String> = []
        for o in overrides {
            try o.apply(to: &table)
            overridden.insert(o.keyPath)
        }
        for o in designOverrides { try o.apply(to: &table) }
        let context = ConfigContext(file: source.path, locator: SourceLocator(text: source.text), overridden: overridden,
                                    designKeys: Set(designOverrides.map(\.keyPath)))
        let output = NormalizedTable()
        let root = ConfigReader(context: context, path: "", table: table, output: output)
        let value = decode(root)
        root.finish()
        if !context.problems.isEmpty {
            // Report in file order (stable, so problems on one line keep the order they were found in).
            let ordered = context.problems.enumerated().sorted {
                ($0.element.line ?? Int.max, $0.offset) < ($1.element.line ?? Int.max, $1.offset)
            }.map(\.element)
            throw ScenarioError(problems: ordered)
        }
        return Loaded(value: value, normalized: output, source: source)
    }
}
