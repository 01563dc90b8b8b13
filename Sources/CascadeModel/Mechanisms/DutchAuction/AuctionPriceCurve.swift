import Foundation
import Stochastic

/// A Dutch-auction price curve, MakerDAO dss `abaci.sol`. `top` is the start price, `dur` the seconds since
/// the auction (re)started; prices are in debt-asset units per collateral unit.
public enum AuctionPriceCurve: Sendable, Equatable {
    /// `LinearDecrease`: top·(tau − dur)/tau, 0 from dur ≥ tau on.
    case linear(tauSeconds: Double)
    /// `StairstepExponentialDecrease`: top·cut^⌊dur/step⌋; `cut` is the per-step multiplicative factor
    /// (0.99 = 1% per step), as in dss since the factor replaced the percentage.
    case stairstepExponential(cut: Double, stepSeconds: Double)
    /// `ExponentialDecrease`: top·cut^dur, `cut` per second (dss evaluates it for whole seconds).
    case exponential(cut: Double)

    /// The price `dur` seconds after the start (dss `Abacus.price(top, dur)`).
    /// - Precondition: `dur ≥ 0`.
    @inlinable
    public func price(top: Double, elapsedSeconds dur: Double) -> Double {
        precondition(dur >= 0, "Auction time must not run backwards: elapsed \(dur) s")
        switch self {
        case .linear(let tau):
            return dur >= tau ? 0 : top * ((tau - dur) / tau)
        case .stairstepExponential(let cut, let step):
            return top * pow(cut, (dur / step).rounded(.down))
        case .exponential(let cut):
            return top * pow(cut, dur.rounded(.down))
        }
    }

    /// The first elapsed time at which the price is at most `target`, in closed form (the curve's inverse,
    /// rounded up to the curve's step: a whole step for the stairstep, a whole second for the exponential),
    /// or nil if it never gets there. 0 when `target ≥ top`.
    ///
    ///     linear:      dur = tau·(1 − target/top)                      (price 0 from tau on)
    ///     stairstep:   dur = step·⌈ln(target/top) / ln(cut)⌉
    ///     exponential: dur = ⌈ln(target/top) / ln(cut)⌉
    public func elapsedToReach(price target: Double, top: Double) -> Double? {
        guard top > 0, target < top else { return 0 }
        var dur: Double
        switch self {
        case .linear(let tau):
            dur = target <= 0 ? tau : tau * (1 - target / top)
        case .stairstepExponential(let cut, let step):
            guard target > 0, cut < 1 else { return nil }
            dur = step * (log(target / top) / log(cut)).rounded(.up)
        case .exponential(let cut):
            guard target > 0, cut < 1 else { return nil }
            dur = (log(target / top) / log(cut)).rounded(.up)
        }
        // Rounding in the logarithms may leave the price a few ulps above the target: step on.
        for _ in 0..<4 where price(top: top, elapsedSeconds: dur) > target {
            switch self {
            case .linear: dur = dur.nextUp
            case .stairstepExponential(_, let step): dur += step
            case .exponential: dur += 1
            }
        }
        return price(top: top, elapsedSeconds: dur) <= target ? dur : nil
    }

    /// The per-second `cut` with half-life `halfLifeSeconds`: e^(ln ½ / t½) (the abaci test uses
    /// 0.999230132966 for 900 s).
    public static func exponentialCut(halfLifeSeconds: Double) -> Double { exp(log(0.5) / halfLifeSeconds) }

    /// Every out-of-range parameter, keys as `[protocol.liquidation]` spells them.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        switch self {
        case .linear(let tau):
            if let p = ParameterProblem.requirePositive("curve_tau_seconds", tau) { out.append(p) }
        case .stairstepExponential(let cut, let step):
            if !(cut.isFinite && cut > 0 && cut <= 1) {
                out.append(ParameterProblem(key: "cut", message: "found \(cut), expected a per-step factor in (0, 1]"))
            }
            if let p = ParameterProblem.requirePositive("step_seconds", step) { out.append(p) }
        case .exponential(let cut):
            if !(cut.isFinite && cut > 0 && cut <= 1) {
                out.append(ParameterProblem(key: "cut", message: "found \(cut), expected a per-second factor in (0, 1]"))
            }
        }
        return out
    }
}
