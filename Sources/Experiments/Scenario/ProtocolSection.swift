import CascadeModel
import Stochastic

/// `[protocol]`: collateral assets, the liquidation mechanism and the insurance fund → ``ProtocolSpec``.
enum ProtocolSection {
    enum Curve: String, CaseIterable {
        case linear
        case stairstepExponential = "stairstep-exponential"
        case exponential
    }

    enum Fallback: String, CaseIterable {
        case leaveOpen = "leave-open"
        case fixedSpread = "fixed-spread"
    }

    /// - Parameter debtAsset: `[price.debt]`'s name; the protocol's debt asset is that one (one name, one place).
    static func decode(_ r: ConfigReader, debtAsset: String) -> ProtocolSpec {
        let collateral = r.sections("collateral", required: true).map { c in
            let asset = CollateralAsset(
                name: c.string("name"), loanToValue: c.double("ltv"),
                liquidationThreshold: c.double("liquidation_threshold"), liquidationBonus: c.double("liquidation_bonus"),
                debtCeilingUSD: c.number("debt_ceiling_usd", default: .infinity, allowInfinity: true))
            c.finish()
            return asset
        }
        let liquidation = r.section("liquidation", required: true).map(mechanism) ?? .fixedSpread(FixedSpreadSpec())
        let insurance: InsuranceFundSpec = {
            let i = r.sectionOrDefaults("insurance")
            let d = InsuranceFundSpec()
            let spec = InsuranceFundSpec(initialBalance: i.double("initial_balance", default: d.initialBalance),
                                         penaltyShare: i.double("penalty_share", default: d.penaltyShare),
                                         protocolFeeShare: i.double("protocol_fee_share", default: d.protocolFeeShare))
            i.finish()
            return spec
        }()
        let valuation: ProtocolSpec.DebtValuation = r.choice("debt_valuation", default: ProtocolSpec.defaultDebtValuation(for: liquidation.name))
        let spec = ProtocolSpec(debtAssetName: debtAsset, collateral: collateral, liquidation: liquidation, insurance: insurance,
                                debtValuation: valuation)
        r.reportComponent(spec.validate().map { ParameterProblem(key: curveKeys[$0.key] ?? $0.key, message: $0.message) })
        r.finish()
        return spec
    }

    /// ``AuctionPriceCurve/validate()`` names its keys as if they sat in `[protocol.liquidation]`; the file
    /// writes them inside `curve`.
    static let curveKeys = [
        "liquidation.curve_tau_seconds": "liquidation.curve.tau",
        "liquidation.cut": "liquidation.curve.cut",
        "liquidation.step_seconds": "liquidation.curve.step",
    ]

