import Stochastic

/// The lending protocol's state: assets, positions, ledger, insurance fund and liquidation index.
///
/// Every change to a position goes through a method here, which updates the ledger, re-keys the position
/// in the ``LiquidationIndex`` at the prices passed in, and (in debug builds) asserts conservation.
/// Mechanisms (``FixedSpreadSpec``, ``DutchAuctionHouse``, ``EnglishAuctionHouse``, ``BackstopPool``) are
/// separate values that decide amounts purely from (time, prices, state) and call the internal primitives
/// below to move balances.
public struct LendingProtocol: Sendable {
    /// The collateral assets, in column order.
    public let assets: [CollateralAsset]
    /// `assets[a].liquidationThreshold`, cached for the health-factor loop.
    public let thresholds: [Double]
    public private(set) var book: PositionBook
    public internal(set) var ledger: ProtocolLedger
    public internal(set) var insurance: InsuranceFund
    /// The liquidatable positions of a multi-collateral book, by trigger prices (``LiquidationIndex``); empty
    /// while ``priceIndex`` keeps them.
    public private(set) var index: LiquidationIndex
    /// The liquidatable positions of a single-collateral book, by liquidation price (``LiquidationPriceIndex``).
    public private(set) var priceIndex: LiquidationPriceIndex?
    /// Whether ``priceIndex`` is kept. The hot queries test this and reach the index through `priceIndex!`
    /// (a projection): binding it with `if let` copies the index, a retain and a release of each of its arrays
    /// on every call.
    private let byPrice: Bool
    /// Whether the liquidatable positions are kept by ``priceIndex`` (a single-collateral book).
    public var usesPriceIndex: Bool { byPrice }
    /// Debt of the ``PositionStatus/deficit`` positions (no collateral, debt not written off), debt-asset
    /// units: unrealised bad debt at its face value.
    public private(set) var deficitDebt: Double = 0
    /// ``deficitDebt`` by the collateral asset that ran out (the asset of the seizure that emptied each account).
    public private(set) var deficitDebtByAsset: [Double]
    /// Per position (only with several collateral assets): the asset of its latest seizure or move to an
    /// auction, which is what bad debt written off on an emptied account is attributed to.
    private var lastSeizedAsset: [Int32] = []
    /// Insolvency at market prices, from ``trackInsolvency(prices:)`` on.
    private var insolvency: InsolvencyTracking?
    private var flagChangeScratch: [Int32] = []

    /// A second index over market prices with every threshold at 1, and the running sums of the positions
    /// flagged by both it and ``index``.
    private struct InsolvencyTracking: Sendable {
        /// The insolvent positions by trigger prices; `nil` with ``priceIndex``, where insolvency is decided
        /// from the liquidation price (insolvent ⇔ L·LT > the market ratio).
        var index: LiquidationIndex?
        let thresholds: [Double]
        /// The market prices of the last refresh; positions that change in between are re-keyed at them.
        var prices: OraclePrices
        var liquidatable: InsolventLiquidatableSum
        var scratch: [Int] = []
    }

    /// The open positions whose collateral at the market prices last given to
    /// ``refreshInsolvent(prices:)`` is worth less than their debt. `nil` until ``trackInsolvency(prices:)``.
    public var insolvencyIndex: LiquidationIndex? { insolvency?.index }

    /// Whether `p` was insolvent (open, collateral worth less than its debt) at the market prices last given to
    /// ``refreshInsolvent(prices:)``; false until ``trackInsolvency(prices:)``.
    public func isInsolvent(_ p: Int) -> Bool {
        // Read through the optional in place: binding it would copy the tracking state (and retain its arrays)
        // on every liquidation.
        guard insolvency != nil else { return false }
        return book.health(p, insolvency!.thresholds, prices: insolvency!.prices) < 1
    }

