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

/// The insurance fund: filled by shares of penalties and fees, drawn on to cover realised shortfalls first;
/// what it cannot cover is net bad debt.
///
/// Invariant: `balance == initialBalance + inflows − coveredShortfall` and
/// `grossShortfall == coveredShortfall + netBadDebt`.
public struct InsuranceFund: Sendable, Equatable {
    public let spec: InsuranceFundSpec
    /// Current balance, debt-asset units.
    public private(set) var balance: Double
    /// Everything paid in so far.
    public private(set) var inflows: Double = 0
    /// Every shortfall realised so far (auction shortfalls, written-off debt, keeper incentives).
    public private(set) var grossShortfall: Double = 0
    /// The part of ``grossShortfall`` the fund paid.
    public private(set) var coveredShortfall: Double = 0
    /// The part of ``grossShortfall`` the fund could not pay: the protocol's bad debt, net.
    public private(set) var netBadDebt: Double = 0

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

    /// Realises a shortfall of `amount`: the fund pays what it can, the rest is net bad debt.
    /// - Returns: the part the fund covered.
    @discardableResult
    mutating func absorbShortfall(_ amount: Double) -> Double {
        precondition(amount >= 0 && amount.isFinite, "Shortfall must be finite and ≥ 0, got \(amount)")
        let covered = min(balance, amount)
        balance -= covered
        coveredShortfall += covered
        grossShortfall += amount
        netBadDebt += amount - covered
        return covered
    }

    /// The fund's own bookkeeping identities, or `nil` when they hold.
    public func conservationError() -> String? {
        let scale = max(1, spec.initialBalance + inflows + grossShortfall)
        if abs(balance - (spec.initialBalance + inflows - coveredShortfall)) > 1e-9 * scale {
            return "insurance fund: balance \(balance) ≠ initial \(spec.initialBalance) + inflows \(inflows) − covered \(coveredShortfall)"
        }
        if abs(grossShortfall - coveredShortfall - netBadDebt) > 1e-9 * scale {
            return "insurance fund: gross shortfall \(grossShortfall) ≠ covered \(coveredShortfall) + net bad debt \(netBadDebt)"
        }
        return nil
    }
}
