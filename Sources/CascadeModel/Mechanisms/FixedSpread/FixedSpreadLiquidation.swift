import Stochastic

/// Fixed-spread liquidation with a close factor (Aave v3 `LiquidationLogic.executeLiquidationCall`,
/// Compound v2 `liquidateCalculateSeizeTokens`). The bonus is each asset's ``CollateralAsset/liquidationBonus``.
///
/// A liquidator repays x ≤ closeFactor·debt of the position and receives collateral worth x·(1 + i) at the
/// oracle. Full liquidation is `closeFactor = 1`, the same code path.
public struct FixedSpreadSpec: MechanismParameters, Equatable {
    public static let mechanism = MechanismName.fixedSpread

    /// Share of the debt one liquidation may repay while HF > ``closeFactorHealthThreshold`` (Aave
    /// DEFAULT_LIQUIDATION_CLOSE_FACTOR = 0.5).
    public var closeFactor: Double
    /// Share allowed at or below the threshold (Aave MAX_LIQUIDATION_CLOSE_FACTOR = 1).
    public var fullCloseFactor: Double
    /// Aave CLOSE_FACTOR_HF_THRESHOLD = 0.95: at HF ≤ this, ``fullCloseFactor`` applies.
    public var closeFactorHealthThreshold: Double
    /// Share of the bonus taken as protocol fee (Aave `liquidationProtocolFee`, e.g. 0.1).
    public var protocolFeeShare: Double
    /// A position whose debt, or whose holding of the collateral being seized, is worth less than this (USD)
    /// may be closed in full (aave-v3-origin v3.3 `LiquidationLogic` MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD =
    /// 2,000: `userReserveCollateralInBaseCurrency` and `userReserveDebtInBaseCurrency`, the chosen reserves'
    /// values, not the whole position's). 0 disables.
    public var fullCloseBelowUSD: Double
    /// Dust rule (v3.3 MIN_LEFTOVER_BASE = 1,000): a liquidation that repays less than the whole debt and
    /// takes less than all of the collateral must leave at least this much (USD) of both, or it reverts
    /// (`MUST_NOT_LEAVE_DUST`); the liquidator must pick an amount that complies
    /// (``LendingProtocol/quoteFixedSpreadLeavingNoDust(_:asset:atMost:spec:prices:)``). 0 disables.
    public var minLeftoverUSD: Double
    /// Whether a liquidation that takes a position's last collateral writes off the debt left (Aave v3.3
    /// `_burnBadDebt`, emitting `DeficitCreated`); without it (Aave v2 and v3.0–3.2, Compound v2) the debt
    /// stays on an empty account (``PositionStatus/deficit``). Either way it is bad debt: realised at once,
    /// or unrealised to the end of the run.
    public var burnBadDebt: Bool

    public init(closeFactor: Double = 0.5, fullCloseFactor: Double = 1, closeFactorHealthThreshold: Double = 0.95,
                protocolFeeShare: Double = 0, fullCloseBelowUSD: Double = 0, minLeftoverUSD: Double = 0,
                burnBadDebt: Bool = false) {
        self.closeFactor = closeFactor
        self.fullCloseFactor = fullCloseFactor
        self.closeFactorHealthThreshold = closeFactorHealthThreshold
        self.protocolFeeShare = protocolFeeShare
        self.fullCloseBelowUSD = fullCloseBelowUSD
        self.minLeftoverUSD = minLeftoverUSD
        self.burnBadDebt = burnBadDebt
    }

    /// Every out-of-range parameter, keys as `[protocol.liquidation]` spells them.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        let closeFactorValid = closeFactor.isFinite && closeFactor > 0 && closeFactor <= 1
        if !closeFactorValid {
            out.append(ParameterProblem(key: "close_factor", message: "found \(closeFactor), expected a number in (0, 1]"))
        }
        // Against an invalid close_factor the bound would only repeat that problem (a default 1.0 "below 1.5").
        if closeFactorValid, !(fullCloseFactor.isFinite && fullCloseFactor >= closeFactor && fullCloseFactor <= 1) {
            out.append(ParameterProblem(key: "full_close_factor", message: "found \(fullCloseFactor), expected a number in [close_factor \(closeFactor), 1]"))
        } else if !closeFactorValid, !(fullCloseFactor.isFinite && fullCloseFactor > 0 && fullCloseFactor <= 1) {
            out.append(ParameterProblem(key: "full_close_factor", message: "found \(fullCloseFactor), expected a number in (0, 1]"))
        }
        if let p = ParameterProblem.requireInRange("close_factor_hf_threshold", closeFactorHealthThreshold, 0...1) { out.append(p) }
        if let p = ParameterProblem.requireInRange("protocol_fee_share", protocolFeeShare, 0...1) { out.append(p) }
        if !(fullCloseBelowUSD.isFinite && fullCloseBelowUSD >= 0) {
            out.append(ParameterProblem(key: "full_close_below_usd", message: "found \(fullCloseBelowUSD), expected a finite number ≥ 0"))
        }
        if !(minLeftoverUSD.isFinite && minLeftoverUSD >= 0) {
            out.append(ParameterProblem(key: "min_leftover_usd", message: "found \(minLeftoverUSD), expected a finite number ≥ 0"))
        }
        return out
    }

    /// The close factor at health factor `hf`: 0.5 while HF > 0.95, 1 at or below (Aave v3
    /// `LiquidationLogic`: `healthFactor > CLOSE_FACTOR_HF_THRESHOLD ? DEFAULT : MAX`).
    @inlinable
    public func closeFactor(atHealthFactor hf: Double) -> Double {
        hf > closeFactorHealthThreshold ? closeFactor : fullCloseFactor
    }
}

