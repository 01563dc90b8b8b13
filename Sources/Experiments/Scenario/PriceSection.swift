import Foundation
import Stochastic

/// `[price]`: the collateral assets' price paths, their correlation and the debt asset → ``PricePathSetSpec``.
enum PriceSection {
    /// The `model = "..."` names, in the order the schema lists them.
    enum Model: String, CaseIterable {
        case constant, gbm, merton, garch
        case regimeSwitching = "regime-switching"
        case replay, bootstrap
    }

    static func decode(_ r: ConfigReader, tickSeconds: Double, horizonSeconds: Double, directory: String) -> PricePathSetSpec {
        let start = r.contains("start_unix_seconds") ? r.double("start_unix_seconds") : nil
        let correlation = r.contains("correlation") ? r.matrix("correlation") : nil
        let run = (start: start, horizon: horizonSeconds)
        let assets = r.sections("assets", required: true).map { asset($0, directory: directory, debt: false, run: run) }
        let debt = r.section("debt").map { asset($0, directory: directory, debt: true, run: run) } ?? defaultDebt(r)
        let spec = PricePathSetSpec(assets: assets, correlation: correlation, debtAsset: debt, startUnixSeconds: start)
        let problems = spec.validate()
        r.reportComponent(problems)
        if problems.isEmpty && tickSeconds > 0 {
            // Checks that need the tick (a bootstrap block longer than the history at that tick).
            do { _ = try PricePathPlan(spec: spec, tickSeconds: tickSeconds) } catch let error as PricePathSpecError {
                r.reportComponent(error.problems)
            } catch {
                r.problem("assets", "\(error)")
            }
        }
        r.finish()
        return spec
    }

    /// The default debt asset, written out so the normalized scenario shows it.
    private static func defaultDebt(_ r: ConfigReader) -> AssetPathSpec {
        let d = r.sectionOrDefaults("debt")
        let name = d.string("name", default: AssetPathSpec.defaultDebtAsset.name)
        let _: Model = d.choice("model", default: .constant)
        let price = d.double("price", default: 1)
        d.finish()
        return AssetPathSpec(name: name, model: .constant(ConstantPriceSpec(price: price)))
    }

    /// One `[[price.assets]]` entry or `[price.debt]`.
    static func asset(_ r: ConfigReader, directory: String, debt: Bool, run: (start: Double?, horizon: Double)) -> AssetPathSpec {
        let name = debt ? r.string("name", default: AssetPathSpec.defaultDebtAsset.name) : r.string("name")
        let kind: Model = debt ? r.choice("model", default: .constant) : r.choice("model")
        let model: PriceModel
        switch kind {
        case .constant:
            model = .constant(ConstantPriceSpec(price: r.double("price", default: 1)))
        case .gbm:
            model = .gbm(GBMSpec(initialPrice: r.double("initial_price"), annualDrift: r.double("annual_drift", default: 0),
                                 annualVolatility: r.double("annual_volatility")))
        case .merton:
            model = .merton(MertonSpec(
                initialPrice: r.double("initial_price"), annualDrift: r.double("annual_drift", default: 0),
                annualVolatility: r.double("annual_volatility"), jumpIntensityPerYear: r.double("jump_intensity_per_year"),
                jumpSize: r.distribution("jump_size", default: MertonSpec.defaultJumpSize)))
        case .garch:
            model = .garch(GARCHSpec(
                initialPrice: r.double("initial_price"), annualLogDrift: r.double("annual_log_drift", default: 0),
                omega: r.double("omega"), alpha: r.double("alpha"), beta: r.double("beta"),
                degreesOfFreedom: r.double("degrees_of_freedom")))
        case .regimeSwitching:
            let initialPrice = r.double("initial_price")
            let regimes = r.sections("regimes", required: true).map { g in
                let regime = RegimeSwitchingSpec.Regime(name: g.string("name"), annualDrift: g.double("annual_drift", default: 0),
                                                        annualVolatility: g.double("annual_volatility"))
                g.finish()
                return regime
            }
            model = .regimeSwitching(RegimeSwitchingSpec(
                initialPrice: initialPrice, regimes: regimes, transitionRatesPerDay: r.matrix("transition_rates_per_day"),
                initialRegime: regimes.isEmpty ? r.optionalString("initial_regime") : r.string("initial_regime", default: regimes[0].name)))
        case .replay:
            let history = self.history(r, directory: directory)
            let replay = ReplaySpec(
                history: history, gapPolicy: r.choice("gap_policy", default: .hold),
                volatilityScale: r.double("volatility_scale", default: 1),
                startUnixSeconds: r.contains("start_unix_seconds") ? r.double("start_unix_seconds") : nil,
                afterEnd: r.choice("after_end", default: .error))
            let start = replay.startUnixSeconds ?? run.start ?? history.unixSeconds[0]
            if replay.afterEnd == .error, history.source != placeholderSource, run.horizon > 0, replay.runsPastEnd(startUnixSeconds: start, horizonSeconds: run.horizon) {
                let last = history.unixSeconds[history.count - 1]
                r.problem("after_end", "found \(history.source) ending at \(PriceHistory.iso8601(last)), \(DurationText.text(max(0, last - start))) after t = 0 (\(PriceHistory.iso8601(start))), before the horizon \(DurationText.text(run.horizon)); expected a file that covers the horizon, a shorter horizon, or after_end = \"hold\" to hold the last price")
            }
            model = .replay(replay)
        case .bootstrap:
            let history = self.history(r, directory: directory)
            model = .bootstrap(BootstrapSpec(
                history: history, blockLengthTicks: r.integer("block_length_ticks"),
                initialPrice: r.contains("initial_price") ? r.double("initial_price") : nil,
                gapPolicy: r.choice("gap_policy", default: .logLinear)))
        }
        let moves = r.sections("moves").map(move)
        r.finish()
        return AssetPathSpec(name: name, model: model, moves: moves)
    }

