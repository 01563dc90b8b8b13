import CascadeModel
import Foundation
import Stochastic
import XCTest
@testable import Experiments

/// The model sections of a scenario file, decoded into ``ModelSpec``: values, defaults, normalization and
/// every kind of problem (unknown key, wrong type, out-of-range value, names across sections, files).
final class ModelSectionsTests: XCTestCase {
    /// The repository's `Scenarios/` folder (this file is Tests/ExperimentsTests/Scenario/…).
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios").path
    static let data = scenarios + "/data"

    /// The smallest complete model: one GBM asset, one pool, fixed spread, a population.
    static let minimal = """
    [simulation]
    horizon = "1d"

    [price]
    [[price.assets]]
    name = "ETH"
    model = "gbm"
    initial_price = 2000
    annual_volatility = 0.8

    [market]
    [[market.pools]]
    name = "weth_usdc"
    depth_usd = 50_000_000

    [protocol]
    [[protocol.collateral]]
    name = "ETH"
    ltv = 0.8
    liquidation_threshold = 0.825
    liquidation_bonus = 0.05
    [protocol.liquidation]
    mechanism = "fixed-spread"

    [positions]
    count = 100
    size = { type = "lognormal", zeta = 8.5, sigma = 1 }
    initial_health_factor = { type = "pareto", shape = 3, scale = 1.05 }

    """

    private var folder: String!

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "cascade-model-sections-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Writes `text` as `<folder>/s.toml` (so relative files resolve in `folder`) and loads it.
    private func load(_ text: String, file: String = "s.toml", overrides: [String] = []) throws -> ScenarioLoader.Loaded<Scenario> {
        let path = folder + "/" + file
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try Scenario.load(path: path, overrides: try overrides.map(Override.init(parsing:)))
    }

    /// The problems as `line: key: message` (the file name is the temporary path, so it is dropped).
    private func problems(_ text: String, overrides: [String] = []) -> [String] {
        do {
            _ = try load(text, overrides: overrides)
            XCTFail("expected problems in:\n\(text)")
            return []
        } catch let error as ScenarioError {
            return error.problems.map { p in
                (p.line.map { "\($0): " } ?? "") + "\(p.keyPath): \(p.message)"
            }
        } catch {
            XCTFail("unexpected error \(error)")
            return []
        }
    }

