/// How a replayed history is read between its own timestamps.
public enum GapPolicy: String, Sendable, CaseIterable, Equatable {
    /// The last observed price holds until the next observation (`"hold"`): what an exchange feed shows.
    case hold
    /// Linear interpolation in log price between the surrounding observations (`"log-linear"`): a
    /// constant growth rate across the gap.
    case logLinear = "log-linear"
}
