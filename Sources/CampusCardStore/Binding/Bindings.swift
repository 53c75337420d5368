import CampusCardCore
import Foundation
import SQLKit

/// A channel identity's bindings and the devices that use them: listing, removing, revoking,
/// and the re-verification a new phone needs before it may use the card (换机).
public struct Bindings: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public func list(of identity: ChannelIdentity) async throws -> [BindingRecord] {
        try await db.sql.raw(
            """
            \(BindingRecord.select)
            WHERE b.channel = \(bind: identity.channel.rawValue) AND b.channel_user_id = \(bind: identity.userID) ORDER BY b.id
            """
        ).all().map(BindingRecord.init(row:))
    }

    /// The binding, if it is this identity's: another identity's binding is as good as absent.
    public func binding(_ id: Int64, of identity: ChannelIdentity) async throws -> BindingRecord? {
        try await db.sql.raw(
            """
            \(BindingRecord.select)
            WHERE b.id = \(bind: id) AND b.channel = \(bind: identity.channel.rawValue) AND b.channel_user_id = \(bind: identity.userID)
            """
        ).first().map(BindingRecord.init(row:))
    }

    /// Removes the binding and its devices; the card, its money and its password stay.
    public func remove(_ binding: BindingRecord) async throws {
        try await db.transaction { sql in
            try await sql.raw("DELETE FROM binding_devices WHERE binding_id = \(bind: binding.id)").run()
            try await sql.raw("DELETE FROM bindings WHERE id = \(bind: binding.id)").run()
        }
    }

    public func devices(of binding: BindingRecord) async throws -> [BoundDevice] {
        try await db.sql.raw(
            """
            SELECT device_id, verified_at_ms, revoked_at_ms, created_at_ms FROM binding_devices
            WHERE binding_id = \(bind: binding.id) ORDER BY created_at_ms, id
            """
        ).all().compactMap(Self.device)
    }

    public func device(_ device: DeviceID, of binding: BindingRecord) async throws -> BoundDevice? {
        try await db.sql.raw(
            """
            SELECT device_id, verified_at_ms, revoked_at_ms, created_at_ms FROM binding_devices
            WHERE binding_id = \(bind: binding.id) AND device_id = \(bind: device.rawValue)
            """
        ).first().flatMap(Self.device)
    }

    /// Refuses a device that has not re-verified, or that was revoked, for anything but verifying.
    public func ensureMayUseCard(_ device: DeviceID, of binding: BindingRecord) async throws {
        guard try await self.device(device, of: binding)?.mayUseCard == true else { throw CardError.deviceNotVerified }
    }

    /// Stops a device; its sessions can no longer use the card until it verifies again.
    public func revoke(_ device: DeviceID, of binding: BindingRecord, at: Date) async throws -> Bool {
        try await db.sql.raw(
            """
            UPDATE binding_devices SET revoked_at_ms = \(bind: at.epochMilliseconds), verified_at_ms = NULL
            WHERE binding_id = \(bind: binding.id) AND device_id = \(bind: device.rawValue) AND revoked_at_ms IS NULL RETURNING id
            """
        ).first() != nil
    }

    /// A new (or revoked) phone proves it is the cardholder again: payment password and a fresh
    /// face certification of the binding's cardholder. Wrong passwords count toward the card's lock like any other.
    public func verify(
        _ device: DeviceID, of binding: BindingRecord, paymentPassword: String, face: FaceVerification, at: Date
    ) async throws {
        try face.check(for: binding.identity, cardholder: binding.cardholderID, at: at)
        _ = try await checkPaymentPassword(paymentPassword, of: binding, at: at)
        let locks = PhoneAccessLocks(db)
        try await db.transaction { sql in
            try await FaceVerifications.consume(face, channel: binding.identity.channel, at: at, on: sql)
            try await Self.markVerified(device, bindingID: binding.id, at: at, on: sql)
            try await locks.clear(binding.cardholderID, on: sql)
        }
    }

    /// The cardholder's payment password as typed on the phone, checked: the attempt counted
    /// against the identity and the card, refused while the card's phone access is locked, and a
    /// wrong one counted toward that lock. Returns the password and its stored hash.
    func checkPaymentPassword(_ text: String, of binding: BindingRecord, at: Date) async throws -> (
        entered: PaymentPassword, storedHash: String
    ) {
        guard let school = try await SchoolStore(db.sql).find(id: binding.schoolID) else {
            throw CardError.ledgerInconsistent("school of binding \(binding.id)")
        }
        try await BindingAttempts(db).admit(
            [binding.identity.attemptSubject],
            card: BindingAttempts.cardSubject(schoolID: binding.schoolID, staffNumber: binding.staffNumber), at: at)
        let locks = PhoneAccessLocks(db)
        try await locks.ensureUnlocked(binding.cardholderID, timeZone: school.timeZone, at: at)
        let entered = try PaymentPassword(entered: text)
        guard let stored = try await PaymentPasswords(db.sql).storedHash(of: binding.cardholderID),
            try await PasswordHasher.verifyOffLoop(entered.digits, against: stored)
        else {
            throw try await locks.failure(
                of: binding.cardholderID, settings: school.settings, timeZone: school.timeZone, at: at,
                otherwise: .paymentPasswordWrong(triesLeft: 0))
        }
        return (entered, stored)
    }

    static func markVerified(_ device: DeviceID, bindingID: Int64, at: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO binding_devices (binding_id, device_id, verified_at_ms, revoked_at_ms, created_at_ms)
            VALUES (\(bind: bindingID), \(bind: device.rawValue), \(bind: at.epochMilliseconds), NULL, \(bind: at.epochMilliseconds))
            ON CONFLICT (binding_id, device_id) DO UPDATE SET verified_at_ms = excluded.verified_at_ms, revoked_at_ms = NULL
            """
        ).run()
    }

    private static func device(_ row: any SQLRow) -> BoundDevice? {
        guard let id = try? row.decode(column: "device_id", as: String.self), let device = try? DeviceID(id),
            let created = try? row.decode(column: "created_at_ms", as: Int64.self)
        else { return nil }
        return BoundDevice(
            device: device,
            verifiedAt: (try? row.decode(column: "verified_at_ms", as: Int64?.self))?.map(Date.init(epochMilliseconds:)),
            revokedAt: (try? row.decode(column: "revoked_at_ms", as: Int64?.self))?.map(Date.init(epochMilliseconds:)),
            firstSeenAt: Date(epochMilliseconds: created))
    }
}