    /// The line of `needle`'s first occurrence in `text` (1-based), so expectations do not hard-code lines.
    private func line(of needle: String, in text: String) -> Int {
        let lines = text.components(separatedBy: "\n")
        return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    // MARK: A complete scenario

    func testCompleteScenarioDecodesToTheExpectedModel() throws {
        let text = """
        [simulation]
        horizon = "2d"
        tick = "5m"

        [price]
        start_unix_seconds = 1583971200
        correlation = [[1, 0.6], [0.6, 1]]
        [[price.assets]]
        name = "ETH"
        model = "gbm"
        initial_price = 194.5
        annual_drift = -0.1
        annual_volatility = 0.9
        [[price.assets.moves]]
        shape = "linear"
        change = -0.43
        start_seconds = "2h"
        duration_seconds = 50400
        [[price.assets]]
        name = "WBTC"
        model = "merton"
        initial_price = 5000
        annual_volatility = 0.7
        jump_intensity_per_year = 12
        jump_size = { type = "lognormal", zeta = -0.2, sigma = 0.1 }
        [price.debt]
        name = "DAI"
        model = "replay"
        file = "\(Self.data)/dai_usd_10m_stablesims_2020-03-12.csv"
        price_column = "high"
        timestamps = "point"
        gap_policy = "log-linear"
        after_end = "hold"

        [market]
        [[market.pools]]
        name = "eth_pool"
        asset = "ETH"
        depth_usd = 60_000_000
        [[market.pools]]
        name = "btc_pool"
        asset = "WBTC"
        collateral_reserve = 1000
        stable_reserve = 5_000_000
        fee = 0.0005
        [market.arbitrage]
        enabled = false
        latency = { type = "exponential", mean = 15 }
        capital_usd = 20_000_000
        min_profit_usd = 50
        gas_per_trade = 120_000
        priority_fee_gwei = 3
        [market.impact]
        volume_for_10pct_move_usd = 250_000_000
        impact_half_life_seconds = "1h"
        [market.liquidity]
        withdrawal_fraction = 0.4

        [protocol]
        [[protocol.collateral]]
        name = "ETH"
        ltv = 0.75
        liquidation_threshold = 0.8
        liquidation_bonus = 0.1
        [[protocol.collateral]]
        name = "WBTC"
        ltv = 0.7
        liquidation_threshold = 0.75
        liquidation_bonus = 0.08
        debt_ceiling_usd = 1e8
        [protocol.liquidation]
        mechanism = "dutch-auction"
        chop = 1.13
        buf = 1.3
        curve = { type = "linear", tau = "1h" }
        tail_seconds = "2h20m"
        [protocol.insurance]
        initial_balance = 1e6

        [positions]
        count = 500
        size = { type = "lognormal", zeta = 9, sigma = 1.2 }
        size_measure = "collateral"
        initial_health_factor = 1.4
        asset_weights = [3, 1]
        mix = "basket"

        [[oracles]]
        asset = "ETH"
        type = "chainlink"
        deviation_threshold = 0.01
        heartbeat_seconds = "4h"
        latency_seconds = { type = "exponential", mean = 5 }
        outages = { type = "scripted", windows = [[3600, 5400]] }
        [[oracles]]
        asset = "WBTC"
        type = "osm"
        interval_seconds = 3600

        [network]
        block_time_seconds = 13
        block_production = "poisson"
        gas_limit = 10_000_000
        gas_asset = "ETH"
        [network.demand]
        type = "replay"
        file = "\(Self.data)/eth_gasprice_10m_stablesims_2020-03-12.csv"
        gas_per_block = 10_000_000

        [[liquidators]]
        name = "fast"
        count = 3
        reaction_latency = { type = "exponential", mean = 2 }
        gas_bidding = "profit-share"
        profit_share = 0.5
        [[liquidators]]
        name = "keeper"
        monitoring = "poll"
        poll_interval = "15m"
        gas_bidding = "fixed"
        priority_fee_gwei = 1.5
        capital = "inventory"
        capital_usd = 1e6
        sell_seized_collateral = false
        opening_bid_share = 0

        [borrowers]
        enabled = true
        alert_health_factor = 1.2

        [metrics]
        sample_interval = "5m"
        """
        let loaded = try load(text)
        let m = loaded.value.model
        // The normalized copy (durations in seconds, absolute file paths, every default) reads back the same.
        let normalized = loaded.normalized.toml()
        let again = try load(normalized, file: "normalized.toml")
        XCTAssertEqual(again.normalized.toml(), normalized)
        XCTAssertEqual(again.value.model.paths, m.paths)
        XCTAssertEqual(again.value.model.protocolSpec, m.protocolSpec)
        XCTAssertEqual(again.value.model.oracles, m.oracles)
        XCTAssertEqual(again.value.model.liquidators, m.liquidators)
        XCTAssertEqual(again.value.model.demand, m.demand)
        XCTAssertEqual(m.horizonSeconds, 172_800)
        XCTAssertEqual(m.tickSeconds, 300)

        XCTAssertEqual(m.paths.startUnixSeconds, 1_583_971_200)
        XCTAssertEqual(m.paths.correlation, [[1, 0.6], [0.6, 1]])
        XCTAssertEqual(m.paths.assets[0], AssetPathSpec(
            name: "ETH", model: .gbm(GBMSpec(initialPrice: 194.5, annualDrift: -0.1, annualVolatility: 0.9)),
            moves: [.linear(change: -0.43, startSeconds: 7200, durationSeconds: 50_400)]))
        XCTAssertEqual(m.paths.assets[1].model, .merton(MertonSpec(
            initialPrice: 5000, annualVolatility: 0.7, jumpIntensityPerYear: 12, jumpSize: .lognormal(zeta: -0.2, sigma: 0.1))))
        guard case .replay(let dai) = m.paths.debtAsset.model else { return XCTFail("\(m.paths.debtAsset.model)") }
        XCTAssertEqual(m.paths.debtAsset.name, "DAI")
        XCTAssertEqual(dai.gapPolicy, .logLinear)
        XCTAssertEqual(dai.afterEnd, .hold, "the 1-day file ends before the 2-day horizon")
        XCTAssertEqual(dai.history.prices.first, 1.013868)  // the "high" column of the first row
        XCTAssertEqual(dai.history.unixSeconds.first, 1_583_971_200)

        XCTAssertEqual(m.pools, [
            ModelSpec.MarketPool(asset: "ETH", pool: PoolSpec(name: "eth_pool", size: .depthUSD(60_000_000), fee: 0.003)),
            ModelSpec.MarketPool(asset: "WBTC", pool: PoolSpec(name: "btc_pool", size: .reserves(collateral: 1000, stable: 5_000_000), fee: 0.0005)),
        ])
        XCTAssertEqual(m.arbitrage, ModelSpec.ArbitrageSettings(
            enabled: false, trader: ArbitrageurSpec(latency: .exponential(mean: 15), capitalUSD: 20_000_000, minProfitUSD: 50),
            gasPerTrade: 120_000, priorityFeeGwei: 3))
        XCTAssertEqual(m.impact, PriceImpactSpec(volumeFor10PctMoveUSD: 250_000_000, impactHalfLifeSeconds: 3600))
        XCTAssertEqual(m.liquidity, LiquiditySpec(withdrawalFraction: 0.4))

        XCTAssertEqual(m.protocolSpec.debtAssetName, "DAI")
        XCTAssertEqual(m.protocolSpec.collateral, [
            CollateralAsset(name: "ETH", loanToValue: 0.75, liquidationThreshold: 0.8, liquidationBonus: 0.1),
            CollateralAsset(name: "WBTC", loanToValue: 0.7, liquidationThreshold: 0.75, liquidationBonus: 0.08, debtCeilingUSD: 1e8),
        ])
        XCTAssertEqual(m.protocolSpec.liquidation, .dutchAuction(DutchAuctionSpec(
            chop: 1.13, buf: 1.3, curve: .linear(tauSeconds: 3600), tailSeconds: 8400)))
        XCTAssertEqual(m.protocolSpec.insurance, InsuranceFundSpec(initialBalance: 1e6))

        guard case .population(let population) = m.positions else { return XCTFail("\(m.positions)") }
        XCTAssertEqual(population, PopulationSpec(count: 500, size: .lognormal(zeta: 9, sigma: 1.2), sizeMeasure: .collateral,
                                                  initialHealthFactor: .constant(value: 1.4), assetWeights: [3, 1], mix: .basket))

        XCTAssertEqual(m.oracles, [
            OracleConfig(asset: "ETH", spec: .deviationHeartbeat(deviationThreshold: 0.01, heartbeatSeconds: 14_400),
                         latencySeconds: .exponential(mean: 5),
                         outages: .scripted([OracleConfig.OutageWindow(startSeconds: 3600, endSeconds: 5400)])),
            OracleConfig(asset: "WBTC", spec: .fixedDelay(intervalSeconds: 3600, delaySeconds: 3600)),
        ])
        XCTAssertEqual(m.network, NetworkConfig(blockTimeSeconds: 13, blockProduction: .poisson, gasLimit: 10_000_000))
        XCTAssertEqual(m.gasAsset, "ETH")
        guard case .replay(let gas) = m.demand else { return XCTFail("\(m.demand)") }
        XCTAssertEqual(gas.gasPerBlock, 10_000_000)
        XCTAssertEqual(gas.chunks, 20)
        XCTAssertEqual(gas.startUnixTime, 1_583_971_200)  // the file's first row

        XCTAssertEqual(m.liquidators, [
            LiquidatorSpec(name: "fast", count: 3, reactionLatency: .exponential(mean: 2), gasBidding: .profitShare(0.5)),
            LiquidatorSpec(name: "keeper", monitoring: .poll(intervalSeconds: 900), gasBidding: .fixed(priorityFeeGwei: 1.5),
                           capital: .inventory(usd: 1e6), sellSeizedCollateral: false, openingBidShare: 0),
        ])
        XCTAssertEqual(m.borrowers, BorrowerSpec(enabled: true, alertHealthFactor: 1.2))
        XCTAssertEqual(m.sampleIntervalSeconds, 300)
    }

    func testOtherMechanismsAndModelsDecode() throws {
        func liquidation(_ table: String) throws -> MechanismSpec {
            var text = Self.minimal.replacing("mechanism = \"fixed-spread\"\n", with: table)
            // Flip bids lock DAI: English-auction keepers need inventory (a flash loan is a scenario error).
            if table.contains("english-auction") { text += "\n[[liquidators]]\ncapital = \"inventory\"\ncapital_usd = 1e6\n" }
            return try load(text).value.model.protocolSpec.liquidation
        }
        XCTAssertEqual(try liquidation("mechanism = \"fixed-spread\"\nclose_factor = 0.4\nprotocol_fee_share = 0.1\n"),
                       .fixedSpread(FixedSpreadSpec(closeFactor: 0.4, protocolFeeShare: 0.1)))
        XCTAssertEqual(try liquidation("mechanism = \"dutch-auction\"\n"), .dutchAuction(DutchAuctionSpec()))
        XCTAssertEqual(try liquidation("mechanism = \"dutch-auction\"\ncurve = { type = \"exponential\", half_life = \"15m\" }\n"),
                       .dutchAuction(DutchAuctionSpec(curve: .exponential(cut: AuctionPriceCurve.exponentialCut(halfLifeSeconds: 900)))))
        XCTAssertEqual(try liquidation("mechanism = \"dutch-auction\"\ncurve = { type = \"stairstep-exponential\", cut = 0.98, step = \"2m\" }\n"),
                       .dutchAuction(DutchAuctionSpec(curve: .stairstepExponential(cut: 0.98, stepSeconds: 120))))
        XCTAssertEqual(try liquidation("mechanism = \"english-auction\"\nbeg = 1.03\nttl_seconds = \"10m\"\ntau_seconds = \"6h\"\n"),
                       .englishAuction(EnglishAuctionSpec(beg: 1.03, ttlSeconds: 600, tauSeconds: 21_600)))
        XCTAssertEqual(try liquidation("mechanism = \"backstop-pool\"\ninitial_balance = 1e6\n"),
                       .backstopPool(BackstopPoolSpec(initialBalance: 1e6)))
        XCTAssertEqual(try liquidation("""
            mechanism = "backstop-pool"
            initial_balance = 1e6
            target_balance = 2e6
            refill_half_life_seconds = "1d"
            fallback = { type = "fixed-spread", close_factor = 1.0 }

            """),
            .backstopPool(BackstopPoolSpec(initialBalance: 1e6, targetBalance: 2e6, refillHalfLifeSeconds: 86_400,
                                           fallback: .fixedSpread(FixedSpreadSpec(closeFactor: 1)))))

        let regimes = Self.minimal.replacing("model = \"gbm\"\ninitial_price = 2000\nannual_volatility = 0.8\n", with: """
            model = "regime-switching"
            initial_price = 2000
            regimes = [{ name = "calm", annual_volatility = 0.5 }, { name = "crash", annual_drift = -4, annual_volatility = 2 }]
            transition_rates_per_day = [[0, 0.1], [2, 0]]

            """)
        XCTAssertEqual(try load(regimes).value.model.paths.assets[0].model, .regimeSwitching(RegimeSwitchingSpec(
            initialPrice: 2000,
            regimes: [.init(name: "calm", annualVolatility: 0.5), .init(name: "crash", annualDrift: -4, annualVolatility: 2)],
            transitionRatesPerDay: [[0, 0.1], [2, 0]], initialRegime: "calm")))
    }

    func testBootstrapIsCheckedAgainstTheTick() throws {
        let bootstrap = Self.minimal.replacing("model = \"gbm\"\ninitial_price = 2000\nannual_volatility = 0.8\n", with: """
            model = "bootstrap"
            file = "\(Self.data)/eth_usd_1h_coinbase_2020-03-10_2020-03-16.csv"
            timestamps = "bar_open"
            block_length_ticks = 6

            """)
        guard case .bootstrap(let b) = try load(bootstrap).value.model.paths.assets[0].model else { return XCTFail() }
        XCTAssertEqual(b.blockLengthTicks, 6)
        XCTAssertEqual(b.gapPolicy, .logLinear)
        XCTAssertEqual(b.history.count, 169, "168 closes at their bars' ends and the first bar's open")
        // 169 prices over 168 h give 168 returns at a 1 h tick but only 7 at a 1 d tick: an 8-tick block cannot fit.
        let daily = bootstrap.replacing("horizon = \"1d\"", with: "horizon = \"30d\"\ntick = \"1d\"")
            .replacing("block_length_ticks = 6", with: "block_length_ticks = 8")
        XCTAssertEqual(problems(daily), [
            "\(line(of: "block_length_ticks", in: daily)): price.assets[0].block_length_ticks: found 8, expected at most 7 (the log returns of \(Self.data)/eth_usd_1h_coinbase_2020-03-10_2020-03-16.csv read every 86400.0 s)",
        ])
    }

    func testASectionOfTheWrongKindIsATypeError() {
        XCTAssertEqual(problems("metrics = 5\nnetwork = \"fast\"\n" + Self.minimal), [
            "1: metrics: found 5, expected a table [metrics]",
            "2: network: found a string \"fast\", expected a table [network]",
        ])
    }

    // MARK: Defaults and normalization

    func testDefaultsAreFilledInAndTheNormalizedScenarioReadsBackIdentically() throws {
        let loaded = try load(Self.minimal)
        let m = loaded.value.model
        XCTAssertEqual(m.paths.debtAsset, AssetPathSpec.defaultDebtAsset)
        XCTAssertEqual(m.protocolSpec.debtAssetName, "DAI")
        XCTAssertEqual(m.arbitrage, ModelSpec.ArbitrageSettings())
        XCTAssertNil(m.impact)
        XCTAssertNil(m.liquidity)
        XCTAssertEqual(m.pools.map(\.asset), ["ETH"])
        XCTAssertEqual(m.oracles, [])
        XCTAssertEqual(m.network, NetworkConfig())
        XCTAssertEqual(m.demand, .none)
        XCTAssertNil(m.gasAsset)
        XCTAssertEqual(m.liquidators, [LiquidatorSpec()])
        XCTAssertEqual(m.borrowers, BorrowerSpec())
        XCTAssertEqual(m.sampleIntervalSeconds, 600)
        guard case .population(let p) = m.positions else { return XCTFail() }
        XCTAssertEqual(p.assetWeights, [1])
        XCTAssertEqual(p.sizeMeasure, .debt)
        XCTAssertEqual(p.mix, .single)

        let text = loaded.normalized.toml()
        for written in ["[price.debt]", "model = \"constant\"", "asset = \"ETH\"", "[market.arbitrage]", "capital_usd = inf",
                        "[[liquidators]]", "name = \"bot\"", "reaction_latency = { type = \"exponential\", mean = 6.0 }",
                        "[borrowers]", "enabled = false", "[metrics]", "sample_interval = 600.0", "[network.demand]",
                        "type = \"none\"", "[protocol.insurance]", "debt_ceiling_usd = inf", "close_factor_hf_threshold = 0.95"] {
            XCTAssertTrue(text.contains(written), "normalized scenario lacks \(written):\n\(text)")
        }
        let again = try load(text, file: "normalized.toml")
        XCTAssertEqual(again.normalized.toml(), text)
        XCTAssertEqual(again.value.model.liquidators, m.liquidators)
        XCTAssertEqual(again.value.model.paths, m.paths)
        XCTAssertEqual(again.value.model.protocolSpec, m.protocolSpec)
    }

    func testNormalizedFilePathsAreAbsoluteSoTheCopyInARunFolderStillReadsThem() throws {
        try FileManager.default.copyItem(atPath: Self.data + "/eth_usd_1h_coinbase_2020-03-10_2020-03-16.csv",
                                         toPath: folder + "/data/eth.csv")
        let text = Self.minimal.replacing("model = \"gbm\"\ninitial_price = 2000\nannual_volatility = 0.8\n",
                                                     with: "model = \"replay\"\nfile = \"data/eth.csv\"\ntimestamps = \"bar_open\"\n")
        let loaded = try load(text)
        let normalized = loaded.normalized.toml()
        XCTAssertTrue(normalized.contains("file = \"\(folder!)/data/eth.csv\""), normalized)
        try FileManager.default.createDirectory(atPath: folder + "/run", withIntermediateDirectories: true)
        let again = try load(normalized, file: "run/scenario.toml")
        XCTAssertEqual(again.value.model.paths, loaded.value.model.paths)
        XCTAssertEqual(again.normalized.toml(), normalized)
    }

    func testASweepOverIndexedKeysAppliesToTheModel() throws {
        let loaded = try load(Self.minimal + "[[oracles]]\ntype = \"chainlink\"\n",
                              overrides: ["oracles[0].heartbeat_seconds=10m", "protocol.collateral[0].liquidation_bonus=0.1"])
        XCTAssertEqual(loaded.value.model.oracles.first?.spec, .deviationHeartbeat(deviationThreshold: 0.005, heartbeatSeconds: 600))
        XCTAssertEqual(loaded.value.model.protocolSpec.collateral.first?.liquidationBonus, 0.1)
    }

    // MARK: Problems, section by section

    /// `insert` is appended to the minimal scenario; `replace` (old, new) edits it first.
    private func problems(adding insert: String = "", replacing replace: [(String, String)] = []) -> (text: String, found: [String]) {
        var text = Self.minimal
        for (old, new) in replace {
            XCTAssertTrue(text.contains(old), "minimal scenario lacks \(old)")
            text = text.replacing(old, with: new)
        }
        text += insert
        return (text, problems(text))
    }

    func testPriceProblems() {
        var (text, found) = problems(replacing: [("annual_volatility = 0.8\n", "annual_volatility = -0.8\nannual_vol = 1\n")])
        XCTAssertEqual(found, [
            "\(line(of: "annual_volatility", in: text)): price.assets[0].annual_volatility: found -0.8, expected a finite number ≥ 0",
            "\(line(of: "annual_vol =", in: text)): price.assets[0].annual_vol: unknown key, expected one of \"annual_drift\", \"annual_volatility\", \"initial_price\", \"model\", \"moves\", \"name\"",
        ])
        (text, found) = problems(replacing: [("initial_price = 2000", "initial_price = \"2000\"")])
        XCTAssertEqual(found, ["\(line(of: "initial_price", in: text)): price.assets[0].initial_price: found a string \"2000\", expected a number"])
        (text, found) = problems(replacing: [("model = \"gbm\"", "model = \"brownian\"")])
        XCTAssertEqual(found.first, "\(line(of: "brownian", in: text)): price.assets[0].model: found \"brownian\", expected one of \"constant\", \"gbm\", \"merton\", \"garch\", \"regime-switching\", \"replay\", \"bootstrap\"")
    }

    func testMarketProblems() {
        var (text, found) = problems(replacing: [("depth_usd = 50_000_000\n", "depth_usd = 0\nfees = 0.003\n")])
        XCTAssertEqual(found, [
            "\(line(of: "depth_usd", in: text)): market.pools[0].depth_usd: found 0.0, expected a finite number > 0",
            "\(line(of: "fees", in: text)): market.pools[0].fees: unknown key, expected one of \"asset\", \"depth_usd\", \"fee\", \"name\"",
        ])
        (text, found) = problems(replacing: [("depth_usd = 50_000_000\n", "depth_usd = 50_000_000\nfee = \"0.3%\"\n")])
        XCTAssertEqual(found, ["\(line(of: "fee =", in: text)): market.pools[0].fee: found a string \"0.3%\", expected a number"])
        (text, found) = problems(adding: "[market.arbitrage]\nlatency = { type = \"exponential\", mean = -1 }\ngas_per_trade = 0\n")
        XCTAssertEqual(found, [
            "\(line(of: "latency", in: text)): market.arbitrage.latency.mean: found -1.0, expected a number > 0",
            "\(line(of: "gas_per_trade", in: text)): market.arbitrage.gas_per_trade: found 0, expected an integer ≥ 1",
        ])
    }

    func testProtocolProblems() {
        var (text, found) = problems(replacing: [("liquidation_threshold = 0.825", "liquidation_threshold = 1.2")])
        XCTAssertEqual(found, ["\(line(of: "liquidation_threshold", in: text)): protocol.collateral[0].liquidation_threshold: found 1.2, expected a number in (0, 1)"])
        (text, found) = problems(replacing: [("mechanism = \"fixed-spread\"\n", "mechanism = \"fixed-spread\"\nchop = 1.13\n")])
        XCTAssertEqual(found, ["\(line(of: "chop", in: text)): protocol.liquidation.chop: unknown key, expected one of \"burn_bad_debt\", \"close_factor\", \"close_factor_hf_threshold\", \"full_close_below_usd\", \"full_close_factor\", \"mechanism\", \"min_leftover_usd\", \"protocol_fee_share\""])
        (text, found) = problems(replacing: [("mechanism = \"fixed-spread\"\n", "mechanism = \"dutch-auction\"\ncurve = { type = \"stairstep-exponential\", cut = 1.5, step = true }\n")])
        XCTAssertEqual(found, [
            "\(line(of: "curve", in: text)): protocol.liquidation.curve.step: found true, expected a number",
            "\(line(of: "curve", in: text)): protocol.liquidation.curve.cut: found 1.5, expected a per-step factor in (0, 1]",
        ])
        (text, found) = problems(replacing: [("mechanism = \"fixed-spread\"\n", "mechanism = \"dutch-auction\"\ncurve = { type = \"exponential\", cut = 0.999, half_life = \"15m\" }\n")])
        XCTAssertEqual(found, ["\(line(of: "curve", in: text)): protocol.liquidation.curve.cut: found both cut and half_life, expected one of them"])
        (text, found) = problems(replacing: [("ltv = 0.8", "ltv = 0.9")])
        XCTAssertEqual(found, ["\(line(of: "ltv", in: text)): protocol.collateral[0].ltv: found 0.9 > liquidation_threshold 0.825, expected ltv ≤ liquidation_threshold"])
    }

    func testPositionsProblems() {
        var (text, found) = problems(replacing: [("count = 100", "count = 100\nasset_weights = [1, 2]\nsizes = 3")])
        XCTAssertEqual(found, [
            "\(line(of: "asset_weights", in: text)): positions.asset_weights: found 2 weights, expected one per collateral asset (1)",
            "\(line(of: "sizes", in: text)): positions.sizes: unknown key, expected one of \"asset_weights\", \"count\", \"initial_health_factor\", \"mix\", \"size\", \"size_measure\", \"source\"",
        ])
        (text, found) = problems(replacing: [("count = 100", "count = 1.5")])
        XCTAssertEqual(found, ["\(line(of: "count", in: text)): positions.count: found 1.5, expected an integer"])
        (text, found) = problems(replacing: [("count = 100", "count = -1")])
        XCTAssertEqual(found, ["\(line(of: "count", in: text)): positions.count: found -1, expected an integer ≥ 0"])
    }

    func testOracleProblems() {
        var (text, found) = problems(adding: "[[oracles]]\ntype = \"osm\"\nheartbeat_seconds = 3600\ndelay_seconds = -5\n")
        XCTAssertEqual(found, [
            "\(line(of: "heartbeat_seconds", in: text)): oracles[0].heartbeat_seconds: unknown key, expected one of \"asset\", \"delay_seconds\", \"interval_seconds\", \"latency_seconds\", \"outages\", \"pokes\", \"type\"",
            "\(line(of: "delay_seconds", in: text)): oracles[0].delay_seconds: found -5.0, expected a finite number ≥ 0",
        ])
        (text, found) = problems(adding: "[[oracles]]\ntype = \"chainlink\"\nheartbeat_seconds = \"1 hour\"\n")
        XCTAssertEqual(found, ["\(line(of: "heartbeat_seconds", in: text)): oracles[0].heartbeat_seconds: found \"1 hour\", expected a duration such as \"90s\", \"15m\", \"1h\", \"7d\" or seconds"])
        (text, found) = problems(adding: "[[oracles]]\ntype = \"twap\"\noutages = { type = \"scripted\", windows = [[10, 5], [1, 2, 3]] }\n")
        XCTAssertEqual(found, [
            "\(line(of: "outages", in: text)): oracles[0].outages.windows[1]: found 3 numbers, expected [start, end] in seconds",
            "\(line(of: "outages", in: text)): oracles[0].outages.windows[0]: found [10.0, 5.0), expected finite start ≤ end",
        ])
    }

    func testNetworkProblems() {
        var (text, found) = problems(adding: "[network]\nblock_time_seconds = 0\nblock_producer = \"fixed\"\n")
        XCTAssertEqual(found, [
            "\(line(of: "block_time_seconds", in: text)): network.block_time_seconds: found 0.0, expected a finite number > 0",
            "\(line(of: "block_producer", in: text)): network.block_producer: unknown key, expected one of \"base_fee_change_denominator\", \"block_production\", \"block_time_seconds\", \"demand\", \"elasticity_multiplier\", \"gas_asset\", \"gas_limit\", \"initial_base_fee_gwei\", \"nonce_order\"",
        ])
        (text, found) = problems(adding: "[network.demand]\ntype = \"stochastic\"\nchunks = 0\nnoise_sigma = \"high\"\n")
        XCTAssertEqual(found, [
            "\(line(of: "chunks", in: text)): network.demand.chunks: found 0, expected an integer ≥ 1",
            "\(line(of: "noise_sigma", in: text)): network.demand.noise_sigma: found a string \"high\", expected a number",
        ])
    }

    func testLiquidatorBorrowerAndMetricsProblems() {
        var (text, found) = problems(adding: "[[liquidators]]\nname = \"a\"\ncapital = \"inventory\"\nflash_loan_fee = 0.001\ncapital_usd = 1e6\nfailure_probability = 2\n")
        XCTAssertEqual(found, [
            "\(line(of: "flash_loan_fee", in: text)): liquidators[0].flash_loan_fee: unknown key, expected one of \"auction_margin\", \"capital\", \"capital_usd\", \"channel\", \"count\", \"failure_probability\", \"fee_replacement\", \"gas_bidding\", \"gas_per_action\", \"max_actions_per_wake\", \"max_fee_gwei\", \"min_profit_usd\", \"monitoring\", \"name\", \"opening_bid_share\", \"profit_share\", \"reaction_latency\", \"revert_gas_share\", \"sell_seized_collateral\"",
            "\(line(of: "failure_probability", in: text)): liquidators[0].failure_probability: found 2.0, expected a number in [0.0, 1.0]",
        ])
        (text, found) = problems(adding: "[[liquidators]]\ncount = \"five\"\n")
        XCTAssertEqual(found, ["\(line(of: "count = \"five\"", in: text)): liquidators[0].count: found a string \"five\", expected an integer"])
        (text, found) = problems(adding: "[borrowers]\nalert_health_factor = 0.9\nenabled = 1\n")
        XCTAssertEqual(found, [
            "\(line(of: "alert_health_factor", in: text)): borrowers.alert_health_factor: found 0.9, expected a number > 1",
            "\(line(of: "enabled", in: text)): borrowers.enabled: found 1, expected true or false",
        ])
        (text, found) = problems(adding: "[metrics]\nsample_interval = 0\ninterval = \"1m\"\n")
        XCTAssertEqual(found, [
            "\(line(of: "sample_interval", in: text)): metrics.sample_interval: found 0.0, expected a finite number > 0",
            "\(line(of: "interval = \"1m\"", in: text)): metrics.interval: unknown key, expected one of \"counterfactual_without_impact\", \"sample_interval\"",
        ])
    }

    func testNamesMustMatchAcrossSections() {
        var (text, found) = problems(
            adding: "[[oracles]]\nasset = \"BTC\"\ntype = \"instant\"\n[[liquidators]]\nname = \"x\"\n[[liquidators]]\nname = \"x\"\n",
            replacing: [("[protocol]\n[[protocol.collateral]]\nname = \"ETH\"", "[protocol]\n[[protocol.collateral]]\nname = \"WETH\"")])
        // The pool's asset defaults to the only price asset, ETH, which is now no collateral.
        XCTAssertEqual(found, [
            "\(line(of: "[[market.pools]]", in: text)): market.pools[0].asset: found \"ETH\", expected a collateral asset name (\"WETH\")",
            "\(line(of: "[[market.pools]]", in: text)): market.pools: no pool trades \"WETH\", expected at least one [[market.pools]] with asset = \"WETH\" (seized collateral is sold there)",
            "\(line(of: "name = \"WETH\"", in: text)): protocol.collateral[0].name: found \"WETH\", expected the name of a [[price.assets]] entry (\"ETH\")",
            "\(line(of: "asset = \"BTC\"", in: text)): oracles[0].asset: found \"BTC\", expected a collateral asset name",
            "\(line(of: "name = \"x\"", in: text) + 2): liquidators[1].name: found \"x\" twice, expected unique names",
        ])
        (text, found) = problems(adding: "[network]\ngas_asset = \"BTC\"\n", replacing: [("name = \"weth_usdc\"", "name = \"weth_usdc\"\nasset = \"BTC\"")])
        XCTAssertEqual(found, [
            "\(line(of: "[[market.pools]]", in: text)): market.pools: no pool trades \"ETH\", expected at least one [[market.pools]] with asset = \"ETH\" (seized collateral is sold there)",
            "\(line(of: "asset = \"BTC\"", in: text)): market.pools[0].asset: found \"BTC\", expected a collateral asset name (\"ETH\")",
            "\(line(of: "gas_asset", in: text)): network.gas_asset: found \"BTC\", expected a collateral asset name",
        ])
    }

    // MARK: Files

    func testAMissingReplayFileIsAProblemOnFileNamingThePath() {
        let text = Self.minimal.replacing("model = \"gbm\"\ninitial_price = 2000\nannual_volatility = 0.8\n",
                                                     with: "model = \"replay\"\nfile = \"data/nope.csv\"\ntimestamps = \"point\"\n")
        XCTAssertEqual(problems(text), [
            "\(line(of: "nope.csv", in: text)): price.assets[0].file: \(folder!)/data/nope.csv: found no such file, expected a CSV file of prices",
        ])
    }

    func testABadReplayRowNamesFileLineAndColumn() throws {
        try "unix_time_s,close\n1583971200,194.5\n1583971800,abc\n".write(toFile: folder + "/data/bad.csv", atomically: true, encoding: .utf8)
        let text = Self.minimal.replacing("model = \"gbm\"\ninitial_price = 2000\nannual_volatility = 0.8\n",
                                                     with: "model = \"replay\"\nfile = \"data/bad.csv\"\ntimestamps = \"point\"\n")
        let found = problems(text)
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.hasPrefix("\(line(of: "bad.csv", in: text)): price.assets[0].file: \(folder!)/data/bad.csv:3: column \"close\": found \"abc\"") ?? false, "\(found)")
    }

    func testABadSnapshotReportsFileAndLine() throws {
        try "id,ETH,debt\n1,10,5000\n2,-1,300\n".write(toFile: folder + "/data/book.csv", atomically: true, encoding: .utf8)
        let text = Self.minimal.replacing("count = 100\nsize = { type = \"lognormal\", zeta = 8.5, sigma = 1 }\ninitial_health_factor = { type = \"pareto\", shape = 3, scale = 1.05 }\n",
            with: "source = \"snapshot\"\nfile = \"data/book.csv\"\n")
        XCTAssertEqual(problems(text), [
            "\(line(of: "book.csv", in: text)): positions.file: \(folder!)/data/book.csv:3: column ETH: found \"-1\", expected a finite number ≥ 0",
        ])
        try "id,ETH,debt\n1,10,5000\n2,1,300\n".write(toFile: folder + "/data/book.csv", atomically: true, encoding: .utf8)
        guard case .snapshot(let book, let source)? = try? load(text).value.model.positions else { return XCTFail() }
        XCTAssertEqual(book.count, 2)
        XCTAssertEqual(source, folder + "/data/book.csv")
    }

    func testAMissingGasSeriesIsAProblemOnFile() {
        let found = problems(Self.minimal + "[network.demand]\ntype = \"replay\"\nfile = \"gas.csv\"\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.contains("network.demand.file: \(folder!)/gas.csv:0:0: cannot read file") ?? false, "\(found)")
    }

    // MARK: The shipped baseline

    func testBaselineScenarioDecodes() throws {
        let loaded = try Scenario.load(path: Self.scenarios + "/baseline.toml")
        let s = loaded.value
        XCTAssertEqual(s.simulation.horizonSeconds, 7 * 86_400)
        XCTAssertEqual(s.simulation.tickSeconds, 60)
        XCTAssertEqual(s.model.paths.assets.map(\.model.kind), ["gbm"])
        if case .gbm(let g) = s.model.paths.assets[0].model { XCTAssertEqual(g.annualVolatility, 0.8) }
        guard case .population(let p) = s.model.positions else { return XCTFail() }
        XCTAssertEqual(p.count, 10_000)
        XCTAssertEqual(s.model.oracles.map(\.spec), [.deviationHeartbeat(deviationThreshold: 0.005, heartbeatSeconds: 3600)])
        XCTAssertEqual(s.model.liquidators.map(\.count), [5])
        XCTAssertEqual(s.model.protocolSpec.collateral.map(\.liquidationThreshold), [0.825])
        XCTAssertEqual(s.model.protocolSpec.collateral.map(\.liquidationBonus), [0.05])
        // Aave v3.3's rules (LiquidationLogic.sol: MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD, MIN_LEFTOVER_BASE, _burnBadDebt).
        XCTAssertEqual(s.model.protocolSpec.liquidation, .fixedSpread(FixedSpreadSpec(
            closeFactor: 0.5, fullCloseFactor: 1, closeFactorHealthThreshold: 0.95, protocolFeeShare: 0.1,
            fullCloseBelowUSD: 2000, minLeftoverUSD: 1000, burnBadDebt: true)))
        XCTAssertEqual(s.model.network.blockTimeSeconds, 12)
        guard case .stochastic = s.model.demand else { return XCTFail("\(s.model.demand)") }
        let sweep = try XCTUnwrap(s.sweep)
        XCTAssertEqual(sweep.design, .grid)
        XCTAssertEqual(sweep.parameters.map(\.key), ["oracles[0].heartbeat_seconds", "protocol.collateral[0].liquidation_bonus"])
        // Every design point is itself a valid scenario.
        for point in try sweep.points(seed: s.simulation.seed) {
            XCTAssertNoThrow(try Scenario.load(path: Self.scenarios + "/baseline.toml", overrides: point.overrides), "\(point.overrides)")
        }
    }
}
