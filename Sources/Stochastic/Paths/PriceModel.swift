/// The price-path generators, as one concrete enum so the per-tick loop dispatches with a `switch` and never
/// through an existential.
///
/// Scenario files name the case with `model = "..."` (``kind``).
public enum PriceModel: Sendable, Equatable {
    /// `"constant"`: a fixed price (the default stablecoin debt asset).
    case constant(ConstantPriceSpec)
    /// `"gbm"`: geometric Brownian motion, exact log-normal step.
    case gbm(GBMSpec)
    /// `"merton"`: GBM plus compensated Poisson jumps.
    case merton(MertonSpec)
    /// `"garch"`: GARCH(1,1) log returns with Student-t innovations, one step per tick.
    case garch(GARCHSpec)
    /// `"regime-switching"`: Markov-modulated GBM.
    case regimeSwitching(RegimeSwitchingSpec)
    /// `"replay"`: a recorded history read at the tick times.
    case replay(ReplaySpec)
    /// `"bootstrap"`: block bootstrap of a history's log returns.
    case bootstrap(BootstrapSpec)

    /// The scenario-file name of the model.
    public var kind: String {
        switch self {
        case .constant: return "constant"
        case .gbm: return "gbm"
        case .merton: return "merton"
        case .garch: return "garch"
        case .regimeSwitching: return "regime-switching"
        case .replay: return "replay"
        case .bootstrap: return "bootstrap"
        }
    }

    /// Whether the model is driven by one standard normal per tick and so can take part in a correlation
    /// matrix: GBM, Merton (its diffusion part; jumps stay independent) and regime switching (its diffusion;
    /// regime changes stay independent). GARCH is not: its t innovations are not Gaussian, and correlating
    /// their normal numerators would give a correlation that depends on ν, not the one written in the matrix.
    public var isGaussianDriven: Bool {
        switch self {
        case .gbm, .merton, .regimeSwitching: return true
        case .constant, .garch, .replay, .bootstrap: return false
        }
    }

    /// Problems with the model's parameters, keyed relative to the asset's section.
    public func validate() -> [ParameterProblem] {
        switch self {
        case .constant(let s): return s.validate()
        case .gbm(let s): return s.validate()
        case .merton(let s): return s.validate()
        case .garch(let s): return s.validate()
        case .regimeSwitching(let s): return s.validate()
        case .replay(let s): return s.validate()
        case .bootstrap(let s): return s.validate()
        }
    }
}
