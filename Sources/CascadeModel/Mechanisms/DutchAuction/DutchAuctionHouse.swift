import Stochastic

/// Parameters of MakerDAO Liquidations 2.0 (dss `dog.sol`, `clip.sol`, `abaci.sol`).
public struct DutchAuctionSpec: MechanismParameters, Equatable {
    public static let mechanism = MechanismName.dutchAuction

    /// Liquidation penalty multiplier: tab = debt · chop (dss `chop`, e.g. 1.13).
    public var chop: Double
    /// Start-price multiplier over the oracle price: top = price · buf (e.g. 1.2).
    public var buf: Double
    /// The price curve.
    public var curve: AuctionPriceCurve
    /// Seconds after which an auction must be reset (dss `tail`).
    public var tailSeconds: Double
    /// Price / top below which an auction must be reset (dss `cusp`).
    public var cusp: Double
    /// Flat keeper incentive per kick or redo, debt-asset units (dss `tip`).
    public var tip: Double
    /// Proportional keeper incentive: chip · tab (dss `chip`).
    public var chip: Double
    /// The vault dust (dss `vat.ilk.dust`), debt-asset units. Clip caches chost = dust · chop: a partial take
    /// may not leave 0 < tab < chost, and a redo pays its incentive only when tab ≥ chost and lot · feed ≥
    /// chost (clip.sol `upchost`, `take`, `redo`); a partial bark may not leave a vault or start an auction
    /// below dust (dog.sol `bark`).
    public var dust: Double
    /// Most debt-asset units (tab, penalty included) the auctions of one collateral may hold at once (dss
    /// `ilk.hole`); ∞: no limit.
    public var hole: Double
    /// The same across all collateral (dss `Dog.Hole`); ∞: no limit.
    public var globalHole: Double

    public init(chop: Double = 1.13, buf: Double = 1.2, curve: AuctionPriceCurve = .stairstepExponential(cut: 0.99, stepSeconds: 90),
                tailSeconds: Double = 8400, cusp: Double = 0.4, tip: Double = 0, chip: Double = 0, dust: Double = 0,
                hole: Double = .infinity, globalHole: Double = .infinity) {
        self.chop = chop
        self.buf = buf
        self.curve = curve
        self.tailSeconds = tailSeconds
        self.cusp = cusp
        self.tip = tip
        self.chip = chip
        self.dust = dust
        self.hole = hole
        self.globalHole = globalHole
    }

    /// clip `chost` = dust · chop, debt-asset units.
    public var chost: Double { dust * chop }

    /// Every out-of-range parameter, keys as `[protocol.liquidation]` spells them.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if !(chop.isFinite && chop >= 1) { out.append(ParameterProblem(key: "chop", message: "found \(chop), expected a number ≥ 1")) }
        if let p = ParameterProblem.requirePositive("buf", buf) { out.append(p) }
        out += curve.validate()
        if let p = ParameterProblem.requirePositive("tail_seconds", tailSeconds) { out.append(p) }
        if let p = ParameterProblem.requireInRange("cusp", cusp, 0...1) { out.append(p) }
        for (k, v) in [("tip", tip), ("chip", chip), ("dust", dust)] where !(v.isFinite && v >= 0) {
            out.append(ParameterProblem(key: k, message: "found \(v), expected a finite number ≥ 0"))
        }
        for (k, v) in [("hole", hole), ("global_hole", globalHole)] where !(v > 0) {
            out.append(ParameterProblem(key: k, message: "found \(v), expected a number > 0 (debt-asset units), or leave it out for no limit"))
        }
        return out
    }
}

/// One Dutch auction (dss `Clipper.Sale`), plus the principal it still has to recover.
public struct DutchAuction: Sendable, Equatable {
    public var position: Int
    public var asset: Int
    /// Debt-asset units still to raise, penalty included (dss `tab`).
    public var tab: Double
    /// Collateral for sale, asset units (dss `lot`).
    public var lot: Double
    /// Principal (debt without penalty) not yet recovered; proceeds pay it first.
    public var principal: Double
    /// Start time of the current price curve, seconds (dss `tic`).
    public var startTime: Double
    /// Start price, debt-asset units per collateral unit (dss `top`).
    public var top: Double
    public var isActive: Bool
}

