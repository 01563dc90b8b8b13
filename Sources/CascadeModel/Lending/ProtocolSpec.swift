import Stochastic

/// The whole `[protocol]` section: assets, mechanism and insurance fund.
public struct ProtocolSpec: Sendable, Equatable {
    /// Name of the debt asset (a stablecoin).
    public var debtAssetName: String
    public var collateral: [CollateralAsset]
    public var liquidation: MechanismSpec
    public var insurance: InsuranceFundSpec
    /// How the protocol values its debt in health factors and auction prices (`debt_valuation`).
    public var debtValuation: DebtValuation

    /// `"market"`: at the debt asset's price (Aave and Compound read a DAI/USD or USDC/USD oracle); `"par"`:
    /// at its target price of 1 (MakerDAO: `spot.sol` `spot = val / par / mat`, `clip.sol` `top = val / par ·
    /// buf`, with `par` = 1 RAY since launch). Under `par` the debt asset's market price still sets what
    /// keepers pay for the stablecoin they bid or repay with.
    public enum DebtValuation: String, Sendable, CaseIterable, Equatable {
        case market, par
    }

    public init(debtAssetName: String = "USD", collateral: [CollateralAsset], liquidation: MechanismSpec,
                insurance: InsuranceFundSpec = InsuranceFundSpec(), debtValuation: DebtValuation? = nil) {
        self.debtAssetName = debtAssetName
        self.collateral = collateral
        self.liquidation = liquidation
        self.insurance = insurance
        self.debtValuation = debtValuation ?? Self.defaultDebtValuation(for: liquidation.name)
    }

    /// `par` for MakerDAO's auction mechanisms (flip, clip), `market` for the others.
    public static func defaultDebtValuation(for mechanism: MechanismName) -> DebtValuation {
        mechanism == .dutchAuction || mechanism == .englishAuction ? .par : .market
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
        if liquidation.name == .softLiquidation && collateral.count != 1 {
            out.append(ParameterProblem(key: "collateral", message: "found \(collateral.count) collateral assets with mechanism \"soft-liquidation\", expected one: a LLAMMA market has one collateral"))
        }
        out += insurance.validate().map { ParameterProblem(key: "insurance.\($0.key)", message: $0.message) }
        if debtValuation == .par && Self.defaultDebtValuation(for: liquidation.name) != .par {
            out.append(ParameterProblem(key: "debt_valuation", message: "found \"par\" with mechanism \"\(liquidation.name.rawValue)\", expected \"market\": par is MakerDAO's valuation (spot.sol), for the dutch-auction and english-auction mechanisms"))
        }
        return out
    }
}
