import Stochastic

/// One AMM pool of a scenario: `[[market.pools]]`.
public struct PoolSpec: Sendable, Equatable {
    /// How big the pool is at the start.
    public enum Size: Sendable, Equatable {
        /// Stablecoin reserve in USD; the collateral reserve is depth / initial reference price, so the pool
        /// starts at the reference price and holds 2·depth USD in total.
        case depthUSD(Double)
        /// Explicit reserves (the pool starts at stable/collateral, whatever the reference says).
        case reserves(collateral: Double, stable: Double)
    }

    public var name: String
    public var size: Size
    /// Swap fee as a fraction of the input (0.003 = Uniswap v2).
    public var fee: Double

    public init(name: String, size: Size, fee: Double = ConstantProductPool.uniswapV2Fee) {
        self.name = name
        self.size = size
        self.fee = fee
    }

    /// Every out-of-range parameter; keys as in `[[market.pools]]`.
    public func validate() -> [ParameterProblem] {
        var problems: [ParameterProblem] = []
        switch size {
        case .depthUSD(let d):
            if let p = ParameterProblem.requirePositive("depth_usd", d) { problems.append(p) }
        case .reserves(let x, let y):
            if let p = ParameterProblem.requirePositive("collateral_reserve", x) { problems.append(p) }
            if let p = ParameterProblem.requirePositive("stable_reserve", y) { problems.append(p) }
        }
        if !(fee.isFinite && fee >= 0 && fee < 1) {
            problems.append(ParameterProblem(key: "fee", message: "found \(fee), expected a number in [0, 1)"))
        }
        return problems
    }

    /// The pool at the start of a run.
    /// - Throws: ``MarketError/invalidPool(_:)`` if the spec (or `initialReferencePrice`) is out of range.
    public func makePool(initialReferencePrice: Double) throws -> ConstantProductPool {
        switch size {
        case .depthUSD(let d):
            return try ConstantProductPool(name: name, collateralReserve: d / initialReferencePrice, stableReserve: d, fee: fee)
        case .reserves(let x, let y):
            return try ConstantProductPool(name: name, collateralReserve: x, stableReserve: y, fee: fee)
        }
    }
}
