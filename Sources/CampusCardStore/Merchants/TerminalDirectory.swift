import CampusCardCore
import Foundation
import PostgresNIO
import SQLKit

/// Finds the terminal a POS request names, with its secret unsealed to check the signature. Every
/// charge starts here, so the lookups of requests that arrive together are made in one query
/// (`TerminalLookups`), a prepared statement on PostgreSQL.
public struct TerminalDirectory: Sendable {
    let db: StoreDatabase
    let box: SecretBox

    public init(_ db: StoreDatabase, box: SecretBox) {
        self.db = db
        self.box = box
    }

    /// An active terminal by its code.
    public func terminal(code: String) async throws -> TerminalRecord? {
        try await terminals(codes: [code])[0]
    }

    /// Active terminals by their codes, in the order asked; nil where no active terminal has the code.
    public func terminals(codes: [String]) async throws -> [TerminalRecord?] {
        let distinct = Array(Set(codes))
        let rows: [TerminalStatement.Row]
        if db.isSQLite {
            // The same text, with SQLite's list where PostgreSQL takes an array.
            let around = TerminalStatement.sql.components(separatedBy: "= ANY($1)")
            rows = try await db.sql.raw("\(unsafeRaw: around[0])IN (\(binds: distinct))\(unsafeRaw: around[1])").all().map { row in
                (
                    try row.decode(column: "code", as: String.self), try row.decode(column: "id", as: Int64.self),
                    try row.decode(column: "school_id", as: Int64.self), try row.decode(column: "sealed_secret", as: String.self),
                    try row.decode(column: "merchant_id", as: Int64.self), try row.decode(column: "merchant_code", as: String.self),
                    try row.decode(column: "merchant_name", as: String.self), try row.decode(column: "account_id", as: Int64.self)
                )
            }
        } else {
            rows = try await db.execute(TerminalStatement(codes: distinct))
        }
        var found: [String: TerminalRecord] = [:]
        for (code, id, schoolID, sealed, merchantID, merchantCode, merchantName, accountID) in rows {
            found[code] = TerminalRecord(
                id: id, code: code, schoolID: schoolID,
                merchant: MerchantRecord(
                    id: merchantID, code: merchantCode, name: merchantName, account: LedgerAccount(id: accountID, kind: .merchant)),
                secret: try box.open(sealed), sealedSecret: sealed)
        }
        return codes.map { found[$0] }
    }
}

extension TerminalRecord {
    /// Whether the terminal is still as this record has it: active, with the same key, school and
    /// merchant. Read inside the transaction of a write made for the terminal, because the record
    /// may have been kept by the server since it was read (`TerminalKeyring`).
    func isCurrent(on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw(
            """
            SELECT id FROM terminals WHERE id = \(bind: id) AND status = 'active' AND sealed_secret = \(bind: sealedSecret)
                AND school_id = \(bind: schoolID) AND merchant_id = \(bind: merchant.id)
            """
        ).first() != nil
    }

    /// Throws `terminalChanged` unless the terminal is still as this record has it.
    func confirm(on sql: any SQLDatabase) async throws {
        guard try await isCurrent(on: sql) else { throw CardError.terminalChanged }
    }
}

/// Terminal lookups made together (see `Batcher`): two queries at a time at most.
public typealias TerminalLookups = Batcher<String, TerminalRecord?>

extension Batcher where Item == String, Answer == TerminalRecord? {
    public init(_ directory: TerminalDirectory) {
        self.init(maxInFlight: 2) { codes in
            do {
                return try await directory.terminals(codes: codes).map { .success($0) }
            } catch {
                return Array(repeating: .failure(error), count: codes.count)
            }
        }
    }
}

struct TerminalStatement: PostgresPreparedStatement {
    static let sql = """
        SELECT t.code, t.id, t.school_id, t.sealed_secret, m.id AS merchant_id, m.code AS merchant_code, m.name AS merchant_name, m.account_id
        FROM terminals t JOIN merchants m ON m.id = t.merchant_id
        WHERE t.code = ANY($1) AND t.status = 'active'
        """

    typealias Row = (String, Int64, Int64, String, Int64, String, String, Int64)

    var codes: [String]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(codes)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
