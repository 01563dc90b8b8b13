import Stochastic

/// Parameters of MakerDAO Liquidations 1.2 flip auctions (dss `flip.sol`, `cat.sol`).
public struct EnglishAuctionSpec: MechanismParameters, Equatable {
    public static let mechanism = MechanismName.englishAuction

    /// Penalty multiplier: tab = debt · chop (cat `chop`, 1.13 on Black Thursday).
    public var chop: Double
    /// Minimum bid increase (tend) / lot decrease (dent) factor (flip `beg`, 1.05 = 5%; 1.03 in March 2020).
    public var beg: Double
    /// Each bid extends the bid expiry to now + ttl (flip `ttl`, 3 h default; 10 min in March 2020).
    public var ttlSeconds: Double
    /// Auction ends at kick + tau at the latest (flip `tau`, 2 days default; 6 h in March 2020).
    public var tauSeconds: Double
    /// The most collateral one bite auctions, asset units (cat `lump`, the ilk's "liquidation quantity": 50 ETH
    /// for ETH-A in March 2020). A larger vault takes several bites, each its own transaction and auction with
    /// the matching share of the debt; what is left stays in the vault, as unsafe as before. ∞: the whole vault.
    public var lump: Double

    public init(chop: Double = 1.13, beg: Double = 1.05, ttlSeconds: Double = 10_800, tauSeconds: Double = 172_800,
                lump: Double = .infinity) {
        self.chop = chop
        self.beg = beg
        self.ttlSeconds = ttlSeconds
        self.tauSeconds = tauSeconds
        self.lump = lump
    }

    /// Every out-of-range parameter, keys as `[protocol.liquidation]` spells them.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if !(chop.isFinite && chop >= 1) { out.append(ParameterProblem(key: "chop", message: "found \(chop), expected a number ≥ 1")) }
        if !(beg.isFinite && beg > 1) { out.append(ParameterProblem(key: "beg", message: "found \(beg), expected a number > 1")) }
        if let p = ParameterProblem.requirePositive("ttl_seconds", ttlSeconds) { out.append(p) }
        if let p = ParameterProblem.requirePositive("tau_seconds", tauSeconds) { out.append(p) }
        if !(lump > 0) { out.append(ParameterProblem(key: "lump", message: "found \(lump), expected a number > 0 (collateral units per bite)")) }
        return out
    }
}

/// One flip auction (dss `Flipper.Bid`) plus the principal it must recover.
public struct EnglishAuction: Sendable, Equatable {
    public var position: Int
    public var asset: Int
    /// Current bid, debt-asset units (flip `bid`).
    public var bid: Double
    /// Collateral the current bid buys (flip `lot`).
    public var lot: Double
    /// Highest bidder id, or `nil` before the first bid (flip `guy`, which is the Cat until someone bids).
    public var bidder: Int?
    /// Bid expiry, seconds (flip `tic`); `nil` before the first bid.
    public var bidExpiry: Double?
    /// Auction end, seconds (flip `end`).
    public var end: Double
    /// Debt-asset units to raise, penalty included (flip `tab`).
    public var tab: Double
    /// Principal (debt without penalty): what the system owes if the auction raises nothing.
    public var principal: Double
    public var isActive: Bool

    /// Whether the auction is in the dent phase (bid == tab).
    public var isDentPhase: Bool { bid >= tab }
}

/// Why a flip bid or call is invalid (dss `Flipper/...` messages).
public enum BidRejection: Error, Equatable, Sendable {
    case notRunning
    /// `Flipper/already-finished-tic`: the current bid has expired.
    case bidExpired
    /// `Flipper/already-finished-end`.
    case auctionEnded
    /// `Flipper/higher-than-tab`.
    case higherThanTab
    /// `Flipper/bid-not-higher`.
    case bidNotHigher
    /// `Flipper/insufficient-increase`: below beg · current bid (and not the full tab).
    case insufficientIncrease(minimum: Double)
    /// `Flipper/tend-not-finished`: a dent before the bid reached the tab.
    case tendNotFinished
    /// A tend after the bid reached the tab.
    case dentPhase
    /// `Flipper/lot-not-lower`.
    case lotNotLower
    /// `Flipper/insufficient-decrease`: above current lot / beg.
    case insufficientDecrease(maximum: Double)
    /// `Flipper/not-finished` (deal) or `Flipper/bid-already-placed` / not yet ended (tick).
    case notFinished
    case bidAlreadyPlaced
    /// `Cat/not-unsafe`.
    case notLiquidatable
}

