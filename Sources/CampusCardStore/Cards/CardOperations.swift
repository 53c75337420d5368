import CampusCardCore
import Foundation
import SQLKit

/// Lost, found, replaced: what happens to a card at the service center (or, for a loss, from the
/// cardholder's phone). Each change is one conditional update, so two clerks cannot both act on a
/// card, and is written to the audit log with who did it.
public struct CardOperations: Sendable {
    let sql: any SQLDatabase

    /// Use inside a transaction.
    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    /// Takes effect for every terminal at once: the next charge reads the new status.
    public func reportLost(_ card: CardRecord, actor: String, at: Date) async throws {
        try await move(card, from: [.active], to: .lost, action: .reportLost, actor: actor, at: at)
        try await NoticeInbox.record(
            .cardLost, key: "\(card.number.rawValue):\(at.epochMilliseconds)", cardholderID: card.cardholderID, title: "校园卡已挂失",
            body: "卡号 \(card.number.rawValue) 已挂失，所有终端即刻拒绝此卡。找回后请到校园卡服务中心解挂，或办理补卡。", at: at, on: sql)
    }

    public func markFound(_ card: CardRecord, actor: String, at: Date) async throws {
        try await move(card, from: [.lost], to: .active, action: .markFound, actor: actor, at: at)
    }

    /// A new card number on the same purse and history; the old number is dead for good.
    public func replace(_ card: CardRecord, with number: CardNumber, actor: String, at: Date) async throws -> CardRecord {
        if try await CardStore(sql).card(schoolID: card.schoolID, number: number) != nil { throw CardError.cardNumberTaken }
        try await move(card, from: [.active, .lost], to: .replaced, action: .replace, actor: actor, at: at)
        guard
            let id = try await sql.raw(
                """
                INSERT INTO cards (school_id, card_number, cardholder_id, purse_account_id, status, issued_at_ms)
                VALUES (\(bind: card.schoolID), \(bind: number.rawValue), \(bind: card.cardholderID), \(bind: card.purse.id), 'active', \(bind: at.epochMilliseconds))
                RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { throw CardError.internalError }
        try await AuditLog(sql).record(
            schoolID: card.schoolID, actor: actor, action: "card_issued", subject: number.rawValue,
            detail: ["replaces": card.number.rawValue], at: at)
        return CardRecord(
            id: id, schoolID: card.schoolID, number: number, status: .active, cardholderID: card.cardholderID, purse: card.purse)
    }

    private func move(_ card: CardRecord, from: [CardStatus], to: CardStatus, action: CardError.CardAction, actor: String, at: Date)
        async throws
    {
        let moved = try await sql.raw(
            """
            UPDATE cards SET status = \(bind: to.rawValue) WHERE id = \(bind: card.id) AND status IN (\(binds: from.map(\.rawValue))) RETURNING id
            """
        ).first()
        guard moved != nil else {
            let current = try await CardStore(sql).card(schoolID: card.schoolID, number: card.number)?.status ?? card.status
            throw CardError.cardStateConflict(current, cannot: action)
        }
        try await AuditLog(sql).record(
            schoolID: card.schoolID, actor: actor, action: "card_\(to.rawValue)", subject: card.number.rawValue,
            detail: ["was": card.status.rawValue], at: at)
    }
}
