import CascadeModel
import Stochastic

/// `[market]`: AMM pools, arbitrage, price impact and liquidity → the market parts of ``ModelSpec``.
enum MarketSection {
    struct Spec {
        var pools: [ModelSpec.MarketPool]
        var arbitrage: ModelSpec.ArbitrageSettings
        var impact: PriceImpactSpec?
        var liquidity: LiquiditySpec?
    }

    /// - Parameter assets: the `[[price.assets]]` names; a pool's `asset` defaults to the only one.
    static func decode(_ r: ConfigReader, assets: [String]) -> Spec {
        var names: [String: Int] = [:]
        let pools = r.sections("pools", required: true).enumerated().map { i, p in
            let pool = self.pool(p, assets: assets)
            if let first = names[pool.pool.name] {
                p.problem("name", "found \"\(pool.pool.name)\" again (also market.pools[\(first)]), expected unique pool names")
            }
            names[pool.pool.name] = names[pool.pool.name] ?? i
            return pool
        }
        let arbitrage = self.arbitrage(r.sectionOrDefaults("arbitrage"))
        let impact = r.section("impact").map { m in
            let spec = PriceImpactSpec(volumeFor10PctMoveUSD: m.number("volume_for_10pct_move_usd", allowInfinity: true),
                                       impactHalfLifeSeconds: m.seconds("impact_half_life_seconds", default: .infinity, allowInfinity: true))
            m.reportComponent(spec.validate())
            m.finish()
            return spec
        }
        let liquidity = r.section("liquidity").map { l in
            let d = LiquiditySpec()
            let spec = LiquiditySpec(
                volatilityWindowSeconds: l.seconds("volatility_window_seconds", default: d.volatilityWindowSeconds),
                volatilityThreshold: l.double("volatility_threshold", default: d.volatilityThreshold),
                withdrawalFraction: l.double("withdrawal_fraction", default: d.withdrawalFraction),
                recoveryHalfLifeSeconds: l.seconds("recovery_half_life_seconds", default: d.recoveryHalfLifeSeconds, allowInfinity: true))
            l.reportComponent(spec.validate())
            l.finish()
            return spec
        }
        r.finish()
        return Spec(pools: pools, arbitrage: arbitrage, impact: impact, liquidity: liquidity)
    }

    /// One `[[market.pools]]`: `depth_usd`, or `collateral_reserve` with `stable_reserve`.
    private static func pool(_ p: ConfigReader, assets: [String]) -> ModelSpec.MarketPool {
        let name = p.string("name")
        let asset = assets.count == 1 ? p.string("asset", default: assets[0]) : p.string("asset")
        let hasDepth = p.contains("depth_usd")
        let hasReserves = p.contains("collateral_reserve") || p.contains("stable_reserve")
        let size: PoolSpec.Size
        if hasDepth && hasReserves {
            p.problem("depth_usd", "found both depth_usd and collateral_reserve/stable_reserve, expected one or the other")
            size = .depthUSD(p.double("depth_usd"))
            _ = (p.double("collateral_reserve", default: 0), p.double("stable_reserve", default: 0))
        } else if hasReserves {
            size = .reserves(collateral: p.double("collateral_reserve"), stable: p.double("stable_reserve"))
        } else {
            size = .depthUSD(p.double("depth_usd"))
        }
        let spec = PoolSpec(name: name, size: size, fee: p.double("fee", default: ConstantProductPool.uniswapV2Fee))
        p.reportComponent(spec.validate())
        p.finish()
        return ModelSpec.MarketPool(asset: asset, pool: spec)
    }

    /// `[market.arbitrage]`; absent means the defaults of ``ModelSpec/ArbitrageSettings`` (arbitrage on).
    private static func arbitrage(_ a: ConfigReader) -> ModelSpec.ArbitrageSettings {
        let d = ModelSpec.ArbitrageSettings()
        let enabled = a.bool("enabled", default: d.enabled)
        let trader = ArbitrageurSpec(
            latency: a.distribution("latency", default: d.trader.latency),
            capitalUSD: a.number("capital_usd", default: d.trader.capitalUSD, allowInfinity: true),
            minProfitUSD: a.double("min_profit_usd", default: d.trader.minProfitUSD))
        a.reportComponent(trader.validate())
        // ArbitrageSettings has no validate() of its own: its two transaction keys are checked here.
        let gas = a.int("gas_per_trade", default: d.gasPerTrade, in: 1...Int.max)
        let tip = a.double("priority_fee_gwei", default: d.priorityFeeGwei, check: { $0 >= 0 ? nil : "a number ≥ 0" })
        a.finish()
        return ModelSpec.ArbitrageSettings(enabled: enabled, trader: trader, gasPerTrade: gas, priorityFeeGwei: tip)
    }
}