/// Why a Dutch-auction call was refused (dss `require` messages).
public enum DutchAuctionError: Error, Equatable, Sendable {
    case notRunning
    /// `Clipper/needs-reset`: dur > tail or price/top < cusp; call ``DutchAuctionHouse/redo(_:time:prices:protocol:)``.
    case needsReset
    /// `Clipper/cannot-reset`.
    case cannotReset
    /// `Clipper/too-expensive`: the current price exceeds the taker's limit.
    case tooExpensive(price: Double)
    /// `Clipper/no-partial-purchase`: tab ≤ chost forbids a partial take.
    case noPartialPurchase
    /// `Dog/not-unsafe`.
    case notLiquidatable
    /// `Dog/liquidation-limit-hit`: no room left under `Hole` or the collateral's `hole`, or only room for an
    /// auction below dust (`Dog/dusty-auction-from-partial-liquidation`): no auction could start.
    case liquidationLimitHit
}

/// What one take did.
public struct DutchTake: Sendable, Equatable {
    public var auction: Int
    /// Price paid, debt-asset units per collateral unit.
    public var price: Double
    /// Collateral bought (dss `slice`).
    public var collateralBought: Double
    /// Debt-asset units paid (dss `owe`).
    public var paid: Double
    /// The part of `paid` that repaid principal; the rest is penalty revenue.
    public var principalRepaid: Double
    public var penaltyCollected: Double
    /// Leftover lot returned to the owner when the tab was covered.
    public var collateralReturned: Double
    /// Principal left unrecovered when the lot ran out: bad debt, gross of the insurance fund.
    public var shortfall: Double
    /// Whether the auction is over.
    public var finished: Bool
}

/// All Dutch auctions of a run: the state of dss `Clipper` (one per collateral asset, merged) and `Dog`.
///
/// Simplifications, all documented in docs/MODEL.md ("The lending protocol"): a multi-collateral position
/// becomes one auction per asset it holds, the debt split by the assets' oracle values, each asset an ilk
/// with its own `hole`; keeper incentives (tip + chip·tab, dss `vat.suck`) are paid by the protocol, out
/// of the insurance fund while it lasts.
public struct DutchAuctionHouse: Sendable {
    public let spec: DutchAuctionSpec
    /// Every auction ever kicked; an auction's index is its id.
    public private(set) var auctions: [DutchAuction] = []
    /// Ids of running auctions, in kick order of the oldest first (swap-removed, so not sorted after removals).
    public private(set) var active: [Int] = []
    private var activeSlot: [Int] = []
    /// Tab of the running auctions, per asset (dss `ilk.dirt`) and in all (dss `Dirt`).
    public private(set) var dirt: [Double] = []
    public private(set) var totalDirt = 0.0

    public init(spec: DutchAuctionSpec) {
        precondition(spec.validate().isEmpty, "Invalid Dutch auction spec: \(spec.validate().map(\.description))")
        self.spec = spec
    }

    /// dss `Clipper.status`: the current price and whether the auction needs a reset. Pure.
    @inlinable
    public func status(_ id: Int, time: Double) -> (needsReset: Bool, price: Double) {
        let s = auctions[id]
        let dur = time - s.startTime
        let price = spec.curve.price(top: s.top, elapsedSeconds: dur)
        return (dur > spec.tailSeconds || price / s.top < spec.cusp, price)
    }

    /// What ``take(_:amount:maxPrice:time:protocol:)`` would buy and pay now, without taking: the collateral
    /// slice, the debt owed for it and the price (clip.sol `take`: a slice worth more than tab buys tab's
    /// worth; a partial purchase may not leave 0 < tab < chost).
    public func quoteTake(_ id: Int, amount: Double, maxPrice: Double, time: Double) throws(DutchAuctionError)
        -> (slice: Double, owe: Double, price: Double) {
        guard id < auctions.count, auctions[id].isActive else { throw .notRunning }
        precondition(amount >= 0, "Take amount must be ≥ 0, got \(amount)")
        let (needsReset, price) = status(id, time: time)
        guard !needsReset else { throw .needsReset }
        guard maxPrice >= price else { throw .tooExpensive(price: price) }
        let s = auctions[id]
        var slice = min(s.lot, amount)
        var owe = slice * price
        if owe > s.tab {
            owe = s.tab
            slice = min(s.lot, owe / price)
        } else if owe < s.tab && slice < s.lot && s.tab - owe < spec.chost {
            guard s.tab > spec.chost else { throw .noPartialPurchase }
            owe = s.tab - spec.chost
            slice = owe / price
        }
        return (slice, owe, price)
    }

