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
                VALUES (\(bind: schoolID), \(bind: campusID), \(bind: code), \(bind: name), \(bind: accountID)) RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { throw CardError.internalError }
        return MerchantRecord(id: id, code: code, name: name, account: LedgerAccount(id: accountID, kind: .merchant))
    }

    /// Registers a terminal with a fresh random secret, returned once to be loaded into the device.
    public func createTerminal(merchant: MerchantRecord, schoolID: Int64, code: String, at: Date) async throws -> TerminalRecord {
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        let sealed = try box.seal(secret)
        guard
            let id = try await sql.raw(
                """
                INSERT INTO terminals (school_id, merchant_id, code, sealed_secret, status, created_at_ms)
                VALUES (\(bind: schoolID), \(bind: merchant.id), \(bind: code), \(bind: sealed), 'active', \(bind: at.epochMilliseconds))
                RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { throw CardError.internalError }
        return TerminalRecord(id: id, code: code, schoolID: schoolID, merchant: merchant, secret: secret, sealedSecret: sealed)
    }
}
