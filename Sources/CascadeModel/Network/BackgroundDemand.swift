import Foundation
import Stochastic

/// Other users' demand for block space, drawn for every block as a few divisible ``GasBid``s that compete with
/// the simulation's own transactions.
public enum BackgroundDemand: Equatable, Sendable {
    /// No other users.
    case none
    /// Demand that rises with market stress; see ``StochasticDemand``.
    case stochastic(StochasticDemand)
    /// Real gas prices replayed from a ``GasPriceSeries``; see ``ReplayedDemand``.
    case replay(ReplayedDemand)

    /// This block's bids. `stressAbsLogReturn` is |log P(t) − log P(t − window)| of the reference price
    /// (``RecentReturnWindow`` keeps it); `stream` is the network's stream ("network/demand").
    public func bids(at time: Double, stressAbsLogReturn: Double, stream: RandomStream?) -> [GasBid] {
        var out: [GasBid] = []
        bids(at: time, stressAbsLogReturn: stressAbsLogReturn, stream: stream, into: &out)
        return out
    }

    /// ``bids(at:stressAbsLogReturn:stream:)`` written into `out` (emptied first, its capacity kept): the same
    /// draws, without an allocation per block.
    public func bids(at time: Double, stressAbsLogReturn: Double, stream: RandomStream?, into out: inout [GasBid]) {
        out.removeAll(keepingCapacity: true)
        switch self {
        case .none: return
        case .stochastic(let d):
            guard let stream else { preconditionFailure("Stochastic background demand needs a RandomStream") }
            d.bids(stressAbsLogReturn: stressAbsLogReturn, stream: stream, into: &out)
        case .replay(let r): r.bids(at: time, into: &out)
        }
    }
}

/// Gas demand per block `D = baseGasPerBlock · (1 + stressSensitivity · s) · exp(σZ − σ²/2)`, Z ~ N(0, 1), where
/// `s` is the recent absolute log return (the noise has mean 1, so E[D | s] = base · (1 + sensitivity · s)).
/// D is split into `chunks` equal bids, each with its own priority fee and max fee drawn from the given
/// distributions (gwei); a bid's max fee is raised to its tip if drawn below it. Demand whose max fee is below
/// the base fee drops out, which is what stops the base fee from rising forever.
public struct StochasticDemand: Equatable, Sendable {
    public var baseGasPerBlock: Double = 15_000_000
    public var stressSensitivity: Double = 20
    public var noiseSigma: Double = 0.2
    public var priorityFeeGwei: Distribution = .lognormal(zeta: log(2.0), sigma: 0.7)
    public var maxFeeGwei: Distribution = .lognormal(zeta: log(60.0), sigma: 0.8)
    public var chunks: Int = 16
    /// The window of the stress signal `s` (the integrator keeps it in a ``RecentReturnWindow`` of this width).
    public var stressWindowSeconds: Double = 3600

