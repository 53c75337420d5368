import FluentKit
import SQLKit

/// A face check the school's own OpenID provider does (step-up): no provider keeps an outcome to
/// ask later, so the server records the pass it verified in the provider's signed ID token
/// (`passed_at_ms`), and where to send the phone back once it has (`return_url`, which other
/// providers keep themselves).
struct UpdateFaceCertificationsAddSignOn: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = StoreDatabase(database).sql
        try await sql.raw("ALTER TABLE face_certifications ADD COLUMN return_url TEXT").run()
        try await sql.raw("ALTER TABLE face_certifications ADD COLUMN passed_at_ms BIGINT").run()
    }

    func revert(on database: any Database) async throws {
        let sql = StoreDatabase(database).sql
        try await sql.raw("ALTER TABLE face_certifications DROP COLUMN passed_at_ms").run()
        try await sql.raw("ALTER TABLE face_certifications DROP COLUMN return_url").run()
    }
}
