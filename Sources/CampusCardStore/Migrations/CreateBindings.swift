import FluentKit
import SQLKit

/// Binding a card to a phone: cardholder sessions from a channel, bindings (one card per channel
/// identity and school, one identity per card and channel), the devices of each binding, the
/// payment password, the per-card password lock, face results already used and recent attempts.
/// Every rule that two processes must agree on is a key or a constraint here.
struct CreateBindings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "cardholder_sessions")
            .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("channel", type: .text, .notNull)
            .column("channel_user_id", type: .text, .notNull)
            .column("device_id", type: .text, .notNull)
            .column("created_at_ms", type: .bigint, .notNull)
            .column("expires_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "cardholder_sessions_expiry").on("cardholder_sessions").column("expires_at_ms").run()
        try await sql.create(table: "bindings")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
            .column("channel", type: .text, .notNull)
            .column("channel_user_id", type: .text, .notNull)
            .column("cardholder_id", type: .bigint, .notNull, .references("cardholders", "id"))
            .column("created_at_ms", type: .bigint, .notNull)
            .unique("school_id", "channel", "channel_user_id")
            .unique("cardholder_id", "channel")
            .run()
        try await sql.create(table: "binding_devices")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("binding_id", type: .bigint, .notNull, .references("bindings", "id", onDelete: .cascade))
            .column("device_id", type: .text, .notNull)
            .column("verified_at_ms", type: .bigint)
            .column("revoked_at_ms", type: .bigint)
            .column("created_at_ms", type: .bigint, .notNull)
            .unique("binding_id", "device_id")
            .run()
        try await sql.create(table: "payment_passwords")
            .column("cardholder_id", type: .bigint, .primaryKey(autoIncrement: false), .references("cardholders", "id"))
            .column("password_hash", type: .text, .notNull)
            .column("set_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "phone_access_locks")
            .column("cardholder_id", type: .bigint, .primaryKey(autoIncrement: false), .references("cardholders", "id"))
            .column("failures", type: .int, .notNull)
            .column("locked_until_ms", type: .bigint)
            .column("updated_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "face_verifications_used")
            .column("channel", type: .text, .notNull)
            .column("certify_id", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .primaryKey("channel", "certify_id")
            .run()
        try await sql.create(table: "binding_attempts")
            .column("subject", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "binding_attempts_subject").on("binding_attempts").column("subject").column("at_ms").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in [
            "binding_attempts", "face_verifications_used", "phone_access_locks", "payment_passwords", "binding_devices", "bindings",
            "cardholder_sessions",
        ] {
            try await sql.drop(table: table).run()
        }
    }
}
