import ArgumentParser

@main
struct Cascade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cascade",
        abstract: "A discrete-event simulator of DeFi liquidation cascades.",
        discussion: "Describe a market and a lending protocol in a TOML scenario (see Scenarios/README.md), then validate, run or sweep it.",
        version: "0.1.0",
        subcommands: [RunCommand.self, SweepCommand.self, MergeCommand.self, PathsCommand.self, PlotCommand.self, ValidateCommand.self, BenchCommand.self, LLAMMALossesCommand.self]
    )
}
