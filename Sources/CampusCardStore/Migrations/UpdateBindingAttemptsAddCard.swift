import FluentKit
import SQLKit

/// Which card each binding attempt was made on, so that the service center's unlock of a card
/// also clears the attempts a cardholder's own phone made on it (and nothing else).
struct UpdateBindingAttemptsAddCard: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = StoreDatabase(database).sql
        try await sql.raw("ALTER TABLE binding_attempts ADD COLUMN card TEXT").run()
    }

    func revert(on database: any Database) async throws {
        try await StoreDatabase(database).sql.raw("ALTER TABLE binding_attempts DROP COLUMN card").run()
    }
}
