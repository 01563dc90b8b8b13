/// A running sum with Neumaier's compensation (Neumaier 1974, the improved Kahan–Babuška sum): the rounding
/// error of every addition is kept in a second term, so a long series of additions and subtractions (a
/// running total that members join and leave) stays within a few ulps of the exact sum instead of drifting.
public struct CompensatedSum: Sendable, Equatable {
    @usableFromInline var sum = 0.0
    @usableFromInline var compensation = 0.0

    public init() {}

    /// Adds `x` (subtract with `add(-x)`). - Complexity: O(1).
    @inlinable
    public mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    /// The sum, compensation included.
    public var value: Double { sum + compensation }
}
