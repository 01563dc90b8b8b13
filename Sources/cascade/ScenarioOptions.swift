import ArgumentParser
import Experiments

/// Options shared by every command that reads a scenario.
struct OverrideOptions: ParsableArguments {
    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override a scenario key, e.g. --set oracles[0].heartbeat_seconds=30m (repeatable).", valueName: "key.path=value"))
    var rawOverrides: [String] = []

    func overrides() throws -> [Override] {
        try rawOverrides.map { try Override(parsing: $0) }
    }
}

/// Prints a user-facing error to stderr and exits non-zero, without a stack trace.
func fail(_ message: String) -> ExitCode {
    FileHandleOutput.standardError.write(message.hasSuffix("\n") ? message : message + "\n")
    return ExitCode(2)
}
