import CampusCardCore
import Foundation
import SQLKit

/// The roster as stored, read and written in bulk so 100,000 rows import in seconds.
struct RosterRows {
    let sql: any SQLDatabase

    init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    struct Stored {
        var id: Int64
        var name: String
        var kind: String
        var campusID: Int64?
        var secretHash: String?
        var passport: String?
        var leaveDate: String?

        func matches(_ entry: RosterEntry, campusID: Int64?, secrets: CardSecretHasher) -> Bool {
            name == entry.name.rawValue && kind == entry.kind.rawValue && self.campusID == campusID
                && passport == entry.passport?.rawValue && leaveDate == entry.leaveDate?.description
                && secretMatches(entry, secrets: secrets)
        }

        /// Keeps the stored hash when the secret is unchanged, so re-imports write nothing.
        func secretHash(for entry: RosterEntry, secrets: CardSecretHasher) -> String? {
            secretMatches(entry, secrets: secrets) ? secretHash : entry.initialPassword.map(secrets.hash)
        }

        private func secretMatches(_ entry: RosterEntry, secrets: CardSecretHasher) -> Bool {
            switch (entry.initialPassword, secretHash) {
            case (nil, nil): true
            case let (secret?, hash?): secrets.verify(secret, against: hash)
            default: false
            }
        }
    }

    struct Existing {
        var cardholders: [String: Stored] = [:]
        /// Card number → cardholder id, every card of the school including replaced ones, so an
        /// old number is never handed to someone else.
        var cardOwners: [String: Int64] = [:]
    }

    func existing(schoolID: Int64) async throws -> Existing {
        var existing = Existing()
        for row in try await sql.raw(
            """
            SELECT id, staff_number, name, kind, campus_id, initial_secret_hash, passport, leave_date FROM cardholders WHERE school_id = \(bind: schoolID)
            """
        ).all() {
            existing.cardholders[try row.decode(column: "staff_number", as: String.self)] = Stored(
                id: try row.decode(column: "id", as: Int64.self),
                name: try row.decode(column: "name", as: String.self),
                kind: try row.decode(column: "kind", as: String.self),
                campusID: try row.decode(column: "campus_id", as: Int64?.self),
                secretHash: try row.decode(column: "initial_secret_hash", as: String?.self),
                passport: try row.decode(column: "passport", as: String?.self),
                leaveDate: try row.decode(column: "leave_date", as: String?.self))
        }
        for row in try await sql.raw("SELECT card_number, cardholder_id FROM cards WHERE school_id = \(bind: schoolID)").all() {
            existing.cardOwners[try row.decode(column: "card_number", as: String.self)] = try row.decode(
                column: "cardholder_id", as: Int64.self)
        }
        return existing
    }

    func update(cardholderID: Int64, to entry: RosterEntry, campusID: Int64?, secretHash: String?, at: Date) async throws {
        try await sql.raw(
            """
            UPDATE cardholders SET name = \(bind: entry.name.rawValue), kind = \(bind: entry.kind.rawValue), campus_id = \(bind: campusID),
                initial_secret_hash = \(bind: secretHash), passport = \(bind: entry.passport?.rawValue),
                leave_date = \(bind: entry.leaveDate?.description), updated_at_ms = \(bind: at.epochMilliseconds)
            WHERE id = \(bind: cardholderID)
            """
        ).run()
    }

    /// New cardholders: a purse each, the cardholder, the card, `size` at a time; `written` is
    /// told how many are written after each batch. Rows come back matched by a unique column,
    /// never by position.
    func insert(
        _ entries: [(entry: RosterEntry, campusID: Int64?)], schoolID: Int64, secrets: CardSecretHasher, at: Date, batch size: Int = 1000,
        written: (Int) throws -> Void = { _ in }
    ) async throws {
        let atMS = at.epochMilliseconds
        for batch in stride(from: 0, to: entries.count, by: size).map({ entries[$0..<min($0 + size, entries.count)] }) {
            var accounts = sql.insert(into: "accounts").columns("school_id", "kind", "label", "balance", "status", "created_at_ms")
            for (entry, _) in batch {
                accounts = accounts.values(
                    SQLBind(schoolID), SQLBind(AccountKind.purse.rawValue), SQLBind(Self.purseLabel(entry.staffNumber)), SQLBind(Int64(0)),
                    SQLBind("active"), SQLBind(atMS))
            }
            var purses: [String: Int64] = [:]
            for row in try await accounts.returning("id", "label").all() {
                purses[try row.decode(column: "label", as: String.self)] = try row.decode(column: "id", as: Int64.self)
            }
            var holders = sql.insert(into: "cardholders").columns(
                "school_id", "campus_id", "staff_number", "name", "kind", "initial_secret_hash", "passport", "leave_date", "status",
                "purse_account_id", "created_at_ms", "updated_at_ms")
            for (entry, campusID) in batch {
                holders = holders.values(
                    SQLBind(schoolID), SQLBind(campusID), SQLBind(entry.staffNumber.rawValue), SQLBind(entry.name.rawValue),
                    SQLBind(entry.kind.rawValue),
                    SQLBind(entry.initialPassword.map(secrets.hash)), SQLBind(entry.passport?.rawValue),
                    SQLBind(entry.leaveDate?.description),
                    SQLBind(CardholderStatus.active.rawValue), SQLBind(purses[Self.purseLabel(entry.staffNumber)]!), SQLBind(atMS),
                    SQLBind(atMS))
            }
            var holderIDs: [String: Int64] = [:]
            for row in try await holders.returning("id", "staff_number").all() {
                holderIDs[try row.decode(column: "staff_number", as: String.self)] = try row.decode(column: "id", as: Int64.self)
            }
            var cards = sql.insert(into: "cards").columns(
                "school_id", "card_number", "cardholder_id", "purse_account_id", "status", "issued_at_ms")
            for (entry, _) in batch {
                cards = cards.values(
                    SQLBind(schoolID), SQLBind(entry.cardNumber.rawValue), SQLBind(holderIDs[entry.staffNumber.rawValue]!),
                    SQLBind(purses[Self.purseLabel(entry.staffNumber)]!), SQLBind(CardStatus.active.rawValue), SQLBind(atMS))
            }
            try await cards.run()
            try written(batch.endIndex)
        }
    }

    static func purseLabel(_ staffNumber: StaffNumber) -> String { "purse:\(staffNumber.rawValue)" }
}
