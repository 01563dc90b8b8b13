import Stochastic

/// Borrower behaviour (`[borrowers]`, off by default): owners who see their health factor fall below
/// `alertHealthFactor` react after a latency, with a probability that grows as HF approaches 1, by adding
/// collateral or repaying debt until HF is back at `targetHealthFactor`. New borrowers arrive as a Poisson
/// process.
public struct BorrowerSpec: Sendable, Equatable {
    public var enabled: Bool
    /// Health factor below which an owner starts to care.
    public var alertHealthFactor: Double
    /// Health factor an owner restores when they act.
    public var targetHealthFactor: Double
    /// Seconds from the alert to the action.
    public var reactionLatency: Distribution
    /// Probability of acting when HF is just below the alert level; it rises linearly to `maxActionProbability`
    /// at HF = 1: p = maxActionProbability · (alert − HF)/(alert − 1).
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

    /// The probability an owner at health factor `hf` acts on an alert.
    public func actionProbability(healthFactor hf: Double) -> Double {
        guard hf < alertHealthFactor else { return 0 }
        let x = (alertHealthFactor - hf) / (alertHealthFactor - 1)
        return maxActionProbability * min(1, max(0, x))
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
        if let p = ParameterProblem.requireInRange("max_action_probability", maxActionProbability, 0...1) { out.append(p) }
        if let p = ParameterProblem.requireInRange("top_up_share", topUpShare, 0...1) { out.append(p) }
        if !(newPositionsPerDay.isFinite && newPositionsPerDay >= 0) {
            out.append(ParameterProblem(key: "new_positions_per_day", message: "found \(newPositionsPerDay), expected a finite number ≥ 0"))
        }
        return out
    }
}