    /// Debt-asset units of tab asset `a`'s auctions may still take on: min(Hole − Dirt, hole − dirt_a).
    public func room(asset a: Int) -> Double {
        min(spec.globalHole - totalDirt, spec.hole - (a < dirt.count ? dirt[a] : 0))
    }

    /// dss `Dog.bark` + `Clipper.kick` (makerdao/dss @ fa4f6630, src/dog.sol `bark`): for each collateral
    /// asset the position holds, an auction for as much of its debt share as the room under `Hole` and the
    /// asset's `hole` allows,
    ///
    ///     room = min(Hole − Dirt, hole − dirt),  dart = min(art, room / chop)
    ///     art − dart < dust → dart = art          (a dusty leftover is liquidated whole)
    ///     else dart < dust  → no auction          (Dog/dusty-auction-from-partial-liquidation)
    ///     dink = ink · dart / art,  tab = dart · chop,  top = feed / par · buf
    ///
    /// The rest stays in the vault, as unsafe as before, for a later bark. Pays the keeper incentive per
    /// auction. Throws when no auction could start. Returns the ids of the new auctions.
    @discardableResult
    public mutating func bark(_ position: Int, time: Double, prices: OraclePrices,
                              protocol p: inout LendingProtocol) throws(DutchAuctionError) -> Range<Int> {
        guard p.isLiquidatable(position, prices: prices) else { throw .notLiquidatable }
        let first = auctions.count
        if p.book.hasNoCollateral(position) {
            // Nothing to sell: the debt is bad at once.
            _ = p._burnBadDebtIfEmpty(position)
        }
        if dirt.count < p.assets.count { dirt += Array(repeating: 0, count: p.assets.count - dirt.count) }
        let debt = p.book.debt[position]
        let value = p.book.collateralUSD(position, prices: prices)
        var whole = true
        var limited = false
        for a in 0..<p.assets.count {
            let held = p.book.collateral(position, a)
            guard held > 0 else { continue }
            let art = value > 0 ? debt * (held * prices.collateral[a] / value) : debt
            let room = room(asset: a)
            guard room > 0 else { whole = false; limited = true; continue }
            var dart = min(art, room / spec.chop)
            if art > dart {
                if art - dart < spec.dust {
                    dart = art
                } else if dart < spec.dust {
                    whole = false
                    limited = true
                    continue
                }
            }
            let lot = dart < art ? held * dart / art : held
            if lot < held { whole = false }
            let tab = dart * spec.chop
            let top = prices.inDebtUnits(a) * spec.buf
            p._moveToAuction(position, asset: a, lot: lot, principal: dart)
            append(DutchAuction(position: position, asset: a, tab: tab, lot: lot, principal: dart,
                                startTime: time, top: top, isActive: true))
            dirt[a] += tab
            totalDirt += tab
            p._payKeeperIncentive(spec.tip + spec.chip * tab)
        }
        guard auctions.count > first else { throw limited ? .liquidationLimitHit : .notLiquidatable }
        if whole {
            // Rounding in the value split leaves at most ulps of debt behind; it belongs to the last auction.
            let residue = p.book.debt[position]
            if residue > 0 {
                p._moveToAuction(position, asset: auctions[auctions.count - 1].asset, lot: 0, principal: residue)
                auctions[auctions.count - 1].principal += residue
                auctions[auctions.count - 1].tab += residue * spec.chop
                dirt[auctions[auctions.count - 1].asset] += residue * spec.chop
                totalDirt += residue * spec.chop
            }
            p._close(position)
        }
        p._reindex(position, prices: prices)
        p._checkInvariants()
        return first..<auctions.count
    }

    /// dss `Clipper.redo`: restarts the curve from top = current oracle price · buf and pays the keeper
    /// incentive when tab ≥ chost and lot·feed ≥ chost (clip.sol lines 300–301).
    public mutating func redo(_ id: Int, time: Double, prices: OraclePrices,
                              protocol p: inout LendingProtocol) throws(DutchAuctionError) {
        guard id < auctions.count, auctions[id].isActive else { throw .notRunning }
        guard status(id, time: time).needsReset else { throw .cannotReset }
        let price = prices.inDebtUnits(auctions[id].asset)
        auctions[id].startTime = time
        auctions[id].top = price * spec.buf
        let s = auctions[id]
        if (spec.tip > 0 || spec.chip > 0) && s.tab >= spec.chost && s.lot * price >= spec.chost {
            p._payKeeperIncentive(spec.tip + spec.chip * s.tab)
        }
        p._checkInvariants()
    }

