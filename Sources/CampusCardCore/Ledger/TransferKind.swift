import Foundation

/// Why money moved: shown in records and used by the reports.
public enum TransferKind: String, Codable, Sendable, CaseIterable {
    case topUp = "top_up"
    case spend
    case void
    case refund
    case fee
    case autoDebit = "auto_debit"
    case payout
    case correction

    /// A frozen purse (a graduate's, three months after leaving) still pays out what is left at
    /// the service center; nothing else moves it.
    public var movesFrozenPurse: Bool { self == .payout }
}
