import ArgumentParser
import Experiments

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files and print each as normalized, with defaults filled in.",
        discussion: "Every problem in a file is listed (file:line: key.path: found …, expected …). A file with a [sweep] has every design point checked too, as `cascade sweep` would. Exits non-zero if any file has a problem."
    )

    @Argument(help: "Scenario files (.toml).")
    var files: [String]

    @OptionGroup var overrideOptions: OverrideOptions

    @Flag(help: "Only check; do not print the normalized scenarios.")
    var quiet = false

    func run() throws {
        let overrides: [Override]
        do { overrides = try overrideOptions.overrides() } catch { throw fail("\(error)") }
        var failed = 0
        for file in files {
            do {
                let loaded = try Scenario.load(path: file, overrides: overrides)
                if loaded.value.sweep != nil {
                    // Every design point, decoded and checked as the sweep would before running anything.
                    _ = try PreparedSweep.prepare(path: file, overrides: overrides, metricNames: CascadeStudy.model.metricNames,
                                                  details: CascadeStudy.model.details)
                }
                if !quiet {
                    FileHandleOutput.standardOutput.write(loaded.normalized.toml(comment: "\(file) (normalized)") + "\n\n")
                }
            } catch {
                failed += 1
                FileHandleOutput.standardError.write("\(error)\n")
            }
        }
        if failed > 0 {
            FileHandleOutput.standardError.write("\(failed) of \(files.count) scenario file\(files.count == 1 ? "" : "s") invalid\n")
            throw ExitCode(2)
        }
    }
}
