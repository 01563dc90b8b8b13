import Foundation
import Stochastic

/// How sales of seized collateral move the reference (CEX) price: `[market.impact]`.
///
/// Depth follows the Risk DAO convention of quoting "USD volume for a 10% price move" (V10). Selling V USD
/// moves the log price by ln(0.9)·V/V10: exactly −10% at V = V10, and additive in log space, so splitting a
/// sale into pieces moves the price the same as selling it at once and each generation's share is a simple
/// sum (see ``ReferencePrice``). The impact then decays exponentially with a half-life.
public struct PriceImpactSpec: Sendable, Equatable {
    /// USD sold for a 10% price drop. `.infinity` = no impact.
    public var volumeFor10PctMoveUSD: Double
    /// Seconds for half of the impact to fade. 0 or `.infinity` = permanent (never decays).
    public var impactHalfLifeSeconds: Double

    public init(volumeFor10PctMoveUSD: Double, impactHalfLifeSeconds: Double = .infinity) {
        self.volumeFor10PctMoveUSD = volumeFor10PctMoveUSD
        self.impactHalfLifeSeconds = impactHalfLifeSeconds
    }

    /// Whether impact never decays.
    public var isPermanent: Bool { impactHalfLifeSeconds == 0 || impactHalfLifeSeconds == .infinity }

    /// ln(0.9)·usd/V10: the log move from selling `usd`.
    public func logImpact(ofSellingUSD usd: Double) -> Double {
        volumeFor10PctMoveUSD == .infinity ? 0 : log(0.9) * usd / volumeFor10PctMoveUSD
    }

    /// The factor every remaining impact is multiplied by after `dt` seconds: 2^(−dt/half-life).
    public func decayFactor(dt: Double) -> Double {
        isPermanent ? 1 : exp2(-dt / impactHalfLifeSeconds)
    }

    /// Every out-of-range parameter; keys as in `[market.impact]`.
    public func validate() -> [ParameterProblem] {
        var problems: [ParameterProblem] = []
        if !(volumeFor10PctMoveUSD > 0) {
            problems.append(ParameterProblem(key: "volume_for_10pct_move_usd",
                                             message: "found \(volumeFor10PctMoveUSD), expected a number > 0 (or inf for no impact)"))
        }
        if !(impactHalfLifeSeconds >= 0) {
            problems.append(ParameterProblem(key: "impact_half_life_seconds",
                                             message: "found \(impactHalfLifeSeconds), expected a number ≥ 0 (0 or inf = permanent)"))
        }
        return problems
    }
}
