/// Where every unit of debt and of each collateral asset has gone since the run began.
///
/// Debt (debt-asset units):
///
///     borrowed = outstanding (in the book) + inAuction + repaidByOwners + repaidByLiquidation + writtenOff
///
/// Collateral, per asset (asset units):
///
///     deposited − withdrawn = held (in the book) + toLiquidators + toTreasury + toKeepers + toPool
///                             + inAuction + returnedToOwners
///
/// "inAuction" is debt (principal, without penalty) and collateral that left a position for an auction that
/// has not finished, or for a soft-liquidation loan's bands (whose collateral sold to arbitrageurs counts as
/// "toKeepers", net of what they sold back). Positions created at the start of a run count as deposits and borrowing.
public struct ProtocolLedger: Sendable, Equatable {
    public private(set) var debtBorrowed: Double = 0
    public internal(set) var debtRepaidByOwners: Double = 0
    /// Principal repaid by liquidators, auction takers and the backstop pool.
    public internal(set) var debtRepaidByLiquidation: Double = 0
    /// Principal moved to auctions not yet finished.
    public internal(set) var debtInAuction: Double = 0
    /// Principal removed from the books without repayment (bad debt, gross of the insurance fund).
    public internal(set) var debtWrittenOff: Double = 0
    /// ``debtWrittenOff`` by collateral asset: an auction's shortfall to its lot's asset, an emptied
    /// account's debt to the asset whose seizure emptied it.
    public internal(set) var debtWrittenOffByAsset: [Double]

    public internal(set) var collateralDeposited: [Double]
    public internal(set) var collateralWithdrawn: [Double]
    /// Collateral received by fixed-spread liquidators (their bonus included).
    public internal(set) var collateralToLiquidators: [Double]
    /// Collateral taken as protocol fee (Aave's liquidation protocol fee).
    public internal(set) var collateralToTreasury: [Double]
    /// Collateral bought in Dutch or English auctions.
    public internal(set) var collateralToKeepers: [Double]
    /// Collateral received by the backstop pool.
    public internal(set) var collateralToPool: [Double]
    /// Collateral in auctions not yet finished.
    public internal(set) var collateralInAuction: [Double]
    /// Collateral handed back to owners by auctions (Maker's leftover lot, flip's dent).
    public internal(set) var collateralReturnedToOwners: [Double]

    /// Penalty revenue (auction proceeds above principal), debt-asset units.
    public internal(set) var penaltiesCollected: Double = 0
    /// Protocol fees, valued at the oracle when taken, debt-asset units.
    public internal(set) var protocolFeesValue: Double = 0
    /// Keeper incentives (Maker's tip + chip·tab) paid by the protocol, debt-asset units.
    public internal(set) var keeperIncentives: Double = 0

    public init(assetCount: Int) {
        let zeros = Array(repeating: 0.0, count: assetCount)
        collateralDeposited = zeros
        debtWrittenOffByAsset = zeros
        collateralWithdrawn = zeros
        collateralToLiquidators = zeros
        collateralToTreasury = zeros
        collateralToKeepers = zeros
        collateralToPool = zeros
        collateralInAuction = zeros
        collateralReturnedToOwners = zeros
    }

    mutating func recordBorrow(_ amount: Double) { debtBorrowed += amount }

    /// Both conservation identities against the book's running totals, or a message naming the first one
    /// that fails and by how much. Tolerance: 1e-9 relative to the gross flow through the identity.
    public func conservationError(book: PositionBook) -> String? {
        let debtRight = book.outstandingDebt + debtInAuction + debtRepaidByOwners + debtRepaidByLiquidation + debtWrittenOff
        if abs(debtBorrowed - debtRight) > 1e-9 * max(1, debtBorrowed) {
            return "debt not conserved: borrowed \(debtBorrowed) ≠ outstanding \(book.outstandingDebt) + in auction \(debtInAuction) + repaid by owners \(debtRepaidByOwners) + repaid by liquidation \(debtRepaidByLiquidation) + written off \(debtWrittenOff) (difference \(debtBorrowed - debtRight))"
        }
        for a in 0..<collateralDeposited.count {
            let left = collateralDeposited[a] - collateralWithdrawn[a]
            let right = book.heldCollateral[a] + collateralToLiquidators[a] + collateralToTreasury[a]
                + collateralToKeepers[a] + collateralToPool[a] + collateralInAuction[a] + collateralReturnedToOwners[a]
            if abs(left - right) > 1e-9 * max(1, collateralDeposited[a]) {
                return "collateral \(a) not conserved: deposited − withdrawn \(left) ≠ held \(book.heldCollateral[a]) + liquidators \(collateralToLiquidators[a]) + treasury \(collateralToTreasury[a]) + keepers \(collateralToKeepers[a]) + pool \(collateralToPool[a]) + in auction \(collateralInAuction[a]) + returned \(collateralReturnedToOwners[a]) (difference \(left - right))"
            }
            if collateralInAuction[a] < -1e-9 * max(1, collateralDeposited[a]) {
                return "collateral \(a) in auction is negative: \(collateralInAuction[a])"
            }
        }
        if debtInAuction < -1e-9 * max(1, debtBorrowed) { return "debt in auction is negative: \(debtInAuction)" }
        let attributed = debtWrittenOffByAsset.reduce(0, +)
        if abs(attributed - debtWrittenOff) > 1e-9 * max(1, debtBorrowed) {
            return "bad debt by asset \(debtWrittenOffByAsset) does not add up to the debt written off \(debtWrittenOff)"
        }
        return nil
    }
}