    public init(baseGasPerBlock: Double = 15_000_000, stressSensitivity: Double = 20, noiseSigma: Double = 0.2,
                priorityFeeGwei: Distribution = .lognormal(zeta: log(2.0), sigma: 0.7),
                maxFeeGwei: Distribution = .lognormal(zeta: log(60.0), sigma: 0.8), chunks: Int = 16,
                stressWindowSeconds: Double = 3600) {
        self.baseGasPerBlock = baseGasPerBlock
        self.stressSensitivity = stressSensitivity
        self.noiseSigma = noiseSigma
        self.priorityFeeGwei = priorityFeeGwei
        self.maxFeeGwei = maxFeeGwei
        self.chunks = chunks
        self.stressWindowSeconds = stressWindowSeconds
    }

    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if !(baseGasPerBlock.isFinite && baseGasPerBlock >= 0) {
            out.append(ParameterProblem(key: "base_gas_per_block", message: "found \(baseGasPerBlock), expected a finite number ≥ 0"))
        }
        if !(stressSensitivity.isFinite && stressSensitivity >= 0) {
            out.append(ParameterProblem(key: "stress_sensitivity", message: "found \(stressSensitivity), expected a finite number ≥ 0"))
        }
        if !(noiseSigma.isFinite && noiseSigma >= 0) {
            out.append(ParameterProblem(key: "noise_sigma", message: "found \(noiseSigma), expected a finite number ≥ 0"))
        }
        if let p = ParameterProblem.requirePositive("stress_window_seconds", stressWindowSeconds) { out.append(p) }
        if chunks < 1 { out.append(ParameterProblem(key: "chunks", message: "found \(chunks), expected an integer ≥ 1")) }
        for p in priorityFeeGwei.problems { out.append(ParameterProblem(key: "priority_fee_gwei.\(p.parameter)", message: p.message)) }
        for p in maxFeeGwei.problems { out.append(ParameterProblem(key: "max_fee_gwei.\(p.parameter)", message: p.message)) }
        return out
    }

    /// The demand's expected gas for a given stress (no noise).
    public func meanGas(stressAbsLogReturn s: Double) -> Double { baseGasPerBlock * (1 + stressSensitivity * s) }

    public func bids(stressAbsLogReturn s: Double, stream: RandomStream) -> [GasBid] {
        var out: [GasBid] = []
        bids(stressAbsLogReturn: s, stream: stream, into: &out)
        return out
    }

    /// For a block with no transaction pending, all that ``bids(stressAbsLogReturn:stream:into:)`` decides: the
    /// gas of each chunk, how many chunks' max fee reaches `baseFeeGwei`, and the gas offered, from the same
    /// draws. Without a transaction to order them against, the bids' fees matter only through that comparison,
    /// and with lognormal fees it is made on the log scale (``RandomStream/lognormal(zeta:sigma:isAtLeast:logBound:)``):
    /// the same answers without two exps a chunk. Nil (nothing drawn) for other fee distributions.
    public func idleSummary(stressAbsLogReturn s: Double, baseFeeGwei b: Double,
                            stream: RandomStream) -> (chunkGas: Double, eligible: Int, offered: Double)? {
        guard case .lognormal(let tipZeta, let tipSigma) = priorityFeeGwei,
              case .lognormal(let capZeta, let capSigma) = maxFeeGwei else { return nil }
        let each = chunkGas(stressAbsLogReturn: s, stream: stream)
        let logB = b > 0 ? log(b) : -Double.infinity
        var eligible = 0, offered = 0.0
        for _ in 0..<chunks {
            offered += max(0, each)
            // cap = max(tip, max fee) ≥ b, both drawn whatever the first says; any cap reaches a base fee ≤ 0.
            let tipReaches = stream.lognormal(zeta: tipZeta, sigma: tipSigma, isAtLeast: b, logBound: logB)
            let capReaches = stream.lognormal(zeta: capZeta, sigma: capSigma, isAtLeast: b, logBound: logB)
            if each > 0 && (b <= 0 || tipReaches || capReaches) { eligible += 1 }
        }
        return (each, eligible, offered)
    }

    /// The gas of each of this block's chunks: the mean demand times its lognormal noise (the block's first
    /// draw), split into ``chunks``.
    private func chunkGas(stressAbsLogReturn s: Double, stream: RandomStream) -> Double {
        let noise = noiseSigma > 0 ? exp(noiseSigma * stream.standardNormal() - noiseSigma * noiseSigma / 2) : 1
        let total = meanGas(stressAbsLogReturn: s) * noise
        return total / Double(chunks)
    }

    /// Appends this block's bids to `out`.
    public func bids(stressAbsLogReturn s: Double, stream: RandomStream, into out: inout [GasBid]) {
        let each = chunkGas(stressAbsLogReturn: s, stream: stream)
        for _ in 0..<chunks {
            let tip = max(0, priorityFeeGwei.sample(stream))
            let cap = max(tip, maxFeeGwei.sample(stream))
            out.append(GasBid(gas: each, maxPriorityFeeGwei: tip, maxFeeGwei: cap))
        }
    }
}

/// Background demand replayed from real gas prices. Simulation time `t` reads the row in force at
/// `startUnixTime + t`. Gas offered per block = `gasPerBlock · tx_count / mean(tx_count)`, so busier buckets offer
/// more; it is split into `chunks` equal legacy bids priced at the row's quantiles `(k + 0.5)/chunks`
/// (``GasPriceSeries/Row/quantileGwei(_:)``). Pre-London gas prices are legacy transactions, which EIP-1559 treats
/// as max fee = max priority fee = gas price: they outbid a simulated transaction only through what they pay
/// above the base fee.
public struct ReplayedDemand: Equatable, Sendable {
    public var series: GasPriceSeries
    public var startUnixTime: Double
    public var gasPerBlock: Double
    public var chunks: Int

    public init(series: GasPriceSeries, startUnixTime: Double? = nil, gasPerBlock: Double = 30_000_000, chunks: Int = 20) {
        precondition(chunks >= 1, "Replayed demand needs chunks ≥ 1, got \(chunks)")
        self.series = series
        self.startUnixTime = startUnixTime ?? series.rows[0].unixTime
        self.gasPerBlock = gasPerBlock
        self.chunks = chunks
    }

    public func bids(at time: Double) -> [GasBid] {
        var out: [GasBid] = []
        bids(at: time, into: &out)
        return out
    }

    /// Appends this block's bids to `out`.
    public func bids(at time: Double, into out: inout [GasBid]) {
        let row = series.row(atUnixTime: startUnixTime + time)
        let total = series.meanTxCount > 0 ? gasPerBlock * row.txCount / series.meanTxCount : gasPerBlock
        for k in 0..<chunks {
            out.append(.legacy(gas: total / Double(chunks), gasPriceGwei: row.quantileGwei((Double(k) + 0.5) / Double(chunks))))
        }
    }
}