    /// dss `Clipper.take`: buys up to `amount` of collateral at the current price if it is ≤ `maxPrice`.
    ///
    ///     slice = min(lot, amount), owe = slice·price
    ///     owe > tab                      → owe = tab, slice = owe/price
    ///     owe < tab, slice < lot, tab − owe < chost → owe = tab − chost (refused if tab ≤ chost)
    ///
    /// (clip.sol lines 371–376). What it raises (or, when the lot runs out, the whole tab) leaves `dirt`
    /// (`dog.digs`).
    ///
    /// The auction ends when the lot is gone (any principal left is shortfall) or the tab is paid (the
    /// leftover lot goes back to the owner).
    @discardableResult
    public mutating func take(_ id: Int, amount: Double, maxPrice: Double, time: Double,
                              protocol p: inout LendingProtocol) throws(DutchAuctionError) -> DutchTake {
        let (slice, owe, price) = try quoteTake(id, amount: amount, maxPrice: maxPrice, time: time)
        var s = auctions[id]
        let tabBefore = s.tab
        s.tab -= owe
        if s.tab <= 1e-12 * owe { s.tab = 0 }
        s.lot -= slice
        if s.lot <= 1e-12 * slice { s.lot = 0 }
        let principalPart = min(owe, s.principal)
        s.principal -= principalPart
        p._auctionSold(asset: s.asset, amount: slice)
        p._auctionProceeds(principal: principalPart, penalty: owe - principalPart)

        var returned = 0.0, shortfall = 0.0
        if s.lot == 0 {
            shortfall = s.principal
            p._auctionShortfall(shortfall, asset: s.asset)
            s.principal = 0
            s.isActive = false
        } else if s.tab == 0 {
            returned = s.lot
            p._auctionReturned(asset: s.asset, amount: returned)
            // tab ≥ principal at every step (chop ≥ 1), so only rounding can leave principal here.
            p._auctionShortfall(s.principal, asset: s.asset)
            shortfall = s.principal
            s.principal = 0
            s.lot = 0
            s.isActive = false
        }
        auctions[id] = s
        // dog.digs(ilk, lot == 0 ? tab + owe : owe): a finished auction frees all of its tab.
        let dug = s.isActive ? owe : tabBefore
        dirt[s.asset] = max(0, dirt[s.asset] - dug)
        totalDirt = max(0, totalDirt - dug)
        if !s.isActive { remove(id) }
        p._checkInvariants()
        return DutchTake(auction: id, price: price, collateralBought: slice, paid: owe, principalRepaid: principalPart,
                         penaltyCollected: owe - principalPart, collateralReturned: returned, shortfall: shortfall,
                         finished: !s.isActive)
    }

    /// Collateral held by running auctions, per asset (for cross-checking the ledger).
    public func collateralHeld(assetCount: Int) -> [Double] {
        var out = Array(repeating: 0.0, count: assetCount)
        for id in active { out[auctions[id].asset] += auctions[id].lot }
        return out
    }

    /// Principal still owed to running auctions.
    public var principalHeld: Double { active.reduce(0) { $0 + auctions[$1].principal } }

    private mutating func append(_ s: DutchAuction) {
        activeSlot.append(active.count)
        active.append(auctions.count)
        auctions.append(s)
    }

    private mutating func remove(_ id: Int) {
        let slot = activeSlot[id]
        let last = active.removeLast()
        if last != id {
            active[slot] = last
            activeSlot[last] = slot
        }
        activeSlot[id] = -1
    }
}

extension MechanismName {
    /// MakerDAO Liquidations 2.0 Dutch auctions.
    public static let dutchAuction = MechanismName(rawValue: "dutch-auction")
}

extension MechanismSpec {
    /// MakerDAO Liquidations 2.0 Dutch auctions with these parameters.
    public static func dutchAuction(_ parameters: DutchAuctionSpec) -> MechanismSpec { MechanismSpec(parameters) }
}

extension DutchAuctionSpec: PluggableMechanism {
    func buildRun(_ builder: EngineBuilder) throws -> () throws -> RunResult { try builder.build(DutchAuctionMechanism(spec: self)) }
}
