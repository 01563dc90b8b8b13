import CascadeModel
import Foundation

/// llamma-simulator's loss experiment on Cascade's LLAMMA (`BandAMM`): curvefi/llamma-simulator @ 02f3eb8,
/// `libsimulate.py` (`Simulator.single_run`, `get_loss_rate`, `scan_param`) and `example_eth/2_simulate_A.py`,
/// `3_simulate_avg_loss.py`.
///
/// One sample: a loan of 1 unit of collateral deposited over bands 1...N of a fresh AMM whose base price is
/// p0·(A/(A − 1) + 1e−4) (p0 the first candle's open), held for a fixed number of candles. Each candle the
/// oracle is set to an EMA of the candles' (high + low)/2 (base 2, time constant `emaSeconds`, as the
/// simulator's `update_emas`), then an arbitrageur trades the AMM up toward the candle's high and down toward
/// its low, each net of an external fee (5e−4): here, the trade that maximises the arbitrageur's profit
/// against that price through the contract's swap (its fees included), which is where the simulator's
/// `trade_to_price` to a fee-adjusted target stops. The loss is 1 − x_down(end)/x_down(start). Differences
/// from the simulator: the contract's fees (static, band dynamic and oracle-jump fee, which needs writes less
/// than 120 s apart) instead of its `dynamic_fee` model, the contract's x_down, and every start position of the
/// data instead of random samples.
public enum LLAMMALossStudy {
    public struct Candle: Sendable, Equatable {
        public var timeSeconds: Double
        public var open, high, low, close: Double
        public init(timeSeconds: Double, open: Double, high: Double, low: Double, close: Double) {
            self.timeSeconds = timeSeconds
            self.open = open
            self.high = high
            self.low = low
            self.close = close
        }
    }

    public struct Settings: Sendable, Equatable {
        public var amplification: Int
        public var bands: Int
        public var fee: Double
        /// Texp of the simulator's EMA, seconds (base 2: weight 2^(−Δt/Texp)).
        public var emaSeconds: Double
        /// The fee the arbitrageur pays outside (the simulator's EXT_FEE).
        public var externalFee: Double
        /// Candles a loan lasts.
        public var loanCandles: Int

        public init(amplification: Int, bands: Int, fee: Double = 0.002, emaSeconds: Double = 600,
                    externalFee: Double = 5e-4, loanCandles: Int) {
            self.amplification = amplification
            self.bands = bands
            self.fee = fee
            self.emaSeconds = emaSeconds
            self.externalFee = externalFee
            self.loanCandles = loanCandles
        }
    }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `unix_time_s,open,high,low,close[,volume]` with a header line.
    public static func loadCandles(path: String) throws -> [Candle] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw LoadError(description: "\(path): cannot read the file")
        }
        var out: [Candle] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            if i == 0 {
                guard line.hasPrefix("unix_time_s,open,high,low,close") else {
                    throw LoadError(description: "\(path):1: found header \"\(line)\", expected unix_time_s,open,high,low,close[,volume]")
                }
                continue
            }
            let f = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard f.count >= 5, let t = f[0], let o = f[1], let h = f[2], let l = f[3], let c = f[4],
                  o > 0, h > 0, l > 0, c > 0, l <= h else {
                throw LoadError(description: "\(path):\(i + 1): found \"\(line)\", expected a time and four prices > 0 with low ≤ high")
            }
            if let last = out.last, t <= last.timeSeconds {
                throw LoadError(description: "\(path):\(i + 1): time \(t) is not after the previous \(last.timeSeconds)")
            }
            out.append(Candle(timeSeconds: t, open: o, high: h, low: l, close: c))
        }
        guard out.count >= 2 else { throw LoadError(description: "\(path): found \(out.count) candles, expected at least 2") }
        return out
    }

    /// The data followed by itself time-reversed (`add_reverse`): t0 + (t0 − t) for each candle from the last.
    public static func withReverse(_ candles: [Candle]) -> [Candle] {
        let t0 = candles.last!.timeSeconds
        return candles + candles.reversed().map { Candle(timeSeconds: t0 + (t0 - $0.timeSeconds), open: $0.open, high: $0.high, low: $0.low, close: $0.close) }
    }

    /// The simulator's EMA (`update_emas`): from the first open, ema ← ema·2^(−Δt/T) + (high + low)/2·(1 − that).
    public static func emas(_ candles: [Candle], seconds texp: Double) -> [Double] {
        var ema = candles[0].open, t = candles[0].timeSeconds
        return candles.map { c in
            let mul = pow(2, -(c.timeSeconds - t) / texp)
            ema = ema * mul + (c.low + c.high) / 2 * (1 - mul)
            t = c.timeSeconds
            return ema
        }
    }

    /// The loss of one loan starting at candle `start`.
    public static func loss(_ candles: [Candle], emas: [Double], start: Int, _ s: Settings) -> Double {
        let a = Double(s.amplification)
        let p0 = candles[start].open
        let base = p0 * (a / (a - 1) + 1e-4)
        var amm = BandAMM(A: s.amplification, basePrice: base, fee: s.fee, oraclePrice: base, now: candles[start].timeSeconds)
        guard let user = try? amm.depositRange(1, n1: 1, n2: s.bands) else { return .nan }
        let initial = amm.xDown(user, at: candles[start].timeSeconds)
        for i in start..<min(start + s.loanCandles, candles.count) {
            let c = candles[i], now = c.timeSeconds
            amm.setExternalOracle(emas[i])
            let high = c.high * (1 - s.externalFee), low = c.low * (1 + s.externalFee)
            if amm.price(at: now) < high {
                let upper = amm.amountForPrice(high, at: now).amount
                if upper > 0 {
                    let best = SoftLiquidationArbitrage.maximize({ x in amm.quoteSwap(.pump, amountIn: x, at: now).amountOut * high - x }, upTo: upper)
                    if best.value > 0 { amm.exchange(.pump, amountIn: best.x, at: now) }
                }
            }
            if amm.price(at: now) > low {
                let upper = amm.amountForPrice(low, at: now).amount
                if upper > 0 {
                    let best = SoftLiquidationArbitrage.maximize({ y in amm.quoteSwap(.dump, amountIn: y, at: now).amountOut - y * low }, upTo: upper)
                    if best.value > 0 { amm.exchange(.dump, amountIn: best.x, at: now) }
                }
            }
        }
        let end = candles[min(start + s.loanCandles, candles.count) - 1].timeSeconds
        return 1 - amm.xDown(user, at: end) / initial
    }

    /// The loss of a loan from every start that leaves it whole inside the data.
    public static func losses(_ candles: [Candle], _ s: Settings) -> [Double] {
        let e = emas(candles, seconds: s.emaSeconds)
        let starts = max(0, candles.count - s.loanCandles)
        return (0..<starts).map { loss(candles, emas: e, start: $0, s) }
    }

    /// The simulator's liquidation discount for a loss (`scan_param`): 1 − (1 − loss)·mean_k ((A−1)/A)^(k+0.5).
    public static func liquidationDiscount(loss: Double, amplification a: Int, bands n: Int) -> Double {
        let r = Double(a - 1) / Double(a)
        let coefficient = (0..<n).map { pow(r, Double($0) + 0.5) }.reduce(0, +) / Double(n)
        return 1 - (1 - loss) * coefficient
    }
}

