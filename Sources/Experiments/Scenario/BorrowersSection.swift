import CascadeModel
import Stochastic

/// `[borrowers]`: owners who defend their positions, and new arrivals → ``BorrowerSpec`` (off by default).
enum BorrowersSection {
    static func decode(_ r: ConfigReader) -> BorrowerSpec {
        let d = BorrowerSpec()
        let spec = BorrowerSpec(
            enabled: r.bool("enabled", default: d.enabled),
            alertHealthFactor: r.double("alert_health_factor", default: d.alertHealthFactor),
            targetHealthFactor: r.double("target_health_factor", default: d.targetHealthFactor),
            reactionLatency: r.distribution("reaction_latency", default: d.reactionLatency),
            maxActionProbability: r.double("max_action_probability", default: d.maxActionProbability),
            topUpShare: r.double("top_up_share", default: d.topUpShare),
            newPositionsPerDay: r.double("new_positions_per_day", default: d.newPositionsPerDay))
        r.reportComponent(spec.validate())
        r.finish()
        return spec
    }
}
