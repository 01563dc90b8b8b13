import Stochastic

/// Parameters of the insurance fund (Aave's treasury / Maker's surplus buffer, reduced to one account).
public struct InsuranceFundSpec: Sendable, Equatable {
    /// Balance at the start of the run, debt-asset units.
    public var initialBalance: Double
    /// Share of liquidation penalties the protocol collects (auction chop revenue) paid into the fund.
    public var penaltyShare: Double
    /// Share of protocol fees (Aave's liquidation protocol fee, valued at the oracle) paid into the fund.
    public var protocolFeeShare: Double

    public init(initialBalance: Double = 0, penaltyShare: Double = 1, protocolFeeShare: Double = 1) {
        self.initialBalance = initialBalance
        self.penaltyShare = penaltyShare
        self.protocolFeeShare = protocolFeeShare
    }

    /// Every out-of-range parameter, keys as `[protocol.insurance]` spells them.
    public func validate() -> [ParameterProblem] {
        var out: [ParameterProblem] = []
        if !(initialBalance.isFinite && initialBalance >= 0) {
            out.append(ParameterProblem(key: "initial_balance", message: "found \(initialBalance), expected a finite number ≥ 0"))
        }
        if let p = ParameterProblem.requireInRange("penalty_share", penaltyShare, 0...1) { out.append(p) }
        if let p = ParameterProblem.requireInRange("protocol_fee_share", protocolFeeShare, 0...1) { out.append(p) }
        return out
    }
}

/// The insurance fund: filled by shares of penalties and fees, drawn on to cover realised bad debt and the
/// keeper incentives the protocol pays (Maker's surplus buffer nets both against `sin`); what it cannot
/// cover of the bad debt is net bad debt, what it cannot cover of the incentives is an uncovered cost.
///
/// Invariants: `balance == initialBalance + inflows − badDebtCovered − incentivesCovered`,
/// `badDebtRealized == badDebtCovered + netBadDebt`, `incentivesPaid == incentivesCovered + incentivesUncovered`.
public struct InsuranceFund: Sendable, Equatable {
    public let spec: InsuranceFundSpec
    /// Current balance, debt-asset units.
    public private(set) var balance: Double
    /// Everything paid in so far.
    public private(set) var inflows: Double = 0
    /// Bad debt realised so far (auction shortfalls, written-off debt).
    public private(set) var badDebtRealized: Double = 0
    /// The part of ``badDebtRealized`` the fund paid.
    public private(set) var badDebtCovered: Double = 0
    /// The part of ``badDebtRealized`` the fund could not pay: the protocol's realised bad debt, net.
    public private(set) var netBadDebt: Double = 0
    /// Keeper incentives the protocol paid (tip + chip), and the parts the fund did and did not cover.
    public private(set) var incentivesPaid: Double = 0
    public private(set) var incentivesCovered: Double = 0
    public private(set) var incentivesUncovered: Double = 0

    public init(spec: InsuranceFundSpec) {
        self.spec = spec
        balance = spec.initialBalance
    }

    /// Pays `amount` (≥ 0) into the fund.
    mutating func deposit(_ amount: Double) {
        precondition(amount >= 0 && amount.isFinite, "Insurance deposit must be finite and ≥ 0, got \(amount)")
        balance += amount
        inflows += amount
    }

    /// Realises bad debt of `amount`: the fund pays what it can, the rest is net bad debt.
    /// - Returns: the part the fund covered.
    @discardableResult
    mutating func absorbShortfall(_ amount: Double) -> Double {
        let covered = draw(amount)
        badDebtRealized += amount
        badDebtCovered += covered
        netBadDebt += amount - covered
        return covered
    }

    /// Pays a keeper incentive of `amount`: out of the fund while it lasts, the rest uncovered.
    mutating func payIncentive(_ amount: Double) {
        let covered = draw(amount)
        incentivesPaid += amount
        incentivesCovered += covered
        incentivesUncovered += amount - covered
    }

    private mutating func draw(_ amount: Double) -> Double {
        precondition(amount >= 0 && amount.isFinite, "A draw on the fund must be finite and ≥ 0, got \(amount)")
        let covered = min(balance, amount)
        balance -= covered
        return covered
    }

    /// The fund's own bookkeeping identities, or `nil` when they hold.
    public func conservationError() -> String? {
        let scale = max(1, spec.initialBalance + inflows + badDebtRealized + incentivesPaid)
        if abs(balance - (spec.initialBalance + inflows - badDebtCovered - incentivesCovered)) > 1e-9 * scale {
            return "insurance fund: balance \(balance) ≠ initial \(spec.initialBalance) + inflows \(inflows) − bad debt covered \(badDebtCovered) − incentives covered \(incentivesCovered)"
        }
        if abs(badDebtRealized - badDebtCovered - netBadDebt) > 1e-9 * scale {
            return "insurance fund: bad debt realised \(badDebtRealized) ≠ covered \(badDebtCovered) + net \(netBadDebt)"
        }
        if abs(incentivesPaid - incentivesCovered - incentivesUncovered) > 1e-9 * scale {
            return "insurance fund: incentives \(incentivesPaid) ≠ covered \(incentivesCovered) + uncovered \(incentivesUncovered)"
        }
        return nil
    }
}
