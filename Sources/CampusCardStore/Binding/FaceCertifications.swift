import CampusCardCore
import Foundation
import SQLKit

/// The face certifications the server started, and the roster holder a face step is for.
public struct FaceCertifications: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public struct Started: Sendable, Equatable {
        /// Ours: what the phone carries back.
        public var reference: String
        public var channel: BindingChannel
        /// The provider's (Alipay's `certify_id`, FaceID's `BizToken`).
        public var providerID: String
        public var userID: String
        public var cardholderID: Int64
        public var startedAt: Date
        /// Where the phone goes back to (a school step-up sends it there after the server checked).
        public var returnURL: String?
        /// When the server verified a school step-up's face; nil for the other providers'.
        public var passedAt: Date?

        public init(
            reference: String, identity: ChannelIdentity, providerID: String, cardholderID: Int64, startedAt: Date,
            returnURL: String? = nil, passedAt: Date? = nil
        ) {
            (self.reference, self.channel, self.userID, self.providerID) = (reference, identity.channel, identity.userID, providerID)
            (self.cardholderID, self.startedAt, self.returnURL, self.passedAt) = (cardholderID, startedAt, returnURL, passedAt)
        }
    }

    /// A roster holder as the face step checks them: the name and the initial password's hash the
    /// typed ID number must match.
    public struct Holder: Sendable {
        public var cardholderID: Int64
        public var schoolID: Int64
        public var staffNumber: String
        public var name: String
        public var kind: CardholderKind
        public var initialSecretHash: String?
    }

    /// How long a started certification is kept: long past the minutes it may be used in
    /// (`FaceVerification.maxAge`), then forgotten with whom it named.
    public static let keptFor: TimeInterval = 86_400

    public func purge(before: Date) async throws {
        try await db.sql.raw("DELETE FROM face_certifications WHERE started_at_ms < \(bind: before.epochMilliseconds)").run()
    }

    public func record(_ started: Started) async throws {
        try await db.sql.raw(
            """
            INSERT INTO face_certifications (reference, channel, provider_id, channel_user_id, cardholder_id, started_at_ms, return_url)
            VALUES (\(bind: started.reference), \(bind: started.channel.rawValue), \(bind: started.providerID), \(bind: started.userID),
                    \(bind: started.cardholderID), \(bind: started.startedAt.epochMilliseconds), \(bind: started.returnURL))
            """
        ).run()
    }

    /// Records the face the server verified for `reference`, once: false when it was recorded
    /// before (a replayed way back).
    public func recordPass(_ reference: String, at now: Date) async throws -> Bool {
        try await db.sql.raw(
            """
            UPDATE face_certifications SET passed_at_ms = \(bind: now.epochMilliseconds)
            WHERE reference = \(bind: reference) AND passed_at_ms IS NULL RETURNING reference
            """
        ).first() != nil
    }

    public func find(_ reference: String) async throws -> Started? {
        try await db.sql.raw(
            """
            SELECT channel, provider_id, channel_user_id, cardholder_id, started_at_ms, return_url, passed_at_ms FROM face_certifications
            WHERE reference = \(bind: reference)
            """
        ).first().flatMap { row in
            guard let channel = BindingChannel(rawValue: try row.decode(column: "channel", as: String.self)) else { return nil }
            return Started(
                reference: reference,
                identity: ChannelIdentity(channel: channel, userID: try row.decode(column: "channel_user_id", as: String.self)),
                providerID: try row.decode(column: "provider_id", as: String.self),
                cardholderID: try row.decode(column: "cardholder_id", as: Int64.self),
                startedAt: Date(epochMilliseconds: try row.decode(column: "started_at_ms", as: Int64.self)),
                returnURL: try row.decode(column: "return_url", as: String?.self),
                passedAt: try row.decode(column: "passed_at_ms", as: Int64?.self).map(Date.init(epochMilliseconds:)))
        }
    }

    /// The holder a binding's face step names (school, 学工号), or a binding's own.
    public func holder(schoolID: Int64, staffNumber: StaffNumber) async throws -> Holder? {
        try await holder(where: "h.school_id = \(bind: schoolID) AND h.staff_number = \(bind: staffNumber.rawValue)")
    }

    public func holder(id: Int64) async throws -> Holder? {
        try await holder(where: "h.id = \(bind: id)")
    }

    private func holder(where condition: SQLQueryString) async throws -> Holder? {
        try await db.sql.raw(
            "SELECT h.id, h.school_id, h.staff_number, h.name, h.kind, h.initial_secret_hash FROM cardholders h WHERE \(condition)"
        ).first().map { row in
            Holder(
                cardholderID: try row.decode(column: "id", as: Int64.self), schoolID: try row.decode(column: "school_id", as: Int64.self),
                staffNumber: try row.decode(column: "staff_number", as: String.self), name: try row.decode(column: "name", as: String.self),
                kind: CardholderKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .student,
                initialSecretHash: try row.decode(column: "initial_secret_hash", as: String?.self))
        }
    }
}