/// What settling an auction did (flip `deal`).
public struct EnglishDeal: Sendable, Equatable {
    public var auction: Int
    public var winner: Int
    /// Final bid paid, debt-asset units.
    public var paid: Double
    public var collateralBought: Double
    public var principalRepaid: Double
    public var penaltyCollected: Double
    /// Principal − paid, when positive: bad debt, gross of the insurance fund. The unpaid part of the
    /// penalty is forgone revenue, not bad debt (Maker's vow holds the principal as `sin`, cat.sol `fess`).
    public var shortfall: Double
}

/// All English (flip) auctions of a run.
///
/// Proceeds are booked when the auction is dealt (flip moves each bid increment to the vow as it comes; the
/// total is the same). Collateral given up in the dent phase goes back to the owner at once, as in flip.
/// A multi-collateral position becomes one auction per asset, debt split by oracle value, as for
/// ``DutchAuctionHouse``.
public struct EnglishAuctionHouse: Sendable {
    public let spec: EnglishAuctionSpec
    public private(set) var auctions: [EnglishAuction] = []

    public init(spec: EnglishAuctionSpec) {
        precondition(spec.validate().isEmpty, "Invalid English auction spec: \(spec.validate().map(\.description))")
        self.spec = spec
    }

    /// cat `bite` + flip `kick` (makerdao/dss @ 1d3ce60a, src/cat.sol `bite`, lines 120–142): auctions
    /// `lot = min(ink, lump)` of each collateral asset, with bid 0 and end = now + tau, and the matching share
    /// of the debt,
    ///
    ///     art' = min(art, lot · art / ink)        (cat.sol line 128)
    ///
    /// split over the assets by oracle value. A vault within one lump closes; a larger one keeps the rest,
    /// at the same collateralisation, for the next bite.
    @discardableResult
    public mutating func kick(_ position: Int, time: Double, prices: OraclePrices,
                              protocol p: inout LendingProtocol) throws(BidRejection) -> Range<Int> {
        guard p.isLiquidatable(position, prices: prices) else { throw .notLiquidatable }
        let first = auctions.count
        if p.book.hasNoCollateral(position) { _ = p._burnBadDebtIfEmpty(position) }
        let debt = p.book.debt[position]
        let value = p.book.collateralUSD(position, prices: prices)
        var whole = true
        for a in 0..<p.assets.count {
            let held = p.book.collateral(position, a)
            guard held > 0 else { continue }
            let lot = min(held, spec.lump)
            if lot < held { whole = false }
            let share = value > 0 ? held * prices.collateral[a] / value : 1
            let principal = min(debt, debt * share * (lot / held))
            p._moveToAuction(position, asset: a, lot: lot, principal: principal)
            auctions.append(EnglishAuction(position: position, asset: a, bid: 0, lot: lot, bidder: nil, bidExpiry: nil,
                                           end: time + spec.tauSeconds, tab: principal * spec.chop,
                                           principal: principal, isActive: true))
        }
        if whole {
            // Rounding leaves a residue of debt when the lots took everything: it goes with the last auction.
            let residue = p.book.debt[position]
            if residue > 0, auctions.count > first {
                let last = auctions.count - 1
                p._moveToAuction(position, asset: auctions[last].asset, lot: 0, principal: residue)
                auctions[last].principal += residue
                auctions[last].tab += residue * spec.chop
            }
            p._close(position)
        }
        p._reindex(position, prices: prices)
        p._checkInvariants()
        return first..<auctions.count
    }

    /// Why a tend (raise the bid for the whole lot) would fail, or `nil` if valid. flip `tend`, except that a
    /// first bid of exactly 0 is accepted (flip needs bid > 0, i.e. 1 wei: the same thing in this model), so
    /// a lone 0-DAI bid wins if nobody else bids.
    public func validateTend(_ id: Int, bid: Double, time: Double) -> BidRejection? {
        guard id < auctions.count, auctions[id].isActive else { return .notRunning }
        let s = auctions[id]
        if let tic = s.bidExpiry, tic <= time { return .bidExpired }
        if s.end <= time { return .auctionEnded }
        if s.isDentPhase && s.bidder != nil { return .dentPhase }
        if bid > s.tab { return .higherThanTab }
        if s.bidder == nil ? bid < 0 : bid <= s.bid { return .bidNotHigher }
        if bid < spec.beg * s.bid && bid != s.tab { return .insufficientIncrease(minimum: min(spec.beg * s.bid, s.tab)) }
        return nil
    }

    /// Why a dent (accept less collateral for the full tab) would fail, or `nil` if valid. flip `dent`.
    public func validateDent(_ id: Int, lot: Double, time: Double) -> BidRejection? {
        guard id < auctions.count, auctions[id].isActive else { return .notRunning }
        let s = auctions[id]
        if let tic = s.bidExpiry, tic <= time { return .bidExpired }
        if s.end <= time { return .auctionEnded }
        if !(s.isDentPhase && s.bidder != nil) { return .tendNotFinished }
        if !(lot < s.lot) || lot < 0 { return .lotNotLower }
        if spec.beg * lot > s.lot { return .insufficientDecrease(maximum: s.lot / spec.beg) }
        return nil
    }