    /// Takes over `book` (its positions count as deposits and borrowing) and indexes it at `prices`.
    /// - Precondition: `assets` non-empty and matching `book.assetCount`; every asset valid.
    public init(assets: [CollateralAsset], book: PositionBook, prices: OraclePrices,
                insurance: InsuranceFundSpec = InsuranceFundSpec(), indexing: Indexing = .byLiquidationPrice) {
        precondition(!assets.isEmpty && assets.count == book.assetCount,
                     "The book has \(book.assetCount) collateral columns but \(assets.count) assets were given")
        precondition(prices.collateral.count == assets.count, "Need \(assets.count) collateral prices, got \(prices.collateral.count)")
        for (a, asset) in assets.enumerated() {
            let problems = asset.validate()
            precondition(problems.isEmpty, "collateral[\(a)]: \(problems.map(\.description).joined(separator: "; "))")
        }
        deficitDebtByAsset = Array(repeating: 0, count: assets.count)
        self.assets = assets
        thresholds = assets.map(\.liquidationThreshold)
        self.book = book
        ledger = ProtocolLedger(assetCount: assets.count)
        ledger.recordBorrow(book.outstandingDebt)
        ledger.collateralDeposited = book.heldCollateral
        self.insurance = InsuranceFund(spec: insurance)
        byPrice = assets.count == 1 && indexing == .byLiquidationPrice
        if byPrice {
            index = LiquidationIndex(assetCount: 1, tracksFlagged: true)
            priceIndex = LiquidationPriceIndex(book: book, threshold: assets[0].liquidationThreshold, prices: prices)
        } else {
            index = LiquidationIndex(book: book, thresholds: assets.map(\.liquidationThreshold), prices: prices, tracksFlagged: true)
        }
    }

    /// How the liquidatable positions are found: by liquidation price (single-collateral books; the default),
    /// or by trigger prices (``LiquidationIndex``, what multi-collateral books always use; kept selectable so
    /// tests can check the two agree).
    public enum Indexing: Sendable {
        case byLiquidationPrice
        case byTriggers
    }

    /// Creates an empty protocol.
    public init(assets: [CollateralAsset], prices: OraclePrices, insurance: InsuranceFundSpec = InsuranceFundSpec(),
                indexing: Indexing = .byLiquidationPrice) {
        self.init(assets: assets, book: PositionBook(assetCount: assets.count), prices: prices, insurance: insurance, indexing: indexing)
    }

    // MARK: Queries

    /// Health factor of `position` at `prices` (Aave v3 `GenericLogic`); +∞ without debt or once closed.
    @inlinable
    public func healthFactor(_ position: Int, prices: OraclePrices) -> Double {
        book.status[position] == .open ? book.healthFactor(position, thresholds: thresholds, prices: prices) : .infinity
    }

    /// Whether `position` may be liquidated at `prices`: open and HF < 1 (Aave `ValidationLogic`,
    /// HEALTH_FACTOR_LIQUIDATION_THRESHOLD = 1).
    @inlinable
    public func isLiquidatable(_ position: Int, prices: OraclePrices) -> Bool { healthFactor(position, prices: prices) < 1 }

    /// The collateral asset a liquidator picks by default: the largest holding by value at `prices`
    /// (lowest index on ties).
    public func largestCollateral(_ position: Int, prices: OraclePrices) -> Int {
        var best = 0
        var bestValue = -1.0
        for a in 0..<assets.count {
            let v = book.collateral(position, a) * prices.collateral[a]
            if v > bestValue { best = a; bestValue = v }
        }
        return best
    }

    /// Brings the index up to `prices` and appends the positions that became liquidatable (sorted); with
    /// `listing` false (a caller that only needs to know whether any did, the fixed-spread keepers), it appends
    /// none with the price index, and returns whether any did either way.
    /// - Complexity: O(k log n) for k crossed triggers; with the price index O(log n + boundary), plus the
    ///   positions listed.
    @discardableResult
    public mutating func refreshLiquidatable(prices: OraclePrices, into newlyLiquidatable: inout [Int], listing: Bool = true) -> Bool {
        guard priceIndex != nil else {
            let first = newlyLiquidatable.count
            index.refresh(book: book, thresholds: thresholds, prices: prices, newlyLiquidatable: &newlyLiquidatable)
            syncInsolvent()
            return newlyLiquidatable.count > first
        }
        let old = priceIndex!.prices
        let any = priceIndex!.refresh(prices: prices, book: book, listing: listing, newlyLiquidatable: &newlyLiquidatable)
        if old != prices { syncInsolventByPrice(ratioFrom: old.inDebtUnits(0), marketFrom: nil) }
        return any
    }

