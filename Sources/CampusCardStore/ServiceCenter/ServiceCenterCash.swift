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
        let request = try await transfer(
            .refund, card: card, amount: amount, staff: staff, requestID: requestID, memo: "误充退款 refund of \(originalOrder): \(reason)")
        // A repeated click gets its first answer (or a conflict), before the order is looked at again.
        if let earlier = try await LedgerStore(sql).replayIfPosted(request) { return earlier }
        try await claimRefund(of: originalOrder, card: card, amount: amount)
        let receipt = try await LedgerStore(sql).post(request, schoolID: card.schoolID, at: at)
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

    /// Takes `amount` of what is left to refund of `orderNo`, a credited top-up of this card's
    /// cardholder, by one conditional update: two clerks can never refund the same yuan twice. The
    /// caller's transaction gives it back if the refund is then refused.
    private func claimRefund(of orderNo: String, card: CardRecord, amount: Money) async throws {
        guard
            let row = try await sql.raw(
                "SELECT status, amount, refunded FROM topup_orders WHERE order_no = \(bind: orderNo) AND cardholder_id = \(bind: card.cardholderID)"
            ).first()
        else { throw CardError.refundOrderUnknown(orderNo) }
        let status = try row.decode(column: "status", as: String.self)
        guard status == TopUpOrderStatus.credited.rawValue else { throw CardError.refundNotCredited(orderNo: orderNo, status: status) }
        let claimed = try await sql.raw(
            """
            UPDATE topup_orders SET refunded = refunded + \(bind: amount.fen)
            WHERE order_no = \(bind: orderNo) AND status = 'credited' AND refunded + \(bind: amount.fen) <= amount RETURNING refunded
            """
        ).first()
        guard claimed != nil else {
            let topUp = try row.decode(column: "amount", as: Int64.self)
            let refunded =
                try await sql.raw("SELECT refunded FROM topup_orders WHERE order_no = \(bind: orderNo)").first(
                    decodingColumn: "refunded", as: Int64.self) ?? topUp
            throw CardError.refundExceedsTopUp(
                orderNo: orderNo, topUp: Money(fen: topUp), left: Money(fen: max(0, topUp - refunded)), asked: amount)
        }
    }

    private func post(_ kind: TransferKind, card: CardRecord, amount: Money, staff: StaffMember, requestID: String, memo: String, at: Date)
        async throws
        -> TransferReceipt
    {
        let request = try await transfer(kind, card: card, amount: amount, staff: staff, requestID: requestID, memo: memo)
        return try await LedgerStore(sql).post(request, schoolID: card.schoolID, at: at)
    }

    private func transfer(_ kind: TransferKind, card: CardRecord, amount: Money, staff: StaffMember, requestID: String, memo: String)
        async throws -> TransferRequest
    {
        try TransferRequest(
            kind: kind, from: card.purse, to: try await cashAccount(card), amount: amount,
            key: IdempotencyKey(scope: "staff:\(staff.id)", key: requestID),
            memo: String(memo.prefix(200)))
    }

    private func cashAccount(_ card: CardRecord) async throws -> LedgerAccount {
        try await SchoolStore(sql).account(.serviceCenterCash, of: card.schoolID)
    }
}
