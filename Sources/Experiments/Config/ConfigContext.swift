/// What every reader of one scenario file shares: where problems are reported and where the normalized copy
/// is written.
final class ConfigContext {
    let file: String
    let locator: SourceLocator
    /// Key paths set by `--set`; their problems say so instead of giving a line.
    let overridden: Set<String>
    private(set) var problems: [ConfigProblem] = []

    init(file: String, locator: SourceLocator, overridden: Set<String>) {
        self.file = file
        self.locator = locator
        self.overridden = overridden
    }

    func report(_ keyPath: String, _ message: String) {
        if overridden.contains(keyPath) {
            problems.append(ConfigProblem(file: file, keyPath: keyPath, line: nil, message: message + " (set with --set)"))
        } else {
            problems.append(ConfigProblem(file: file, keyPath: keyPath, line: locator.line(of: keyPath), message: message))
        }
    }
}
