import ArgumentParser

@main
struct Cascade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cascade",
        abstract: "A discrete-event simulator of DeFi liquidation cascades.",
        discussion: "Describe a market and a lending protocol in a TOML scenario (see Scenarios/README.md), then validate, run or sweep it.",
        version: "0.1.0",
        subcommands: [ValidateCommand.self, BenchCommand.self]
    )
}
