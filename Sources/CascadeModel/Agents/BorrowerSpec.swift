import Stochastic

/// Borrower behaviour (`[borrowers]`, off by default): while a position's health factor is below
/// `alertHealthFactor`, its owner acts at the hazard rate
///
///     λ(HF) = maxActionProbability / E[reactionLatency] · min(1, (alert − HF)/(alert − 1))   per second,
///
/// adding collateral or repaying debt until HF is back at `targetHealthFactor`. At HF ≤ 1 with probability 1
/// an owner acts after an exponential time with the reaction latency's mean; halfway between 1 and the
/// alert level, at half that rate. New borrowers arrive as a Poisson process.
public struct BorrowerSpec: Sendable, Equatable {
    public var enabled: Bool
    /// Health factor below which an owner starts to care.
    public var alertHealthFactor: Double
    /// Health factor an owner restores when they act.
    public var targetHealthFactor: Double
    /// Seconds an owner takes to act at HF ≤ 1 with probability 1: its mean sets the hazard rate's scale.
    public var reactionLatency: Distribution
    /// Scales the hazard rate: the owner's propensity to act at HF ≤ 1 (0 never acts, 1 acts at the rate
    /// 1/E[latency]); the rate falls linearly to 0 at the alert level.
    public var maxActionProbability: Double
    /// Share of the actions that add collateral (the rest repay debt).
    public var topUpShare: Double
    /// New positions per day (Poisson), drawn like the initial population.
    public var newPositionsPerDay: Double

    public init(enabled: Bool = false, alertHealthFactor: Double = 1.15, targetHealthFactor: Double = 1.5,
                reactionLatency: Distribution = .exponential(mean: 3600), maxActionProbability: Double = 0.5,
                topUpShare: Double = 0.5, newPositionsPerDay: Double = 0) {
        self.enabled = enabled
        self.alertHealthFactor = alertHealthFactor
        self.targetHealthFactor = targetHealthFactor
        self.reactionLatency = reactionLatency
        self.maxActionProbability = maxActionProbability
        self.topUpShare = topUpShare
        self.newPositionsPerDay = newPositionsPerDay
    }

    /// The hazard rate's maximum, reached at HF ≤ 1, per second.
    public var maxHazardRate: Double {
        guard let mean = reactionLatency.mean, mean > 0, mean.isFinite else { return 0 }
        return maxActionProbability / mean
    }

    /// The rate (per second) at which an owner at health factor `hf` acts.
    public func hazardRate(healthFactor hf: Double) -> Double {
        guard hf < alertHealthFactor else { return 0 }
        let x = (alertHealthFactor - hf) / (alertHealthFactor - 1)
        return maxHazardRate * min(1, max(0, x))
    }

    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if !(alertHealthFactor.isFinite && alertHealthFactor > 1) {
            out.append(ParameterProblem(key: "alert_health_factor", message: "found \(alertHealthFactor), expected a number > 1"))
        }
        if !(targetHealthFactor.isFinite && targetHealthFactor >= alertHealthFactor) {
            out.append(ParameterProblem(key: "target_health_factor", message: "found \(targetHealthFactor), expected a number ≥ alert_health_factor \(alertHealthFactor)"))
        }
        out += reactionLatency.problems.map { ParameterProblem(key: "reaction_latency.\($0.parameter)", message: $0.message) }
        if reactionLatency.problems.isEmpty, !((reactionLatency.mean ?? 0) > 0 && (reactionLatency.mean ?? 0).isFinite) {
            out.append(ParameterProblem(key: "reaction_latency", message: "found a \(reactionLatency.family.rawValue) distribution \(reactionLatency.mean.map { "with mean \($0)" } ?? "whose mean is undefined"), expected one with a finite mean > 0 (it sets the owners' hazard rate)"))
        }
        if let p = ParameterProblem.requireInRange("max_action_probability", maxActionProbability, 0...1) { out.append(p) }
        if let p = ParameterProblem.requireInRange("top_up_share", topUpShare, 0...1) { out.append(p) }
        if !(newPositionsPerDay.isFinite && newPositionsPerDay >= 0) {
            out.append(ParameterProblem(key: "new_positions_per_day", message: "found \(newPositionsPerDay), expected a finite number ≥ 0"))
        }
        return out
    }
}
