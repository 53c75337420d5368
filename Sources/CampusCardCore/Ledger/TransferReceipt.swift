import Foundation

/// The answer to a transfer: the same answer every time the same key is asked again.
public struct TransferReceipt: Sendable, Equatable, Codable {
    public var transferID: TransferID
    public var kind: TransferKind
    public var amount: Money
    public var at: Date
    /// The purse's balance right after this transfer, when a purse was on either side.
    public var purseBalanceAfter: Money?
    /// True when this answers a repeat of a transfer that was already applied.
    public var isReplay: Bool

    public init(transferID: TransferID, kind: TransferKind, amount: Money, at: Date, purseBalanceAfter: Money?, isReplay: Bool) {
        self.transferID = transferID
        self.kind = kind
        self.amount = amount
        self.at = at
        self.purseBalanceAfter = purseBalanceAfter
        self.isReplay = isReplay
    }
}
