/// An arbitrage trade against one pool, decided but not executed.
public struct ArbitrageTrade: Sendable, Equatable {
    /// The pool-side swap: direction and exact input (collateral when selling into the pool).
    public let swap: SwapQuote
    /// Profit valued at the reference price, USD: out − P_ref·in when selling collateral into the pool
    /// (collateral bought outside), P_ref·out − in when buying it (collateral sold outside).
    public let profitUSD: Double
    /// Capital tied up, USD: P_ref·in when selling collateral into the pool, in when buying.
    public let capitalUsedUSD: Double
    /// Whether capital, not the price gap, limited the size.
    public let cappedByCapital: Bool
}

/// The arbitrageur's decision rule: pure, so the integrator can call it at the (latency-delayed) moment the
/// trade lands and execute it with ``ConstantProductPool/swapExactIn(_:_:generation:)``.
public enum Arbitrage {
    /// The profit-maximizing trade of ``ConstantProductPool/profitMaximizingTrade(referencePrice:)``,
    /// shrunk to fit `capitalUSD`, or `nil` when the reference is within the pool's fee band or the profit
    /// does not exceed `minProfitUSD`.
    ///
    /// Profit is concave in size and rises up to the optimum, so the capped trade is the best one the
    /// capital allows and is still profitable.
    /// - Precondition: `referencePrice` finite and > 0; `capitalUSD` > 0.
    public static func optimalTrade(pool: ConstantProductPool, referencePrice: Double,
                                    capitalUSD: Double = .infinity, minProfitUSD: Double = 0) -> ArbitrageTrade? {
        precondition(capitalUSD > 0, "Capital \(capitalUSD) USD, expected > 0")
        guard let ideal = pool.profitMaximizingTrade(referencePrice: referencePrice) else { return nil }
        let capitalLimit = ideal.direction == .sellCollateral ? capitalUSD / referencePrice : capitalUSD
        let capped = ideal.amountIn > capitalLimit
        let amountIn = capped ? capitalLimit : ideal.amountIn
        guard let q = try? pool.quoteExactIn(amountIn, ideal.direction) else { return nil }
        let profit: Double, used: Double
        switch q.direction {
        case .sellCollateral:
            used = referencePrice * q.amountIn
            profit = q.amountOut - used
        case .buyCollateral:
            used = q.amountIn
            profit = referencePrice * q.amountOut - used
        }
        guard profit > minProfitUSD else { return nil }
        return ArbitrageTrade(swap: q, profitUSD: profit, capitalUsedUSD: used, cappedByCapital: capped)
    }

    /// ``optimalTrade(pool:referencePrice:capitalUSD:minProfitUSD:)`` with the spec's capital and threshold.
    public static func optimalTrade(pool: ConstantProductPool, referencePrice: Double,
                                    spec: ArbitrageurSpec) -> ArbitrageTrade? {
        optimalTrade(pool: pool, referencePrice: referencePrice, capitalUSD: spec.capitalUSD,
                     minProfitUSD: spec.minProfitUSD)
    }
}
