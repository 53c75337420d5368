import CampusCardCore
import Foundation
import SQLKit

public struct CardRecord: Sendable, Equatable {
    public var id: Int64
    public var schoolID: Int64
    public var number: CardNumber
    public var status: CardStatus
    public var cardholderID: Int64
    public var purse: LedgerAccount
}

/// Cards as terminals and the service center find them.
public struct CardStore: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func card(schoolID: Int64, number: CardNumber) async throws -> CardRecord? {
        try await sql.raw(
            """
            SELECT id, school_id, card_number, status, cardholder_id, purse_account_id FROM cards
            WHERE school_id = \(bind: schoolID) AND card_number = \(bind: number.rawValue)
            """
        ).first().map(Self.record)
    }

    static func record(_ row: any SQLRow) throws -> CardRecord {
        CardRecord(
            id: try row.decode(column: "id", as: Int64.self),
            schoolID: try row.decode(column: "school_id", as: Int64.self),
            number: CardNumber(rawValue: try row.decode(column: "card_number", as: String.self))!,
            status: CardStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .frozen,
            cardholderID: try row.decode(column: "cardholder_id", as: Int64.self),
            purse: LedgerAccount(id: try row.decode(column: "purse_account_id", as: Int64.self), kind: .purse))
    }

    /// When a card became lost or frozen, from the audit log (a freeze is recorded on the 学工号).
    public func statusSince(_ card: CardRecord, staffNumber: String) async throws -> Date? {
        let action = card.status == .frozen ? "graduate_frozen" : "card_\(card.status.rawValue)"
        return try await sql.raw(
            """
            SELECT MAX(at_ms) AS at_ms FROM audit_log WHERE school_id = \(bind: card.schoolID) AND action = \(bind: action)
            AND subject IN (\(bind: card.number.rawValue), \(bind: staffNumber))
            """
        ).first(decodingColumn: "at_ms", as: Int64?.self).flatMap { $0 }.map(Date.init(epochMilliseconds:))
    }

    /// A cardholder's purse, by their 学工号.
    public func purse(schoolID: Int64, staffNumber: String) async throws -> LedgerAccount? {
        try await sql.raw(
            """
            SELECT purse_account_id FROM cardholders WHERE school_id = \(bind: schoolID) AND staff_number = \(bind: staffNumber)
            """
        ).first(decodingColumn: "purse_account_id", as: Int64.self).map { LedgerAccount(id: $0, kind: .purse) }
    }
}
