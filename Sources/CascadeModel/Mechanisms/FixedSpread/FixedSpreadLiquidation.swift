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
    /// Positions whose debt or collateral value is below this (USD) may be closed in full (aave-v3-origin
    /// v3.3 MIN_BASE_MAX_CLOSE_FACTOR_THRESHOLD = 2,000). 0 disables.
    public var fullCloseBelowUSD: Double
    /// Dust rule (v3.3 MIN_LEFTOVER_BASE = 1,000): a liquidation that would leave less than this (USD) of
    /// debt or of the seized collateral is extended to the whole position. 0 disables.
    public var minLeftoverUSD: Double

    public init(closeFactor: Double = 0.5, fullCloseFactor: Double = 1, closeFactorHealthThreshold: Double = 0.95,
                protocolFeeShare: Double = 0, fullCloseBelowUSD: Double = 0, minLeftoverUSD: Double = 0) {
        self.closeFactor = closeFactor
        self.fullCloseFactor = fullCloseFactor
        self.closeFactorHealthThreshold = closeFactorHealthThreshold
        self.protocolFeeShare = protocolFeeShare
        self.fullCloseBelowUSD = fullCloseBelowUSD
        self.minLeftoverUSD = minLeftoverUSD
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
    /// value) would get, or `nil` if the position is not liquidatable or nothing would move. Pure.
    ///
    /// Aave v3 `_calculateAvailableCollateralToLiquidate`:
    ///
    ///     x      = min(requested, closeFactor(HF) · debt)
    ///     seized = x · p_debt / p_c · (1 + i)
    ///     if seized > c:  seized = c,  x = c · p_c / p_debt / (1 + i)     (collateral-capped)
    ///     bonus  = seized − seized / (1 + i),   fee = bonus · protocolFeeShare
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

        var cf = spec.closeFactor(atHealthFactor: hf)
        if spec.fullCloseBelowUSD > 0 &&
            (debt * pd < spec.fullCloseBelowUSD || book.collateralUSD(position, prices: prices) < spec.fullCloseBelowUSD) {
            cf = 1
        }
        func amounts(_ want: Double) -> (debt: Double, seized: Double) {
            let x = min(want, debt)
            let seized = x * pd / pc * bonus
            if seized >= c { return (min(debt, c * pc / pd / bonus), c) }
            return (x, seized)
        }
        var (x, seized) = amounts(min(requestedDebt, cf * debt))
        if spec.minLeftoverUSD > 0 && x < debt && seized < c {
            let debtLeft = (debt - x) * pd, collLeft = (c - seized) * pc
            if debtLeft < spec.minLeftoverUSD || collLeft < spec.minLeftoverUSD {
                // v3.3 reverts with MUST_NOT_LEAVE_DUST; a liquidator then retries with the whole debt.
                (x, seized) = amounts(debt)
            }
        }
        guard x > 0 else { return nil }
        let bonusCollateral = seized - seized / bonus
        return FixedSpreadQuote(position: position, asset: a, debtRepaid: x, collateralSeized: seized,
                                bonusCollateral: bonusCollateral,
                                protocolFeeCollateral: bonusCollateral * spec.protocolFeeShare, healthFactorBefore: hf)
    }

    /// Executes a fixed-spread liquidation (see ``quoteFixedSpread(_:asset:requestedDebt:spec:prices:)``),
    /// writes off debt left with no collateral, re-keys the position, and returns what happened; `nil` when
    /// the position is not liquidatable.
    @discardableResult
    public mutating func liquidateFixedSpread(_ position: Int, asset: Int? = nil, requestedDebt: Double = .infinity,
                                              spec: FixedSpreadSpec, prices: OraclePrices) -> LiquidationResult? {
        guard let q = quoteFixedSpread(position, asset: asset, requestedDebt: requestedDebt, spec: spec, prices: prices) else {
            return nil
        }
        _repayBySeizure(position, asset: q.asset, debt: q.debtRepaid, seized: q.collateralSeized,
                        fee: q.protocolFeeCollateral, toPool: false)
        if q.protocolFeeCollateral > 0 { _protocolFee(valueInDebtUnits: q.protocolFeeCollateral * prices.inDebtUnits(q.asset)) }
        let written = _burnBadDebtIfEmpty(position)
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
