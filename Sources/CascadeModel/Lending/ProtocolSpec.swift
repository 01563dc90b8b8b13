import Stochastic

/// The whole `[protocol]` section: assets, mechanism and insurance fund.
public struct ProtocolSpec: Sendable, Equatable {
    /// Name of the debt asset (a stablecoin).
    public var debtAssetName: String
    public var collateral: [CollateralAsset]
    public var liquidation: MechanismSpec
    public var insurance: InsuranceFundSpec

    public init(debtAssetName: String = "USD", collateral: [CollateralAsset], liquidation: MechanismSpec,
                insurance: InsuranceFundSpec = InsuranceFundSpec()) {
        self.debtAssetName = debtAssetName
        self.collateral = collateral
        self.liquidation = liquidation
        self.insurance = insurance
    }

    /// Every problem, keys relative to `[protocol]` (`collateral[1].ltv`, `liquidation.chop`, `insurance.penalty_share`).
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if collateral.isEmpty {
            out.append(ParameterProblem(key: "collateral", message: "found no [[protocol.collateral]], expected at least one"))
        }
        var seen = Set<String>()
        for (i, asset) in collateral.enumerated() {
            out += asset.validate().map { ParameterProblem(key: "collateral[\(i)].\($0.key)", message: $0.message) }
            if !seen.insert(asset.name).inserted || asset.name == debtAssetName || asset.name == "debt" {
                out.append(ParameterProblem(key: "collateral[\(i)].name", message: "found \"\(asset.name)\" twice or clashing with the debt asset, expected a unique name"))
            }
        }
        out += liquidation.validate().map { ParameterProblem(key: "liquidation.\($0.key)", message: $0.message) }
        out += insurance.validate().map { ParameterProblem(key: "insurance.\($0.key)", message: $0.message) }
        return out
    }
}
