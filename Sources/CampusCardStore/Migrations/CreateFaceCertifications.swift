import FluentKit
import SQLKit

/// Face certifications the server started (issue 21): our reference, the provider's id, and who
/// asked for whom, so the outcome the server later asks the provider is tied to them. The ID
/// number the certification was started with is not kept.
struct CreateFaceCertifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = StoreDatabase(database).sql
        try await sql.create(table: "face_certifications")
            .column("reference", type: .text, .primaryKey(autoIncrement: false))
            .column("channel", type: .text, .notNull)
            .column("provider_id", type: .text, .notNull)
            .column("channel_user_id", type: .text, .notNull)
            .column("cardholder_id", type: .bigint, .notNull, .references("cardholders", "id"))
            .column("started_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "face_certifications_started").on("face_certifications").column("started_at_ms").run()
    }

    func revert(on database: any Database) async throws {
        try await StoreDatabase(database).sql.drop(table: "face_certifications").run()
    }
}