    /// flip `tend`: `bidder` offers `bid` for the whole lot; the bid expiry moves to now + ttl.
    public mutating func tend(_ id: Int, bidder: Int, bid: Double, time: Double) throws(BidRejection) {
        if let r = validateTend(id, bid: bid, time: time) { throw r }
        auctions[id].bid = bid
        auctions[id].bidder = bidder
        auctions[id].bidExpiry = time + spec.ttlSeconds
    }

    /// flip `dent`: `bidder` pays the full tab for `lot` only; the difference goes back to the owner.
    public mutating func dent(_ id: Int, bidder: Int, lot: Double, time: Double,
                              protocol p: inout LendingProtocol) throws(BidRejection) {
        if let r = validateDent(id, lot: lot, time: time) { throw r }
        p._auctionReturned(asset: auctions[id].asset, amount: auctions[id].lot - lot)
        auctions[id].lot = lot
        auctions[id].bidder = bidder
        auctions[id].bidExpiry = time + spec.ttlSeconds
        p._checkInvariants()
    }

    /// flip `tick`: restarts an auction that ended without any bid (end = now + tau).
    public mutating func tick(_ id: Int, time: Double) throws(BidRejection) {
        guard id < auctions.count, auctions[id].isActive else { throw .notRunning }
        guard auctions[id].end < time else { throw .notFinished }
        guard auctions[id].bidExpiry == nil else { throw .bidAlreadyPlaced }
        auctions[id].end = time + spec.tauSeconds
    }

    /// Whether `deal` would succeed at `time`: a bid exists and its expiry or the end has passed.
    public func canDeal(_ id: Int, time: Double) -> Bool {
        guard id < auctions.count, auctions[id].isActive, let tic = auctions[id].bidExpiry else { return false }
        return tic < time || auctions[id].end < time
    }

    /// flip `deal`: settles the auction: lot to the winner, bid to the protocol (principal first), the rest
    /// of the principal is shortfall.
    @discardableResult
    public mutating func deal(_ id: Int, time: Double, protocol p: inout LendingProtocol) throws(BidRejection) -> EnglishDeal {
        guard id < auctions.count, auctions[id].isActive else { throw .notRunning }
        guard canDeal(id, time: time), let winner = auctions[id].bidder else { throw .notFinished }
        let s = auctions[id]
        let principalPart = min(s.bid, s.principal)
        p._auctionSold(asset: s.asset, amount: s.lot)
        p._auctionProceeds(principal: principalPart, penalty: s.bid - principalPart)
        p._auctionShortfall(s.principal - principalPart, asset: s.asset)
        auctions[id].isActive = false
        auctions[id].lot = 0
        p._checkInvariants()
        return EnglishDeal(auction: id, winner: winner, paid: s.bid, collateralBought: s.lot, principalRepaid: principalPart,
                           penaltyCollected: s.bid - principalPart, shortfall: s.principal - principalPart)
    }

    /// Collateral held by running auctions, per asset.
    public func collateralHeld(assetCount: Int) -> [Double] {
        var out = Array(repeating: 0.0, count: assetCount)
        for s in auctions where s.isActive { out[s.asset] += s.lot }
        return out
    }
}

extension EnglishAuctionSpec {
    /// A flip bid locks its DAI until it is outbid or the auction is dealt, hours later: a flash loan,
    /// borrowed and repaid inside one transaction, cannot hold it (dss `flip.sol`: `tend` moves the bid from
    /// the bidder, `deal` ends the auction).
    public func keeperProblems(_ liquidators: [LiquidatorSpec]) -> [ParameterProblem] {
        liquidators.enumerated().compactMap { i, l in
            guard l.capital.isFlashLoan else { return nil }
            return ParameterProblem(key: "liquidators[\(i)].capital",
                message: "found \"flash-loan\" under mechanism \"english-auction\", expected \"inventory\" (a flip bid locks its DAI until it is outbid or the auction is dealt, which a flash loan repaid within one transaction cannot do)")
        }
    }
}

extension MechanismName {
    /// MakerDAO Liquidations 1.2 English (flip) auctions.
    public static let englishAuction = MechanismName(rawValue: "english-auction")
}

extension MechanismSpec {
    /// MakerDAO Liquidations 1.2 English (flip) auctions with these parameters.
    public static func englishAuction(_ parameters: EnglishAuctionSpec) -> MechanismSpec { MechanismSpec(parameters) }
}

extension EnglishAuctionSpec: PluggableMechanism {
    func buildRun(_ builder: EngineBuilder) throws -> () throws -> RunResult { try builder.build(EnglishAuctionMechanism(spec: self)) }
}