    /// Starts keeping ``insolvencyIndex`` at market prices `prices` (USD, collateral and debt).
    /// - Complexity: O(n log n).
    public mutating func trackInsolvency(prices: OraclePrices) {
        let thresholds = Array(repeating: 1.0, count: assets.count)
        var sum = InsolventLiquidatableSum(assetCount: assets.count)
        if let priceIndex {
            priceIndex.forEachFlagged { p in
                if book.health(p, thresholds, prices: prices) < 1 { sum.resync(p, isMember: true, book: book) }
            }
            insolvency = InsolvencyTracking(index: nil, thresholds: thresholds, prices: prices, liquidatable: sum)
            return
        }
        let insolvent = LiquidationIndex(book: book, thresholds: thresholds, prices: prices, logsFlagChanges: true)
        index.logsFlagChanges = true
        insolvent.forEachFlagged { p in sum.resync(p, isMember: index.isFlagged(p), book: book) }
        insolvency = InsolvencyTracking(index: insolvent, thresholds: thresholds, prices: prices, liquidatable: sum)
    }

    /// Brings ``insolvencyIndex`` up to market prices `prices`. - Complexity: O(k log n) for k crossings.
    public mutating func refreshInsolvent(prices: OraclePrices) {
        if priceIndex != nil {
            guard insolvency != nil, insolvency!.prices != prices else { return }
            let old = insolvency!.prices.inDebtUnits(0)
            insolvency!.prices = prices
            syncInsolventByPrice(ratioFrom: nil, marketFrom: old)
            return
        }
        guard var t = insolvency else { return }
        insolvency = nil  // so `t` holds the only reference and is not copied on write
        t.prices = prices
        t.scratch.removeAll(keepingCapacity: true)
        t.index!.refresh(book: book, thresholds: t.thresholds, prices: prices, newlyLiquidatable: &t.scratch)
        insolvency = t
        syncInsolvent()
    }

    /// Shortfall at market prices `prices` (USD) of the positions liquidatable at the oracle and insolvent at
    /// the prices of the last ``refreshInsolvent(prices:)``: Σ max(0, D·p_debt − Σ c_a·p_a) over them, read
    /// from running sums in O(assets). 0 without ``trackInsolvency(prices:)``.
    public func liquidatableShortfall(prices: OraclePrices) -> Double {
        insolvency?.liquidatable.shortfall(prices: prices) ?? 0
    }

    /// Re-decides membership of the liquidatable-and-insolvent sum for every position either index flagged
    /// or unflagged since the last call, and for `changed` (whose balances moved).
    private mutating func syncInsolvent(changed: Int? = nil) {
        guard var t = insolvency else { return }
        insolvency = nil  // so `t` holds the only reference and is not copied on write
        flagChangeScratch.removeAll(keepingCapacity: true)
        index.drainFlagChanges(into: &flagChangeScratch)
        t.index!.drainFlagChanges(into: &flagChangeScratch)
        if let changed { flagChangeScratch.append(Int32(changed)) }
        for p32 in flagChangeScratch {
            let p = Int(p32)
            t.liquidatable.resync(p, isMember: index.isFlagged(p) && t.index!.isFlagged(p), book: book)
        }
        insolvency = t
    }

    /// With the price index: re-decides membership of the liquidatable-and-insolvent sum for the positions
    /// whose membership a move of the oracle ratio (`ratioFrom` → the index's) or of the market ratio
    /// (`marketFrom` → the tracked one) can have changed. Liquidatable ⇔ L > r and insolvent ⇔ L·LT > m (L the
    /// liquidation price, r and m the ratios p_c/p_debt at the oracle and the market), so those positions have L
    /// between the old and the new boundary of the factor that moved and beyond the boundary of the other:
    /// a move costs the positions whose membership it can change, not the flagged backlog.
    private mutating func syncInsolventByPrice(ratioFrom: Double?, marketFrom: Double?) {
        guard insolvency != nil, let priceIndex else { return }
        let lt = priceIndex.threshold
        let r = priceIndex.prices.inDebtUnits(0), m = insolvency!.prices.inDebtUnits(0)
        let low: Double, high: Double
        if let r0 = ratioFrom {
            low = max(min(r0, r), m / lt)
            high = max(r0, r)
        } else if let m0 = marketFrom {
            low = max(min(m0, m) / lt, r)
            high = max(m0, m) / lt
        } else {
            return
        }
        var t = insolvency!
        insolvency = nil  // so `t` holds the only reference and is not copied on write
        let book = self.book
        priceIndex.forEachPosition(liquidationPriceFrom: low, to: high) { p in
            let member = priceIndex.isFlagged(p) && book.health(p, t.thresholds, prices: t.prices) < 1
            if member != t.liquidatable.contains(p) { t.liquidatable.resync(p, isMember: member, book: book) }
        }
        insolvency = t
    }

