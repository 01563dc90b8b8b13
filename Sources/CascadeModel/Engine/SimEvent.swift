import SimKernel

/// The model's events: small enough (an enum of integers) to sit in the kernel's heap by value.
///
/// Same-instant order (see docs/ARCHITECTURE.md): price tick (`.exogenous`) → oracle wake-ups
/// (`.observation`) → agents' decisions (`.action`) → block (`.settlement`) → time-series sample
/// (`.bookkeeping`).
public enum SimEvent: Sendable, Equatable {
    /// The exogenous price paths advance one tick.
    case tick
    /// Oracle of collateral asset `asset` has timed work due (a poke, a heartbeat, a delayed publication).
    case oracleWake(asset: AssetIndex)
    /// Liquidator bot `bot` decides what to do.
    case botWake(bot: BotID)
    /// The arbitrageur looks at pool `pool` of asset `asset`.
    case arbitrageWake(asset: AssetIndex, pool: PoolID)
    /// The liquidation mechanism's own timer (running auctions change price or expire).
    case mechanismTimer
    /// A block is produced.
    case block
    /// A borrower reacts to an alert on `position`.
    case borrowerAction(position: PositionID)
    /// A new borrower arrives.
    case newBorrower
    /// A time-series row is recorded.
    case sample

    /// Priority at equal times.
    var priority: EventPriority {
        switch self {
        case .tick: return .exogenous
        case .oracleWake: return .observation
        case .botWake, .arbitrageWake, .mechanismTimer, .borrowerAction, .newBorrower: return .action
        case .block: return .settlement
        case .sample: return .bookkeeping
        }
    }

    /// A short name for traces.
    var name: String {
        switch self {
        case .tick: return "tick"
        case .oracleWake(let a): return "oracle_wake asset=\(a)"
        case .botWake(let b): return "bot_wake bot=\(b)"
        case .arbitrageWake(let a, let p): return "arbitrage_wake asset=\(a) pool=\(p)"
        case .mechanismTimer: return "mechanism_timer"
        case .block: return "block"
        case .borrowerAction(let p): return "borrower_action position=\(p)"
        case .newBorrower: return "new_borrower"
        case .sample: return "sample"
        }
    }
}

/// What a transaction in the mempool does. Executed against the state at inclusion, so a transaction
/// decided on stale information can revert (and still pays its gas). `Action` is the liquidation
/// mechanism's (``LiquidationMechanism/Action``).
enum TxPayload<Action: Sendable & Equatable>: Sendable, Equatable {
    case oracleRound(asset: AssetIndex, round: Int32)
    case arbitrage(asset: AssetIndex, pool: PoolID)
    /// A keeper's call into the liquidation mechanism.
    case keeper(bot: BotID, action: Action)

    /// The bot that sent it, if any.
    var bot: BotID? {
        if case .keeper(let b, _) = self { return b }
        return nil
    }
}