/// The amounts one fixed-spread liquidation would move; computed without changing anything.
public struct FixedSpreadQuote: Sendable, Equatable {
    public var position: Int
    public var asset: Int
    /// Debt repaid, debt-asset units.
    public var debtRepaid: Double
    /// Collateral taken from the position (fee included), asset units.
    public var collateralSeized: Double
    /// Seized − seized/(1 + i): the bonus part, asset units.
    public var bonusCollateral: Double
    /// protocolFeeShare · bonus, asset units.
    public var protocolFeeCollateral: Double
    public var healthFactorBefore: Double
}

extension LendingProtocol {
    /// What a liquidator asking to repay `requestedDebt` against `asset` (default: the largest holding by
    /// value) would get, or `nil` if the position is not liquidatable, nothing would move, or the call would
    /// revert under the dust rule. Pure.
    ///
    /// Aave v3.3 `LiquidationLogic.executeLiquidationCall` and `_calculateAvailableCollateralToLiquidate`
    /// (aave-dao/aave-v3-origin @ 027aaed7):
    ///
    ///     cf     = closeFactor(HF), or 1 when debt·p_debt or c·p_c < fullCloseBelowUSD
    ///     x      = min(requested, cf · debt)
    ///     seized = x · p_debt / p_c · (1 + i)
    ///     if seized > c:  seized = c,  x = c · p_c / p_debt / (1 + i)     (collateral-capped)
    ///     bonus  = seized − seized / (1 + i),   fee = bonus · protocolFeeShare
    ///     dust:  x < debt and seized < c  ⇒  require (debt − x)·p_debt ≥ m and (c − (seized − fee))·p_c ≥ m
    public func quoteFixedSpread(_ position: Int, asset chosen: Int? = nil, requestedDebt: Double = .infinity,
                                 spec: FixedSpreadSpec, prices: OraclePrices) -> FixedSpreadQuote? {
        precondition(requestedDebt >= 0, "Requested debt must be ≥ 0, got \(requestedDebt)")
        let hf = healthFactor(position, prices: prices)
        guard hf < 1 else { return nil }
        let a = chosen ?? largestCollateral(position, prices: prices)
        let c = book.collateral(position, a)
        let debt = book.debt[position]
        guard c > 0, debt > 0 else { return nil }
        let bonus = 1 + assets[a].liquidationBonus
        let pc = prices.collateral[a], pd = prices.debt

        let cf = maxCloseFactor(position, asset: a, healthFactor: hf, spec: spec, prices: prices)
        var x = min(requestedDebt, cf * debt, debt)
        var seized = x * pd / pc * bonus
        // Capped when the seizure reaches the collateral, to rounding: a liquidator re-asking for a capped
        // quote's own repayment, c·p_c/(p_debt·(1 + i)), must get all of the collateral again, not all but an ulp.
        if seized >= c * (1 - 1e-12) { (x, seized) = (min(debt, c * pc / pd / bonus), c) }
        guard x > 0 else { return nil }
        let bonusCollateral = seized - seized / bonus
        let fee = bonusCollateral * spec.protocolFeeShare
        if spec.minLeftoverUSD > 0 && x < debt && seized < c {
            // v3.3 compares the leftover collateral before the fee is taken: balance − actualCollateralToLiquidate.
            if (debt - x) * pd < spec.minLeftoverUSD || (c - (seized - fee)) * pc < spec.minLeftoverUSD { return nil }
        }
        return FixedSpreadQuote(position: position, asset: a, debtRepaid: x, collateralSeized: seized,
                                bonusCollateral: bonusCollateral, protocolFeeCollateral: fee, healthFactorBefore: hf)
    }

