/// Several pools trading the same collateral against the stablecoin, with different depths and fees, and a
/// simple router over them.
public struct Venue: Sendable, Equatable {
    public private(set) var pools: [ConstantProductPool]

    /// - Precondition: at least one pool.
    public init(pools: [ConstantProductPool]) {
        precondition(!pools.isEmpty, "A venue needs at least one pool")
        self.pools = pools
    }

    /// Gives mutable access to one pool (arbitrage, liquidity dynamics).
    public mutating func withPool<R>(_ index: Int, _ body: (inout ConstantProductPool) throws -> R) rethrows -> R {
        try body(&pools[index])
    }

    /// The pool paying the most for an exact input, and its quote; `nil` if every pool refuses it.
    /// Ties go to the lowest index.
    /// - Complexity: O(number of pools).
    public func bestQuoteExactIn(_ amountIn: Double, _ direction: SwapDirection) -> (poolIndex: Int, quote: SwapQuote)? {
        var best: (Int, SwapQuote)?
        for (i, pool) in pools.enumerated() {
            guard let q = try? pool.quoteExactIn(amountIn, direction) else { continue }
            if best == nil || q.amountOut > best!.1.amountOut { best = (i, q) }
        }
        return best
    }

    /// Executes an exact-in swap in the single best pool.
    /// - Throws: the first pool's ``MarketError`` if every pool refuses; the venue is then unchanged.
    @discardableResult
    public mutating func swapExactInBestPool(_ amountIn: Double, _ direction: SwapDirection,
                                             generation: Int? = nil) throws -> (poolIndex: Int, quote: SwapQuote) {
        guard let (i, _) = bestQuoteExactIn(amountIn, direction) else {
            // Every pool refused: report why the first one did (quotes are deterministic, so it throws).
            _ = try pools[0].quoteExactIn(amountIn, direction)
            preconditionFailure("Pool 0 refused a quote and then accepted it")
        }
        let q = try pools[i].swapExactIn(amountIn, direction, generation: generation)
        return (i, q)
    }

    /// Sells `amountIn` across pools greedily: `chunks` equal slices, each routed to the pool that pays
    /// most for it at that moment. As slices shrink this approaches the split that equalizes every used
    /// pool's marginal price after fee.
    /// - Throws: ``MarketError`` if the amount is invalid or some slice is refused by every pool; the venue
    ///   is then unchanged.
    /// - Complexity: O(chunks · pools).
    @discardableResult
    public mutating func swapExactInGreedy(_ amountIn: Double, _ direction: SwapDirection, chunks: Int = 64,
                                           generation: Int? = nil) throws -> VenueFill {
        precondition(chunks >= 1, "Chunks \(chunks), expected ≥ 1")
        try ConstantProductPool.requireAmount(amountIn)
        var trial = self
        var fills: [(poolIndex: Int, quote: SwapQuote)] = []
        let slice = amountIn / Double(chunks)
        for _ in 0..<chunks {
            fills.append(try trial.swapExactInBestPool(slice, direction, generation: generation))
        }
        self = trial
        return VenueFill(direction: direction, fills: fills)
    }

    /// Spot prices of all pools, in pool order.
    public var spotPrices: [Double] { pools.map(\.spotPrice) }
}

/// The result of routing one order across a venue's pools.
public struct VenueFill: Sendable {
    public let direction: SwapDirection
    /// Every executed slice, in execution order.
    public let fills: [(poolIndex: Int, quote: SwapQuote)]

    public var amountIn: Double { fills.reduce(0) { $0 + $1.quote.amountIn } }
    public var amountOut: Double { fills.reduce(0) { $0 + $1.quote.amountOut } }
    /// Average price, stable per collateral.
    public var executionPrice: Double {
        direction == .sellCollateral ? amountOut / amountIn : amountIn / amountOut
    }
}
