/// One asset's price path: its name, its model and optional scripted moves on top.
///
/// The price at time t is `model price(t) × Π moves[i].multiplier(t)`, so a scripted crash can be laid on
/// a constant price (a purely hand-made path) or on any stochastic model (a hand-made stress with noise).
public struct AssetPathSpec: Sendable, Equatable {
    /// The asset's symbol (`name`), e.g. "ETH"; names the random stream "price/<name>".
    public var name: String
    /// The generator (`model` and its keys).
    public var model: PriceModel
    /// Scripted moves multiplied on top (`[[price.assets.moves]]`).
    public var moves: [ScriptedMove]

    public init(name: String, model: PriceModel, moves: [ScriptedMove] = []) {
        self.name = name
        self.model = model
        self.moves = moves
    }

    /// The stablecoin debt asset's default: "DAI" at a constant 1.
    public static let defaultDebtAsset = AssetPathSpec(name: "DAI", model: .constant(ConstantPriceSpec(price: 1)))

    /// Problems with the asset, keyed relative to its section.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if name.isEmpty { out.append(ParameterProblem(key: "name", message: "found an empty name, expected an asset symbol")) }
        out += model.validate()
        for (i, move) in moves.enumerated() { out += move.validate().map { $0.prefixed("moves[\(i)]") } }
        return out
    }
}
