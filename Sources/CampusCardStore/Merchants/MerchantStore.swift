import CampusCardCore
import Crypto
import Foundation
import SQLKit

public struct MerchantRecord: Sendable, Equatable {
    public var id: Int64
    public var code: String
    public var name: String
    public var account: LedgerAccount
}

public struct TerminalRecord: Sendable, Equatable {
    public var id: Int64
    public var code: String
    public var schoolID: Int64
    public var merchant: MerchantRecord
    /// The HMAC key the terminal signs its requests with.
    public var secret: String
    /// The key as stored: it changes when the terminal is re-keyed (see `confirm`).
    public var sealedSecret: String
}

/// A terminal as the console lists it: never its secret.
public struct TerminalEntry: Sendable, Equatable {
    public var id: Int64
    public var code: String
    public var merchantCode: String
    public var merchantName: String
    public var active: Bool
    public var createdAt: Date

    public init(id: Int64, code: String, merchantCode: String, merchantName: String, active: Bool, createdAt: Date) {
        (self.id, self.code, self.merchantCode, self.merchantName, self.active, self.createdAt) = (
            id, code, merchantCode, merchantName, active, createdAt
        )
    }
}

/// Canteens and shops (each with its ledger account) and their POS terminals.
public struct MerchantStore: Sendable {
    let sql: any SQLDatabase
    let box: SecretBox

    public init(_ sql: any SQLDatabase, box: SecretBox) {
        self.sql = sql
        self.box = box
    }

    public func createMerchant(schoolID: Int64, campusID: Int64?, code: String, name: String, at: Date) async throws -> MerchantRecord {
        guard
            let accountID = try await sql.raw(
                """
                INSERT INTO accounts (school_id, kind, label, balance, status, created_at_ms)
                VALUES (\(bind: schoolID), \(bind: AccountKind.merchant.rawValue), \(bind: "merchant:\(code)"), 0, 'active', \(bind: at.epochMilliseconds))
                RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self),
            let id = try await sql.raw(
                """
                INSERT INTO merchants (school_id, campus_id, code, name, account_id)
                VALUES (\(bind: schoolID), \(bind: campusID), \(bind: code), \(bind: name), \(bind: accountID))
                ON CONFLICT DO NOTHING RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { throw CardError.alreadyExists(zh: "商户编号", en: "merchant code", name: code) }
        return MerchantRecord(id: id, code: code, name: name, account: LedgerAccount(id: accountID, kind: .merchant))
    }

    /// Registers a terminal with a fresh random secret, returned once to be loaded into the device.
    public func createTerminal(merchant: MerchantRecord, schoolID: Int64, code: String, at: Date) async throws -> TerminalRecord {
        let (secret, sealed) = try freshSecret()
        guard
            let id = try await sql.raw(
                """
                INSERT INTO terminals (school_id, merchant_id, code, sealed_secret, status, created_at_ms)
                VALUES (\(bind: schoolID), \(bind: merchant.id), \(bind: code), \(bind: sealed), 'active', \(bind: at.epochMilliseconds))
                ON CONFLICT DO NOTHING RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { throw CardError.alreadyExists(zh: "终端编号", en: "terminal code", name: code) }
        return TerminalRecord(id: id, code: code, schoolID: schoolID, merchant: merchant, secret: secret, sealedSecret: sealed)
    }

    /// A new secret for the terminal, returned once: the old one signs nothing from the commit on
    /// (every charge checks the stored key inside its transaction).
    public func rekey(_ terminal: TerminalEntry) async throws -> String {
        let (secret, sealed) = try freshSecret()
        try await sql.raw("UPDATE terminals SET sealed_secret = \(bind: sealed) WHERE id = \(bind: terminal.id)").run()
        return secret
    }

    /// Its next request is refused, whichever server process it reaches.
    public func disable(_ terminal: TerminalEntry) async throws {
        try await sql.raw("UPDATE terminals SET status = 'disabled' WHERE id = \(bind: terminal.id)").run()
    }

    public func merchants(schoolID: Int64) async throws -> [MerchantRecord] {
        try await sql.raw("SELECT id, code, name, account_id FROM merchants WHERE school_id = \(bind: schoolID) ORDER BY code").all()
            .map(Self.merchant)
    }

    public func merchant(schoolID: Int64, code: String) async throws -> MerchantRecord? {
        try await sql.raw("SELECT id, code, name, account_id FROM merchants WHERE school_id = \(bind: schoolID) AND code = \(bind: code)")
            .first().map(Self.merchant)
    }

    public func terminals(schoolID: Int64) async throws -> [TerminalEntry] {
        try await sql.raw("\(unsafeRaw: Self.terminalSelect) WHERE t.school_id = \(bind: schoolID) ORDER BY t.code").all().map(
            Self.terminal)
    }

    /// The school's terminal with this code, active or not.
    public func terminal(schoolID: Int64, code: String) async throws -> TerminalEntry? {
        try await sql.raw("\(unsafeRaw: Self.terminalSelect) WHERE t.school_id = \(bind: schoolID) AND t.code = \(bind: code)").first()
            .map(Self.terminal)
    }

    private static let terminalSelect = """
        SELECT t.id, t.code, t.status, t.created_at_ms, m.code AS merchant_code, m.name AS merchant_name
        FROM terminals t JOIN merchants m ON m.id = t.merchant_id
        """

    private static func terminal(_ row: any SQLRow) throws -> TerminalEntry {
        TerminalEntry(
            id: try row.decode(column: "id", as: Int64.self), code: try row.decode(column: "code", as: String.self),
            merchantCode: try row.decode(column: "merchant_code", as: String.self),
            merchantName: try row.decode(column: "merchant_name", as: String.self),
            active: try row.decode(column: "status", as: String.self) == "active",
            createdAt: Date(epochMilliseconds: try row.decode(column: "created_at_ms", as: Int64.self)))
    }

    private static func merchant(_ row: any SQLRow) throws -> MerchantRecord {
        MerchantRecord(
            id: try row.decode(column: "id", as: Int64.self), code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            account: LedgerAccount(id: try row.decode(column: "account_id", as: Int64.self), kind: .merchant))
    }

    /// 256 random bits, base64, and the same sealed with the master key for the database.
    private func freshSecret() throws -> (secret: String, sealed: String) {
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        return (secret, try box.seal(secret))
    }
}