    /// Makes the liquidation index remember the positions it unflags, for ``drainUnflagged(into:)``.
    public mutating func logUnflagged() {
        index.logsUnflagged = true
        priceIndex?.logsUnflagged = true
    }

    /// Appends the positions the liquidation index unflagged since the last call (see
    /// ``LiquidationIndex/drainUnflagged(into:)``).
    public mutating func drainUnflagged(into out: inout [Int32]) {
        if priceIndex != nil { priceIndex!.drainUnflagged(into: &out) } else { index.drainUnflagged(into: &out) }
    }

    // MARK: The liquidatable set, whichever index keeps it

    /// Whether `position` is flagged liquidatable (open, HF < 1 at the prices of the last refresh).
    public func isFlagged(_ position: Int) -> Bool {
        byPrice ? priceIndex!.isFlagged(position) : index.isFlagged(position)
    }

    /// Number of flagged positions. - Complexity: O(1).
    public var flaggedCount: Int { byPrice ? priceIndex!.flaggedCount : index.flaggedBySize.count }

    /// The flagged positions, in no particular order. - Complexity: O(flagged).
    public var flaggedPositions: [Int] {
        guard let priceIndex else { return index.flaggedPositions }
        var out: [Int] = []
        out.reserveCapacity(priceIndex.flaggedCount)
        priceIndex.forEachFlagged { out.append($0) }
        return out
    }

    /// Starts `walk` at the largest flagged position by size key (``PositionBook/sizeKey(_:)``).
    /// With the price index and `repay`, the walk's keys are ``RepayBound`` bounds on the debt one liquidation
    /// repays instead of size keys.
    func startWalk(_ walk: inout FlaggedSizeWalk, repay: RepayBound? = nil) {
        if byPrice { walk.byPrice.start(priceIndex!, repay: repay) } else { walk.byTriggers.start(index.flaggedBySize) }
    }

    /// The largest size key `walk` has not visited yet.
    func peekWalk(_ walk: inout FlaggedSizeWalk) -> Double? {  // inout: read in place where the walk lives
        byPrice ? walk.byPrice.peekKey() : walk.byTriggers.peekKey(index.flaggedBySize)
    }

    /// The flagged position with the largest size key `walk` has not visited yet; nil after the last.
    func nextInWalk(_ walk: inout FlaggedSizeWalk) -> Int? {
        if byPrice { return walk.byPrice.next(priceIndex!, book: book) }
        return walk.byTriggers.next(index.flaggedBySize)
    }

    /// Every open position with HF < 1, by a full O(n) scan: the reference the index is tested against.
    public func scanLiquidatable(prices: OraclePrices) -> [Int] {
        (0..<book.count).filter { isLiquidatable($0, prices: prices) }
    }

    // MARK: Borrower actions

    /// Opens a position (a deposit plus a borrow) and returns its index.
    @discardableResult
    public mutating func openPosition(collateral: [Double], debt: Double, prices: OraclePrices) -> Int {
        let p = book.append(collateral: collateral, debt: debt)
        for a in 0..<assets.count { ledger.collateralDeposited[a] += collateral[a] }
        ledger.recordBorrow(debt)
        _reindex(p, prices: prices)
        _checkInvariants()
        return p
    }

    /// Adds collateral. - Precondition: position open, `amount ≥ 0`.
    public mutating func deposit(_ position: Int, asset: Int, amount: Double, prices: OraclePrices) {
        precondition(amount >= 0 && amount.isFinite, "Deposit must be finite and ≥ 0, got \(amount)")
        precondition(book.status[position] == .open, "Position \(position) is closed")
        book._addCollateral(position, asset, amount)
        ledger.collateralDeposited[asset] += amount
        _reindex(position, prices: prices)
        _checkInvariants()
    }

    /// Removes collateral. - Precondition: `0 ≤ amount ≤` the balance.
    public mutating func withdraw(_ position: Int, asset: Int, amount: Double, prices: OraclePrices) {
        precondition(amount >= 0 && amount <= book.collateral(position, asset),
                     "Withdrawal \(amount) exceeds the balance \(book.collateral(position, asset))")
        book._addCollateral(position, asset, -amount)
        ledger.collateralWithdrawn[asset] += amount
        _reindex(position, prices: prices)
        _checkInvariants()
    }

