import CampusCardCore
import Foundation
import SQLKit

/// Money that leaves a purse at the service center's counter, in cash: a mistaken top-up
/// refunded in person (never back through the channel: 不支持原路退回), or a leaver's balance
/// paid out. The clerk's request id makes a double click harmless; the clerk, the reason and the
/// original order are kept with the transfer and in the audit log.
public struct ServiceCenterCash: Sendable {
    let sql: any SQLDatabase

    /// Use inside a transaction.
    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func refundMistakenTopUp(
        card: CardRecord, amount: Money, originalOrder: String, reason: String, staff: StaffMember, requestID: String, at: Date
    ) async throws -> TransferReceipt {
        guard (1...64).contains(originalOrder.count) else {
            throw CardError.invalidField("original_order", zh: "请填写误充的原订单号", en: "give the order number of the mistaken top-up")
        }
        guard (1...200).contains(reason.count) else {
            throw CardError.invalidField("reason", zh: "请填写退款原因（200字以内）", en: "give the reason, at most 200 characters")
        }
        let receipt = try await post(
            .refund, card: card, amount: amount, staff: staff, requestID: requestID, memo: "误充退款 refund of \(originalOrder): \(reason)",
            at: at)
        if !receipt.isReplay {
            try await AuditLog(sql).record(
                schoolID: card.schoolID, actor: "staff:\(staff.username)", action: "refund", subject: card.number.rawValue,
                detail: [
                    "amount_fen": "\(amount.fen)", "original_order": originalOrder, "reason": reason,
                    "transfer_id": "\(receipt.transferID)",
                ], at: at)
        }
        return receipt
    }

    /// Pays out what the clerk counted (normally all that is left): the one movement a frozen
    /// purse still allows.
    public func payOut(card: CardRecord, amount: Money, staff: StaffMember, requestID: String, at: Date) async throws -> TransferReceipt {
        let receipt = try await post(
            .payout, card: card, amount: amount, staff: staff, requestID: requestID, memo: "余额提取 balance paid out", at: at)
        if !receipt.isReplay {
            try await AuditLog(sql).record(
                schoolID: card.schoolID, actor: "staff:\(staff.username)", action: "payout", subject: card.number.rawValue,
                detail: ["amount_fen": "\(amount.fen)", "transfer_id": "\(receipt.transferID)"], at: at)
        }
        return receipt
    }

    private func post(_ kind: TransferKind, card: CardRecord, amount: Money, staff: StaffMember, requestID: String, memo: String, at: Date)
        async throws
        -> TransferReceipt
    {
        let request = try TransferRequest(
            kind: kind, from: card.purse, to: try await cashAccount(card), amount: amount,
            key: IdempotencyKey(scope: "staff:\(staff.id)", key: requestID),
            memo: String(memo.prefix(200)))
        return try await LedgerStore(sql).post(request, schoolID: card.schoolID, at: at)
    }

    private func cashAccount(_ card: CardRecord) async throws -> LedgerAccount {
        try await SchoolStore(sql).account(.serviceCenterCash, of: card.schoolID)
    }
}
