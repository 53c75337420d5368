import Foundation

public typealias AccountID = Int64
public typealias TransferID = Int64

/// One movement of money, as asked for: from one account to another, a positive amount, a
/// reason and the key that makes asking twice harmless.
public struct TransferRequest: Sendable, Equatable {
    public var kind: TransferKind
    public var from: LedgerAccount
    public var to: LedgerAccount
    public var amount: Money
    public var key: IdempotencyKey
    /// Free text for people reading the records: the merchant, the order, the clerk's reason.
    public var memo: String

    public init(kind: TransferKind, from: LedgerAccount, to: LedgerAccount, amount: Money, key: IdempotencyKey, memo: String = "")
        throws(CardError)
    {
        guard amount.isPositive else { throw .invalidAmount(amount.yuanString) }
        guard from.id != to.id else {
            throw .invalidField("to", zh: "转出与转入账户不能相同", en: "money cannot move from an account to itself")
        }
        guard memo.count <= 200 else {
            throw .invalidField("memo", zh: "备注不能超过200字", en: "at most 200 characters")
        }
        (self.kind, self.from, self.to, self.amount, self.key, self.memo) = (kind, from, to, amount, key, memo)
    }

    /// What must match when a key is used again: the same key with other content is a conflict.
    public func isSameRequest(kind: TransferKind, from: AccountID, to: AccountID, amount: Money) -> Bool {
        self.kind == kind && self.from.id == from && self.to.id == to && self.amount == amount
    }
}