    /// Borrows more. - Precondition: position open, `amount ≥ 0`.
    /// Borrowing limits (LTV, debt ceiling) are the caller's policy: see ``borrowingCapacity(_:prices:)``.
    public mutating func borrow(_ position: Int, amount: Double, prices: OraclePrices) {
        precondition(amount >= 0 && amount.isFinite, "Borrow must be finite and ≥ 0, got \(amount)")
        precondition(book.status[position] == .open, "Position \(position) is closed")
        book._addDebt(position, amount)
        ledger.recordBorrow(amount)
        _reindex(position, prices: prices)
        _checkInvariants()
    }

    /// Repays debt. - Precondition: `0 ≤ amount ≤` the debt.
    public mutating func repay(_ position: Int, amount: Double, prices: OraclePrices) {
        precondition(amount >= 0 && amount <= book.debt[position], "Repayment \(amount) exceeds the debt \(book.debt[position])")
        book._addDebt(position, -amount)
        ledger.debtRepaidByOwners += amount
        _reindex(position, prices: prices)
        _checkInvariants()
    }

    /// Debt the position could still take on under its LTVs (Aave's available borrows), debt-asset units.
    public func borrowingCapacity(_ position: Int, prices: OraclePrices) -> Double {
        var limit = 0.0
        for a in 0..<assets.count { limit += book.collateral(position, a) * prices.collateral[a] * assets[a].loanToValue }
        return max(0, limit / prices.debt - book.debt[position])
    }

    // MARK: Primitives for the mechanisms (same module only)

    /// Moves `debt` of principal and `seized` of `asset` from the position to a liquidator or the pool.
    mutating func _repayBySeizure(_ position: Int, asset: Int, debt: Double, seized: Double, fee: Double,
                                  toPool: Bool) {
        _noteSeizure(position, asset: asset)
        book._addDebt(position, -debt)
        book._addCollateral(position, asset, -seized)
        ledger.debtRepaidByLiquidation += debt
        if toPool {
            ledger.collateralToPool[asset] += seized - fee
        } else {
            ledger.collateralToLiquidators[asset] += seized - fee
        }
        ledger.collateralToTreasury[asset] += fee
    }

    /// What happens to the debt of a position a liquidation left with no collateral: with `burn` it is
    /// written off (Aave v3.3 `_burnBadDebt`, realised through the insurance fund; returns the amount),
    /// without it the position becomes a ``PositionStatus/deficit`` account that keeps its debt (returns 0).
    mutating func _settleIfEmpty(_ position: Int, burn: Bool) -> Double {
        if burn { return _burnBadDebtIfEmpty(position) }
        let d = book.debt[position]
        guard d > 0, book.hasNoCollateral(position), book.status[position] == .open else { return 0 }
        book._setStatus(position, .deficit)
        deficitDebt += d
        deficitDebtByAsset[_badDebtAsset(position)] += d
        return 0
    }

    /// Writes off whatever debt a position holds once it has no collateral left (Aave v3.3 `_burnBadDebt`)
    /// and realises it through the insurance fund. Returns the amount written off.
    mutating func _burnBadDebtIfEmpty(_ position: Int) -> Double {
        let d = book.debt[position]
        guard d > 0, book.hasNoCollateral(position) else { return 0 }
        book._addDebt(position, -d)
        ledger.debtWrittenOff += d
        ledger.debtWrittenOffByAsset[_badDebtAsset(position)] += d
        insurance.absorbShortfall(d)
        return d
    }

    /// Remembers which asset a position last gave up (kept only when there are several assets).
    private mutating func _noteSeizure(_ position: Int, asset: Int) {
        guard assets.count > 1 else { return }
        if lastSeizedAsset.count < book.count { lastSeizedAsset += Array(repeating: 0, count: book.count - lastSeizedAsset.count) }
        lastSeizedAsset[position] = Int32(asset)
    }

    /// The asset bad debt on an emptied account is attributed to: the one whose seizure emptied it (asset 0
    /// for an account that never held collateral).
    func _badDebtAsset(_ position: Int) -> Int {
        position < lastSeizedAsset.count ? Int(lastSeizedAsset[position]) : 0
    }

