import Stochastic

/// Block production and fee-market parameters. Defaults are Ethereum mainnet since the Merge/London.
public struct NetworkConfig: Equatable, Sendable {
    /// How block times are spaced.
    public enum BlockProduction: String, Equatable, Sendable {
        /// Every `blockTimeSeconds` exactly (proof-of-stake slots).
        case fixed
        /// Exponential gaps with mean `blockTimeSeconds` (proof-of-work, as on Black Thursday).
        case poisson
    }

    /// Mean seconds between blocks (12 s slots since the Merge).
    public var blockTimeSeconds: Double = 12
    public var blockProduction: BlockProduction = .fixed
    /// Gas per block (30,000,000 from 2021 to early 2025).
    public var gasLimit: Int = 30_000_000
    /// EIP-1559 `ELASTICITY_MULTIPLIER`: target = gasLimit / elasticity.
    public var elasticityMultiplier: Int = 2
    /// EIP-1559 `BASE_FEE_MAX_CHANGE_DENOMINATOR`.
    public var baseFeeChangeDenominator: Double = 8
    /// Base fee of the first block, gwei.
    public var initialBaseFeeGwei: Double = 20
    /// Whether a public keeper's transactions carry nonces, are mined in nonce order and can be stuck behind
    /// one priced below the base fee (`nonce_order`); off: each transaction stands alone.
    public var nonceOrder: Bool = false

    public init(blockTimeSeconds: Double = 12, blockProduction: BlockProduction = .fixed, gasLimit: Int = 30_000_000,
                elasticityMultiplier: Int = 2, baseFeeChangeDenominator: Double = 8, initialBaseFeeGwei: Double = 20,
                nonceOrder: Bool = false) {
        self.nonceOrder = nonceOrder
        self.blockTimeSeconds = blockTimeSeconds
        self.blockProduction = blockProduction
        self.gasLimit = gasLimit
        self.elasticityMultiplier = elasticityMultiplier
        self.baseFeeChangeDenominator = baseFeeChangeDenominator
        self.initialBaseFeeGwei = initialBaseFeeGwei
    }

    /// EIP-1559 gas target, `gasLimit / elasticityMultiplier` (integer division, as in the spec).
    public var gasTarget: Int { gasLimit / elasticityMultiplier }

    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if let p = ParameterProblem.requirePositive("block_time_seconds", blockTimeSeconds) { out.append(p) }
        if gasLimit <= 0 { out.append(ParameterProblem(key: "gas_limit", message: "found \(gasLimit), expected an integer > 0")) }
        if elasticityMultiplier < 1 || gasLimit / max(elasticityMultiplier, 1) <= 0 {
            out.append(ParameterProblem(key: "elasticity_multiplier",
                                        message: "found \(elasticityMultiplier), expected an integer ≥ 1 and ≤ gas_limit"))
        }
        if let p = ParameterProblem.requirePositive("base_fee_change_denominator", baseFeeChangeDenominator) { out.append(p) }
        if let p = ParameterProblem.requirePositive("initial_base_fee_gwei", initialBaseFeeGwei) { out.append(p) }
        return out
    }
}