    /// The share of the debt one liquidation against `asset` may repay: the close factor at `hf`, or all of it
    /// for a position below ``FixedSpreadSpec/fullCloseBelowUSD`` in debt or in that asset's collateral.
    func maxCloseFactor(_ position: Int, asset a: Int, healthFactor hf: Double, spec: FixedSpreadSpec, prices: OraclePrices) -> Double {
        if spec.fullCloseBelowUSD > 0 &&
            (book.debt[position] * prices.debt < spec.fullCloseBelowUSD || book.collateral(position, a) * prices.collateral[a] < spec.fullCloseBelowUSD) {
            return 1
        }
        return spec.closeFactor(atHealthFactor: hf)
    }

    /// What a liquidator who knows the dust rule asks for: `atMost` when that complies, else the largest
    /// repayment below it that leaves at least ``FixedSpreadSpec/minLeftoverUSD`` of debt and of collateral,
    ///
    ///     x ≤ debt − m/p_debt,   x ≤ (c − m/p_c) · p_c / (p_debt · ((1 + i) − share·i))
    ///
    /// (the second from c − (seized − fee) ≥ m/p_c), or `nil` when no amount complies (a position the close
    /// factor keeps from being closed whose leftover would be dust: nobody can liquidate it at these prices).
    public func quoteFixedSpreadLeavingNoDust(_ position: Int, asset chosen: Int? = nil, atMost: Double = .infinity,
                                              spec: FixedSpreadSpec, prices: OraclePrices) -> FixedSpreadQuote? {
        if let q = quoteFixedSpread(position, asset: chosen, requestedDebt: atMost, spec: spec, prices: prices) { return q }
        guard spec.minLeftoverUSD > 0, isLiquidatable(position, prices: prices) else { return nil }
        let a = chosen ?? largestCollateral(position, prices: prices)
        let c = book.collateral(position, a), debt = book.debt[position]
        let i = assets[a].liquidationBonus
        let pc = prices.collateral[a], pd = prices.debt
        let m = spec.minLeftoverUSD
        let keptPerDebt = pd / pc * ((1 + i) - spec.protocolFeeShare * i)
        // A hair inside the bound, so that rounding cannot put the leftover a unit in the last place below m.
        let x = min(atMost, debt - m / pd, (c - m / pc) / keptPerDebt) * (1 - 1e-12)
        guard x > 0 else { return nil }
        return quoteFixedSpread(position, asset: a, requestedDebt: x, spec: spec, prices: prices)
    }

    /// Executes a fixed-spread liquidation (see ``quoteFixedSpread(_:asset:requestedDebt:spec:prices:)``),
    /// settles debt left with no collateral (written off under ``FixedSpreadSpec/burnBadDebt``, else left on
    /// a deficit account), re-keys the position, and returns what happened; `nil` when the call would revert.
    @discardableResult
    public mutating func liquidateFixedSpread(_ position: Int, asset: Int? = nil, requestedDebt: Double = .infinity,
                                              spec: FixedSpreadSpec, prices: OraclePrices) -> LiquidationResult? {
        guard let q = quoteFixedSpread(position, asset: asset, requestedDebt: requestedDebt, spec: spec, prices: prices) else {
            return nil
        }
        _repayBySeizure(position, asset: q.asset, debt: q.debtRepaid, seized: q.collateralSeized,
                        fee: q.protocolFeeCollateral, toPool: false)
        if q.protocolFeeCollateral > 0 { _protocolFee(valueInDebtUnits: q.protocolFeeCollateral * prices.inDebtUnits(q.asset)) }
        let written = _settleIfEmpty(position, burn: spec.burnBadDebt)
        _reindex(position, prices: prices)
        _checkInvariants()
        return LiquidationResult(position: position, asset: q.asset, debtRepaid: q.debtRepaid,
                                 collateralSeized: q.collateralSeized, bonusCollateral: q.bonusCollateral,
                                 protocolFeeCollateral: q.protocolFeeCollateral, badDebtWrittenOff: written,
                                 healthFactorBefore: q.healthFactorBefore,
                                 healthFactorAfter: healthFactor(position, prices: prices))
    }
}

extension MechanismName {
    /// Aave v3 / Compound fixed-spread liquidation.
    public static let fixedSpread = MechanismName(rawValue: "fixed-spread")
}

extension MechanismSpec {
    /// Aave v3 / Compound fixed-spread liquidation with these parameters.
    public static func fixedSpread(_ parameters: FixedSpreadSpec) -> MechanismSpec { MechanismSpec(parameters) }
}

extension FixedSpreadSpec: PluggableMechanism {
    func buildRun(_ builder: EngineBuilder) throws -> () throws -> RunResult { try builder.build(FixedSpreadMechanism(rules: self)) }
}
