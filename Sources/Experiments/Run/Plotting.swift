import Foundation

/// `cascade plot`: runs the matplotlib plotter in `scripts/plots/` (set up in `.venv-plots/` on first use).
public enum Plotting {
    /// The repository folder holding `scripts/plots/plot_results.py`: the working directory or a parent of
    /// the executable (`.build/release/cascade` lives three levels below it).
    static func repositoryRoot() -> String? {
        var candidates = [FileManager.default.currentDirectoryPath]
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.path)
            dir = dir.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/scripts/plots/plot_results.py") }
    }

    /// Runs the plotter; returns its exit status.
    public static func run(folders: [String], out: String?) throws -> Int32 {
        guard let root = repositoryRoot() else {
            throw OutputError(path: "scripts/plots/plot_results.py", reason: "not found next to the working directory or the cascade executable; run from the repository")
        }
        let setup = try launch("/bin/bash", [root + "/scripts/plots/setup_venv.sh"], in: root)
        guard setup == 0 else { throw OutputError(path: root + "/.venv-plots", reason: "setting up matplotlib failed (exit \(setup)); see the messages above") }
        var arguments = [root + "/scripts/plots/plot_results.py"] + folders
        if let out { arguments += ["--out", out] }
        return try launch(root + "/.venv-plots/bin/python", arguments, in: FileManager.default.currentDirectoryPath)
    }

    private static func launch(_ executable: String, _ arguments: [String], in directory: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
