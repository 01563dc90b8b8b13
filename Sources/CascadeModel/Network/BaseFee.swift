/// The EIP-1559 base-fee update, in `Double` gwei.
public enum BaseFee {
    /// One wei in gwei: the smallest increase EIP-1559 allows after a block above target.
    public static let oneWeiInGwei = 1e-9

    /// The next block's base fee from its parent's, per the EIP-1559 specification
    /// (`eips.ethereum.org/EIPS/eip-1559`, "Specification"):
    ///
    ///     used == target: b
    ///     used >  target: b + max(b · (used − target) / target / D, 1 wei)
    ///     used <  target: b − b · (target − used) / target / D
    ///
    /// with `D = denominator` (8), so the fee moves at most ±12.5% per block. The spec's integer divisions are
    /// real divisions here.
    public static func next(baseFeeGwei b: Double, gasUsed: Double, gasTarget: Double, denominator: Double = 8) -> Double {
        precondition(gasTarget > 0, "Gas target must be > 0, got \(gasTarget)")
        if gasUsed == gasTarget { return b }
        if gasUsed > gasTarget {
            return b + max(b * (gasUsed - gasTarget) / gasTarget / denominator, oneWeiInGwei)
        }
        return b - b * (gasTarget - gasUsed) / gasTarget / denominator
    }
}
