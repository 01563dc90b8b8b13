import ArgumentParser
import Experiments

struct PathsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Write the scenario's price paths alone, to look at a generator before using it in a study.",
        discussion: "Writes paths.csv with columns replication,time_s,asset,price,regime."
    )

    @Argument(help: "Scenario file (.toml).") var scenario: String
    @Option(help: "Replications, each with its own substreams of the root seed (default: simulation.replications).") var replications: Int?
    @Option(help: "Output folder (default: Results/<scenario name>-paths).") var out: String?
    @OptionGroup var overrideOptions: OverrideOptions

    func validate() throws {
        if let r = replications, !(1...100_000).contains(r) { throw ValidationError("--replications must be in 1...100000, got \(r)") }
    }

    func run() throws {
        do {
            let loaded = try Scenario.load(path: scenario, overrides: try overrideOptions.overrides())
            let folder = out ?? "Results/\(loaded.value.simulation.name)-paths"
            let path = try PathsExport.write(scenario: loaded.value, replications: replications ?? loaded.value.simulation.replications, folder: folder)
            FileHandleOutput.standardOutput.write("Wrote \(path)\n")
        } catch { throw fail("\(error)") }
    }
}

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Turn result folders into PNG figures (matplotlib, installed into .venv-plots on first use).",
        discussion: "Sweep folders get a bad-debt heatmap or line, the cascade-depth distribution and, for cases, side-by-side distributions; run folders get prices with liquidations and bad debt over time."
    )

    @Argument(help: "Result folders written by cascade run or cascade sweep.") var folders: [String]
    @Option(help: "Folder for the figures (default: each result folder).") var out: String?

    func run() throws {
        do {
            let status = try Plotting.run(folders: folders, out: out)
            if status != 0 { throw ExitCode(status) }
        } catch let e as ExitCode { throw e } catch { throw fail("\(error)") }
    }
}

struct LLAMMALossesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llamma-losses",
        abstract: "Run llamma-simulator's soft-liquidation loss experiment on Cascade's LLAMMA and compare with its published ETH figures.",
        discussion: "Reads OHLC candles (unix_time_s,open,high,low,close[,volume]); writes losses_by_a.csv and losses_by_bands.csv. See docs/MODEL.md, \"5. Soft liquidation\"."
    )

    @Option(help: "Candles file.") var prices = "Scenarios/data/eth_usdt_5m_binance_2025-10-09_2025-10-12.csv"
    @Option(help: "Output folder.") var out = "Results/llamma-losses"

    func run() throws {
        do {
            let candles = try LLAMMALossStudy.loadCandles(path: prices)
            FileHandleOutput.standardOutput.write(try LLAMMALossStudy.compare(candles: candles, folder: out))
        } catch { throw fail("\(error)") }
    }
}