    /// `[protocol.liquidation]`: `mechanism` and that mechanism's keys only (another mechanism's key is unknown).
    private static func mechanism(_ r: ConfigReader) -> MechanismSpec {
        let mechanism: MechanismName = r.choice("mechanism")
        let result: MechanismSpec
        switch mechanism {
        case .fixedSpread:
            result = .fixedSpread(fixedSpread(r))
        case .dutchAuction:
            let d = DutchAuctionSpec()
            result = .dutchAuction(DutchAuctionSpec(
                chop: r.double("chop", default: d.chop), buf: r.double("buf", default: d.buf),
                curve: curve(r.sectionOrDefaults("curve")),
                tailSeconds: r.seconds("tail_seconds", default: d.tailSeconds), cusp: r.double("cusp", default: d.cusp),
                tip: r.double("tip", default: d.tip), chip: r.double("chip", default: d.chip), dust: r.double("dust", default: d.dust),
                hole: r.contains("hole") ? r.double("hole") : d.hole,
                globalHole: r.contains("global_hole") ? r.double("global_hole") : d.globalHole))
        case .englishAuction:
            let d = EnglishAuctionSpec()
            result = .englishAuction(EnglishAuctionSpec(
                chop: r.double("chop", default: d.chop), beg: r.double("beg", default: d.beg),
                ttlSeconds: r.seconds("ttl_seconds", default: d.ttlSeconds), tauSeconds: r.seconds("tau_seconds", default: d.tauSeconds),
                lump: r.contains("lump") ? r.double("lump") : d.lump))
        case .backstopPool:
            let initial = r.double("initial_balance")
            let d = BackstopPoolSpec(initialBalance: initial)
            let target = r.double("target_balance", default: initial)
            let halfLife = r.seconds("refill_half_life_seconds", default: d.refillHalfLifeSeconds, allowInfinity: true)
            let discount = r.double("discount", default: d.discount)
            let f = r.sectionOrDefaults("fallback")
            let kind: Fallback = f.choice("type", default: .leaveOpen)
            let fallback: BackstopFallback = kind == .fixedSpread ? .fixedSpread(fixedSpread(f)) : .leaveOpen
            f.finish()
            result = .backstopPool(BackstopPoolSpec(initialBalance: initial, targetBalance: target,
                                                    refillHalfLifeSeconds: halfLife, discount: discount, fallback: fallback))
        case .softLiquidation:
            let d = SoftLiquidationSpec()
            let bandsMin = r.int("bands_min", default: d.bandsMin)
            result = .softLiquidation(SoftLiquidationSpec(
                amplification: r.int("amplification", default: d.amplification),
                bandsMin: bandsMin, bandsMax: r.int("bands_max", default: bandsMin),
                fee: r.double("fee", default: d.fee), adminFee: r.double("admin_fee", default: d.adminFee),
                loanDiscount: r.double("loan_discount", default: d.loanDiscount),
                liquidationDiscount: r.double("liquidation_discount", default: d.liquidationDiscount),
                emaTimeConstantSeconds: r.seconds("ema_time_constant", default: d.emaTimeConstantSeconds),
                ratePerYear: r.double("rate_per_year", default: d.ratePerYear),
                lookIntervalSeconds: r.seconds("look_interval", default: d.lookIntervalSeconds)))
        default:
            // A registered mechanism whose keys this section does not read yet.
            r.problem("mechanism", "found \"\(mechanism)\", which has no scenario section, expected one of \(MechanismRegistry.names.map { "\"\($0)\"" }.joined(separator: ", "))")
            result = .fixedSpread(FixedSpreadSpec())
        }
        r.finish()
        return result
    }

    /// The fixed-spread keys (Aave v3 `LiquidationLogic` defaults), in `[protocol.liquidation]` or a backstop's
    /// `fallback`.
    private static func fixedSpread(_ r: ConfigReader) -> FixedSpreadSpec {
        let d = FixedSpreadSpec()
        return FixedSpreadSpec(
            closeFactor: r.double("close_factor", default: d.closeFactor),
            fullCloseFactor: r.double("full_close_factor", default: d.fullCloseFactor),
            closeFactorHealthThreshold: r.double("close_factor_hf_threshold", default: d.closeFactorHealthThreshold),
            protocolFeeShare: r.double("protocol_fee_share", default: d.protocolFeeShare),
            fullCloseBelowUSD: r.double("full_close_below_usd", default: d.fullCloseBelowUSD),
            minLeftoverUSD: r.double("min_leftover_usd", default: d.minLeftoverUSD),
            burnBadDebt: r.bool("burn_bad_debt", default: d.burnBadDebt))
    }

    /// `curve = { type = "linear", tau = "1h" }`, `{ type = "stairstep-exponential", cut = 0.99, step = "90s" }`
    /// or `{ type = "exponential", cut = 0.9999 }` / `{ type = "exponential", half_life = "15m" }` (MakerDAO
    /// `abaci.sol`). Absent: the dss default, stairstep 0.99 every 90 s. Range problems come from
    /// ``DutchAuctionSpec/validate()`` through ``curveKeys``.
    private static func curve(_ r: ConfigReader) -> AuctionPriceCurve {
        let kind: Curve = r.choice("type", default: .stairstepExponential)
        let curve: AuctionPriceCurve
        switch kind {
        case .linear:
            curve = .linear(tauSeconds: r.seconds("tau"))
        case .stairstepExponential:
            curve = .stairstepExponential(cut: r.double("cut", default: 0.99), stepSeconds: r.seconds("step", default: 90))
        case .exponential:
            if r.contains("half_life") {
                if r.contains("cut") {
                    _ = r.double("cut")  // read, so it is not also reported as unknown
                    r.problem("cut", "found both cut and half_life, expected one of them")
                }
                let halfLife = r.seconds("half_life")
                if !(halfLife.isFinite && halfLife > 0) {
                    r.problem("half_life", "found \(halfLife), expected a finite number > 0")
                    curve = .exponential(cut: 1)
                } else {
                    curve = .exponential(cut: AuctionPriceCurve.exponentialCut(halfLifeSeconds: halfLife))
                }
            } else {
                curve = .exponential(cut: r.double("cut"))
            }
        }
        r.finish()
        return curve
    }
}
