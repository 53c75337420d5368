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
    /// What it came from: the terminal's transaction id or the top-up's order number.
    public var source: Source?

    public init(
        transferID: TransferID, kind: TransferKind, amount: Money, balanceAfter: Money?, at: Date, memo: String, source: Source? = nil
    ) {
        (self.transferID, self.kind, self.amount, self.balanceAfter, self.at, self.memo, self.source) = (
            transferID, kind, amount, balanceAfter, at, memo, source
        )
    }

    public enum Source: Sendable, Equatable {
        case terminalTransaction(String)
        case order(String)

        /// From the transfer's idempotency key: a terminal's charges and voids are keyed by its
        /// transaction id, a top-up and its fee by the order number; other keys name no source.
        public init?(scope: String, key: String) {
            if scope.hasPrefix("terminal:") || scope.hasPrefix("terminal-void:") {
                self = .terminalTransaction(key)
            } else if scope == "topup" || scope == "topup-fee" {
                self = .order(key)
            } else {
                return nil
            }
        }
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
