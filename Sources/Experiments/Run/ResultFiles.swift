import CascadeModel

/// The CSV text of one run's detail files. Column names are fixed and documented in docs/MODEL.md.
public enum ResultFiles {
    public static func timeSeries(_ rows: [TimeSeriesRow], assets: [String]) -> String {
        var header = ["time_s"]
        for a in assets { header += ["reference_price_\(a)", "oracle_price_\(a)", "amm_price_\(a)"] }
        header += ["total_debt", "collateral_value", "bad_debt", "liquidations", "insurance_fund", "base_fee_gwei", "mempool_size"]
        var out = CSV.line(header)
        for r in rows {
            var fields = [CSV.number(r.timeSeconds)]
            for k in assets.indices { fields += [r.referencePrices[k], r.oraclePrices[k], r.ammPrices[k]].map(CSV.number) }
            fields += [r.totalDebt, r.collateralValue, r.badDebt].map(CSV.number)
            fields += [String(r.liquidations), CSV.number(r.insuranceFund), CSV.number(r.baseFeeGwei), String(r.mempoolSize)]
            out += CSV.line(fields)
        }
        return out
    }

    public static let liquidationColumns = ["time_s", "position", "mechanism", "asset", "debt_repaid", "collateral_seized", "price",
                                            "liquidator", "generation", "hf_before", "hf_after", "toxic", "gas_paid_usd"]

    public static func liquidations(_ rows: [LiquidationRecord]) -> String {
        var out = CSV.line(liquidationColumns)
        for r in rows {
            out += CSV.line([CSV.number(r.timeSeconds), String(r.position), r.step.rawValue, r.asset, CSV.number(r.debtRepaid),
                             CSV.number(r.collateralSeized), CSV.number(r.price), r.liquidator, String(r.generation),
                             CSV.number(r.healthFactorBefore), CSV.number(r.healthFactorAfter), r.isToxic ? "1" : "0",
                             CSV.number(r.gasPaidUSD)])
        }
        return out
    }

    public static let liquidatorColumns = ["class", "bots", "profit_usd", "bonus_usd", "slippage_usd", "flash_fees_usd",
                                           "incentives_usd", "revaluation_usd", "gas_succeeded_usd", "gas_failed_usd",
                                           "builder_payments_usd"]

    /// One row per liquidator class (docs/MODEL.md, "Liquidator P&L").
    public static func liquidators(_ rows: [LiquidatorClassResult]) -> String {
        CSV.line(liquidatorColumns) + rows.map { CSV.line(liquidatorCells($0)) }.joined()
    }

    /// One class's cells, in ``liquidatorColumns`` order (also the sweep's liquidators.csv after its run
    /// identity columns).
    public static func liquidatorCells(_ r: LiquidatorClassResult) -> [String] {
        let p = r.pnl
        return [r.name, String(r.bots)] + [r.profitUSD, p.bonusUSD, p.slippageUSD, p.flashFeesUSD, p.incentivesUSD,
                                           p.revaluationUSD, p.gasSucceededUSD, p.gasFailedUSD, p.builderPaymentsUSD].map(CSV.number)
    }

    public static let assetColumns = ["asset", "initial_price", "min_reference_price", "max_drawdown", "min_amm_price",
                                      "max_oracle_deviation", "bad_debt", "realized_bad_debt", "unrealized_bad_debt"]

    /// One row per collateral asset (docs/MODEL.md, "Metrics": how bad debt is attributed to an asset).
    public static func assets(_ rows: [AssetResult]) -> String {
        CSV.line(assetColumns) + rows.map { CSV.line(assetCells($0)) }.joined()
    }

    /// One asset's cells, in ``assetColumns`` order (also the sweep's assets.csv after its run identity columns).
    public static func assetCells(_ r: AssetResult) -> [String] {
        [r.name] + [r.initialPrice, r.minReferencePrice, r.maxDrawdown, r.minAMMPrice, r.maxOracleDeviation, r.badDebt,
                    r.realizedBadDebt, r.unrealizedBadDebt].map(CSV.number)
    }

    /// `bands.csv`: one soft-liquidation loan's bands at every sample.
    public static func loanBands(_ rows: [LoanBandRow]) -> String {
        var out = CSV.line(["time_s", "position", "band", "price_up", "price_down", "usd", "collateral", "active_band",
                            "oracle_price", "amm_price"])
        for r in rows {
            out += CSV.line([CSV.number(r.timeSeconds), String(r.position), String(r.band), CSV.number(r.priceUp),
                             CSV.number(r.priceDown), CSV.number(r.usd), CSV.number(r.collateral), String(r.activeBand),
                             CSV.number(r.oraclePrice), CSV.number(r.ammPrice)])
        }
        return out
    }

    public static func events(_ rows: [TraceRecord]) -> String {
        var out = CSV.line(["time_s", "priority", "sequence", "event"])
        for r in rows { out += CSV.line([CSV.number(r.timeSeconds), String(r.priority), String(r.sequence), r.event]) }
        return out
    }
}