    /// Moves all of `asset`'s collateral and `principal` of debt out of the position into an auction.
    mutating func _moveToAuction(_ position: Int, asset: Int, lot: Double, principal: Double) {
        _noteSeizure(position, asset: asset)
        book._addCollateral(position, asset, -lot)
        book._addDebt(position, -principal)
        ledger.collateralInAuction[asset] += lot
        ledger.debtInAuction += principal
    }

    /// Closes a position whose balances have all been moved out.
    mutating func _close(_ position: Int) { book._setStatus(position, .closed) }

    /// Auction collateral bought by a keeper.
    mutating func _auctionSold(asset: Int, amount: Double) {
        ledger.collateralInAuction[asset] -= amount
        ledger.collateralToKeepers[asset] += amount
    }

    /// Collateral a soft-liquidation AMM's bands (held as "in auction") sold to arbitrageurs (`collateralOut`
    /// > 0) or bought back from them (< 0): it leaves or rejoins the protocol like auction collateral bought by
    /// keepers.
    mutating func _bandsTraded(asset: Int, collateralOut: Double) {
        ledger.collateralInAuction[asset] -= collateralOut
        ledger.collateralToKeepers[asset] += collateralOut
    }

    /// Auction collateral handed back to the owner.
    mutating func _auctionReturned(asset: Int, amount: Double) {
        ledger.collateralInAuction[asset] -= amount
        ledger.collateralReturnedToOwners[asset] += amount
    }

    /// Auction proceeds: principal first, the rest is penalty revenue (a share to the insurance fund).
    mutating func _auctionProceeds(principal: Double, penalty: Double) {
        ledger.debtInAuction -= principal
        ledger.debtRepaidByLiquidation += principal
        ledger.penaltiesCollected += penalty
        insurance.deposit(penalty * insurance.spec.penaltyShare)
    }

    /// Principal an auction failed to recover: written off and realised through the insurance fund.
    mutating func _auctionShortfall(_ principal: Double, asset: Int) {
        guard principal > 0 else { return }
        ledger.debtInAuction -= principal
        ledger.debtWrittenOff += principal
        ledger.debtWrittenOffByAsset[asset] += principal
        insurance.absorbShortfall(principal)
    }

    /// A keeper incentive paid by the protocol (Maker's `vat.suck`): a cost, drawn on the fund while it
    /// lasts, and not bad debt.
    mutating func _payKeeperIncentive(_ amount: Double) {
        guard amount > 0 else { return }
        ledger.keeperIncentives += amount
        insurance.payIncentive(amount)
    }

    /// A protocol fee taken in collateral, valued at the oracle; a share goes to the insurance fund.
    mutating func _protocolFee(valueInDebtUnits v: Double) {
        ledger.protocolFeesValue += v
        insurance.deposit(v * insurance.spec.protocolFeeShare)
    }

    /// Re-keys `position` in the liquidation index at `prices`, and in the insolvency index (when kept) at
    /// the market prices it was last refreshed at (any reference point keeps its triggers valid).
    mutating func _reindex(_ position: Int, prices: OraclePrices) {
        if priceIndex != nil {
            priceIndex!.update(position, book: book)
            guard insolvency != nil else { return }
            let member = priceIndex!.isFlagged(position) && isInsolvent(position)
            insolvency!.liquidatable.resync(position, isMember: member, book: book)
            return
        }
        index.update(position, book: book, thresholds: thresholds, prices: prices)
        guard insolvency != nil else { return }
        insolvency!.index!.update(position, book: book, thresholds: insolvency!.thresholds, prices: insolvency!.prices)
        syncInsolvent(changed: position)
    }

    // MARK: Conservation

    /// The first broken conservation identity (ledger against book, insurance fund), or `nil`. O(assets);
    /// usable in release builds.
    public func conservationError() -> String? {
        ledger.conservationError(book: book) ?? insurance.conservationError()
    }

    /// Conservation after every mutation (Invariants.swift): the ledger balances against the book and the
    /// insurance fund. Compiles to nothing in release builds, which check it at the end of each run.
    @inline(__always)
    func _checkInvariants() {
        #if CASCADE_INVARIANTS
        if let e = conservationError() { preconditionFailure("Conservation broken: \(e)") }
        #endif
    }
}
