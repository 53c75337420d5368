import Foundation

/// One movement of a purse as its holder reads it: when, what, where, how much, what was left.
public struct PurseRecord: Sendable, Equatable {
    public var transferID: TransferID
    public var kind: TransferKind
    /// Positive into the purse, negative out of it.
    public var amount: Money
    public var balanceAfter: Money?
    public var at: Date
    /// The canteen, the order, the clerk's reason.
    public var memo: String

    public init(transferID: TransferID, kind: TransferKind, amount: Money, balanceAfter: Money?, at: Date, memo: String) {
        (self.transferID, self.kind, self.amount, self.balanceAfter, self.at, self.memo) = (
            transferID, kind, amount, balanceAfter, at, memo
        )
    }
}

extension TransferKind {
    public var chineseName: String {
        switch self {
        case .topUp: "充值"
        case .spend: "消费"
        case .void: "消费撤销"
        case .refund: "误充退款"
        case .fee: "手续费"
        case .autoDebit: "自动代扣"
        case .payout: "余额提取"
        case .correction: "调账"
        }
    }
}
