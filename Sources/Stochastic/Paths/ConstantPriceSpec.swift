/// A price that never moves: the default for the stablecoin debt asset (1 USD).
public struct ConstantPriceSpec: Sendable, Equatable {
    /// The price at every tick (`price`).
    public var price: Double

    public init(price: Double = 1) { self.price = price }

    /// Problems with the parameters, keyed as the scenario spells them.
    public func validate() -> [ParameterProblem] {
        [ParameterProblem.requirePositive("price", price)].compactMap { $0 }
    }
}
