/// What every reader of one scenario file shares: where problems are reported and where the normalized copy
/// is written.
final class ConfigContext {
    let file: String
    let locator: SourceLocator
    /// Key paths set by `--set`; their problems say so instead of giving a line.
    let overridden: Set<String>
    /// Key paths set by a sweep's design point; the caller names the point, so their problems add nothing.
    let designKeys: Set<String>
    private(set) var problems: [ConfigProblem] = []

    init(file: String, locator: SourceLocator, overridden: Set<String>, designKeys: Set<String> = []) {
        self.file = file
        self.locator = locator
        self.overridden = overridden
        self.designKeys = designKeys
    }

    func report(_ keyPath: String, _ message: String) {
        // A table the file does not have, made by an override below it (`--set simulaton.seed=3` makes a
        // `simulaton` table), is the override's too.
        func madeBy(_ paths: Set<String>) -> Bool {
            paths.contains(keyPath) || locator.lines[keyPath] == nil
                && paths.contains { $0.hasPrefix(keyPath + ".") || $0.hasPrefix(keyPath + "[") }
        }
        if madeBy(designKeys) {
            problems.append(ConfigProblem(file: file, keyPath: keyPath, line: nil, message: message))
        } else if madeBy(overridden) {
            problems.append(ConfigProblem(file: file, keyPath: keyPath, line: nil, message: message + " (set with --set)"))
        } else {
            problems.append(ConfigProblem(file: file, keyPath: keyPath, line: locator.line(of: keyPath), message: message))
        }
    }
}
