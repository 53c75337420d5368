import CampusCardCore
import Foundation
import PostgresNIO
import SQLKit

/// Finds the terminal a POS request names, with its secret unsealed to check the signature. Every
/// charge starts here, so on PostgreSQL the query is a prepared statement.
public struct TerminalDirectory: Sendable {
    let db: StoreDatabase
    let box: SecretBox

    public init(_ db: StoreDatabase, box: SecretBox) {
        self.db = db
        self.box = box
    }

    /// An active terminal by its code.
    public func terminal(code: String) async throws -> TerminalRecord? {
        let found: TerminalStatement.Row?
        if db.isSQLite {
            // The same text, with SQLite's own placeholder where PostgreSQL's `$1` stands.
            let around = TerminalStatement.sql.components(separatedBy: "$1")
            found = try await db.sql.raw("\(unsafeRaw: around[0])\(bind: code)\(unsafeRaw: around[1])")
                .first().map { row in
                    (
                        try row.decode(column: "id", as: Int64.self), try row.decode(column: "school_id", as: Int64.self),
                        try row.decode(column: "sealed_secret", as: String.self), try row.decode(column: "merchant_id", as: Int64.self),
                        try row.decode(column: "merchant_code", as: String.self), try row.decode(column: "merchant_name", as: String.self),
                        try row.decode(column: "account_id", as: Int64.self)
                    )
                }
        } else {
            found = try await db.execute(TerminalStatement(code: code)).first
        }
        guard let (id, schoolID, sealed, merchantID, merchantCode, merchantName, accountID) = found else { return nil }
        return TerminalRecord(
            id: id, code: code, schoolID: schoolID,
            merchant: MerchantRecord(
                id: merchantID, code: merchantCode, name: merchantName, account: LedgerAccount(id: accountID, kind: .merchant)),
            secret: try box.open(sealed))
    }
}

struct TerminalStatement: PostgresPreparedStatement {
    static let sql = """
        SELECT t.id, t.school_id, t.sealed_secret, m.id AS merchant_id, m.code AS merchant_code, m.name AS merchant_name, m.account_id
        FROM terminals t JOIN merchants m ON m.id = t.merchant_id
        WHERE t.code = $1 AND t.status = 'active'
        """

    typealias Row = (Int64, Int64, String, Int64, String, String, Int64)

    var code: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(code)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