    /// `file`, `time_column`, `price_column`, `timestamps`, `time_unit`, loaded now; a load error is a problem
    /// on `file` with the loader's message (file, line, column), and a two-point placeholder lets reading go on.
    ///
    /// `timestamps` is required when the price column is a bar's (open, high, low, close): whether the file
    /// stamps bars with their open or their close time decides where every price goes, and guessing wrong
    /// shifts the whole replay by a bar.
    private static func history(_ r: ConfigReader, directory: String) -> PriceHistory {
        let path = r.filePath("file", relativeTo: directory)
        let timeColumn = r.string("time_column", default: "unix_time_s")
        let priceColumn = r.string("price_column", default: "close")
        let timestamps: HistoryTimestamps
        if HistoryReading.isBarColumn(priceColumn) && !r.contains("timestamps") {
            r.problem("timestamps", "missing, and price_column = \"\(priceColumn)\" is a bar's column; expected timestamps = \"bar_open\" or \"bar_close\" (which end of each bar the time column stamps) or \"point\"")
            timestamps = .point
        } else {
            timestamps = r.choice("timestamps", default: .point)
        }
        let reading = HistoryReading(timeColumn: timeColumn, priceColumn: priceColumn, timestamps: timestamps,
                                     timeUnit: r.choice("time_unit", default: .seconds))
        if r.contains("file") {
            do {
                return try PriceHistory.load(path: path, reading)
            } catch {
                r.problem("file", "\(error)")
            }
        }
        return try! PriceHistory(unixSeconds: [0, 1], prices: [1, 1], source: placeholderSource)
    }

    private static let placeholderSource = "<placeholder>"

    /// One `[[price.assets.moves]]` entry; times take durations ("2h") or seconds.
    private static func move(_ r: ConfigReader) -> ScriptedMove {
        let known = r.isKnownChoice("shape", ScriptedMove.Shape.self)
        let shape: ScriptedMove.Shape = r.choice("shape")
        let change = r.double("change")
        let start = r.seconds("start_seconds")
        let duration = shape == .linear ? r.seconds("duration_seconds") : 0
        // Under a misspelt shape, duration_seconds is not "unknown": the shape's own problem says it all.
        if !known { r.skip("duration_seconds") }
        r.finish()
        return ScriptedMove(shape: shape, change: change, startSeconds: start, durationSeconds: duration)
    }
}
