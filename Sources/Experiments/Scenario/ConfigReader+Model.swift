import Foundation
import Stochastic

/// Reader helpers shared by the model sections: time keys that take a duration or seconds, amounts that may be
/// `inf`, files named relative to the scenario, and the defaults of an absent `[[array]]`.
extension ConfigReader {
    /// Seconds, written as a number or a duration string ("90s", "1h"). Unlike ``duration(_:default:check:)``
    /// a number is not range-checked here: the component's own `validate()` owns the range, so a bad value is
    /// reported once, in the component's words. With `allowInfinity`, TOML's `inf` is accepted (e.g. a
    /// half-life that never decays).
    func seconds(_ key: String, default defaultValue: Double? = nil, allowInfinity: Bool = false) -> Double {
        if case .string? = table[key] { return duration(key, default: defaultValue) }
        return number(key, default: defaultValue, allowInfinity: allowInfinity)
    }

    /// A number whose range the component checks; with `allowInfinity`, `inf` is accepted as such.
    func number(_ key: String, default defaultValue: Double? = nil, allowInfinity: Bool = false) -> Double {
        if allowInfinity {
            if case .double(let d)? = table[key], d == .infinity {
                markRead(key, writing: .double(d))
                return d
            }
            if table[key] == nil, let d = defaultValue, d == .infinity {
                markRead(key, writing: .double(d))
                return d
            }
        }
        return double(key, default: defaultValue)
    }

    /// An integer whose range the component checks (a missing required one reads as 0, not `Int.min`).
    func integer(_ key: String, default defaultValue: Int? = nil) -> Int {
        if table[key] == nil && defaultValue == nil {
            _ = int(key)
            return 0
        }
        return int(key, default: defaultValue)
    }

    /// Reports a component's `validate()` problems (keys relative to this table), except those on a key that
    /// already has a problem, or below one: a value the reader already rejected (wrong type, missing) was
    /// replaced by a placeholder, and the component's complaint about the placeholder would only be noise.
    func reportComponent(_ problems: [ParameterProblem]) {
        let reported = Set(context.problems.map(\.keyPath))
        for p in problems {
            let path = keyPath(p.key)
            let covered = reported.contains { $0 == path || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
            if !covered { context.report(path, p.message) }
        }
    }

    /// Reads the file name `key` (required), resolves it against `directory` (the scenario file's folder;
    /// absolute names stay as they are), and writes the absolute path into the normalized scenario, so a
    /// `scenario.toml` copied into a run folder still finds the file.
    func filePath(_ key: String, relativeTo directory: String) -> String {
        let name = string(key)
        let url = name.hasPrefix("/")
            ? URL(fileURLWithPath: name)
            : URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(name)
        let path = url.standardizedFileURL.path
        if !name.isEmpty { markRead(key, writing: .string(path)) }
        return path
    }

    /// `[[key]]` entries, or — when the file has none — one entry read from an empty table, so the defaults
    /// of that single entry are filled into the normalized scenario.
    func sectionsOrOneDefault(_ key: String) -> [ConfigReader] {
        if table[key] != nil { return sections(key) }
        _ = sections(key)  // marks the absent key as read
        let child = NormalizedTable()
        output.set(key, .tables([child]))
        return [ConfigReader(context: context, path: "\(keyPath(key))[0]", table: ConfigTable(), output: child)]
    }
}

/// The folder of a scenario file, against which the files it names are resolved.
func scenarioDirectory(of path: String) -> String {
    path.isEmpty ? FileManager.default.currentDirectoryPath
        : URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
}