// MARK: - The published experiment, side by side

extension LLAMMALossStudy {
    /// llamma-simulator's published ETH figures (example_eth/results.log @ 02f3eb8): worst loss of a
    /// 30-minute loan over 4 bands (fee 0.2%) by A, and the mean loss of a one-day loan (A = 70) by bands.
    public static let publishedWorstLossByA: [(a: Int, loss: Double)] = [
        (29, 0.017415808330813253), (54, 0.029230808952202), (72, 0.03832030388761749),
        (98, 0.05084558485893268), (152, 0.06171634541409139), (276, 0.07467618266332134),
    ]
    public static let publishedMeanDailyLossByBands: [(bands: Int, loss: Double)] = [
        (4, 0.007316076183873734), (10, 0.003547356592025278), (20, 0.001941911491161189), (50, 0.0009389797694206056),
    ]

    /// Runs both scans on `candles` (forward and time-reversed, as the simulator's `add_reverse`), writes
    /// `losses_by_a.csv` and `losses_by_bands.csv` into `folder`, and returns the side-by-side table.
    /// `candleSeconds`: the data's bar length, which sets how many candles 30 minutes and one day are.
    public static func compare(candles data: [Candle], folder: String) throws -> String {
        let candles = withReverse(data)
        let bar = data[1].timeSeconds - data[0].timeSeconds
        let thirtyMinutes = max(1, Int((1800 / bar).rounded())), day = max(1, Int((86_400 / bar).rounded()))
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var text = "llamma-simulator's ETH experiment on Cascade's LLAMMA: \(data.count) candles of \(Int(bar)) s, forward and reversed\n"
        text += "\nWorst loss of a 30-minute loan (\(thirtyMinutes) candles), 4 bands, fee 0.2%, EMA 600 s:\n"
        text += "    A   published   Cascade   liq. discount (Cascade)\n"
        var csv = "amplification,bands,fee,loan_candles,samples,worst_loss,mean_loss,liquidation_discount,published_worst_loss\n"
        for (a, published) in publishedWorstLossByA {
            let s = Settings(amplification: a, bands: 4, loanCandles: thirtyMinutes)
            let l = losses(candles, s)
            let worst = l.max() ?? .nan, mean = l.reduce(0, +) / Double(max(1, l.count))
            let discount = liquidationDiscount(loss: worst, amplification: a, bands: 4)
            text += String(format: "  %3d   %7.2f%%   %6.2f%%   %6.2f%%\n", a, published * 100, worst * 100, discount * 100)
            csv += "\(a),4,0.002,\(thirtyMinutes),\(l.count),\(worst),\(mean),\(discount),\(published)\n"
        }
        try csv.write(toFile: "\(folder)/losses_by_a.csv", atomically: true, encoding: .utf8)
        text += "\nMean loss of a one-day loan (\(day) candles), A = 70, fee 0.2%, EMA 600 s:\n"
        text += "    N   published   Cascade\n"
        csv = "amplification,bands,fee,loan_candles,samples,mean_loss,worst_loss,published_mean_loss\n"
        for (n, published) in publishedMeanDailyLossByBands {
            let s = Settings(amplification: 70, bands: n, loanCandles: day)
            let l = losses(candles, s)
            let mean = l.reduce(0, +) / Double(max(1, l.count)), worst = l.max() ?? .nan
            text += String(format: "  %3d   %7.3f%%   %6.3f%%\n", n, published * 100, mean * 100)
            csv += "70,\(n),0.002,\(day),\(l.count),\(mean),\(worst),\(published)\n"
        }
        try csv.write(toFile: "\(folder)/losses_by_bands.csv", atomically: true, encoding: .utf8)
        return text
    }
}
