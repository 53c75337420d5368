import CampusCardCore
import Foundation
import SQLKit

/// The bind flow of SPEC "Binding": the roster answers (school, campus, 学工号, name, initial
/// password or passport), the payment password, and the channel's face certification, then one
/// transaction that records the binding and the device. Wrong answers count against the card.
public struct CardBinder: Sendable {
    let db: StoreDatabase
    let secrets: CardSecretHasher

    public init(_ db: StoreDatabase, secrets: CardSecretHasher) {
        self.db = db
        self.secrets = secrets
    }

    /// The roster row a bind is checked against.
    struct Candidate {
        var id: Int64
        var name: String
        var kind: CardholderKind
        var campusCode: String?
        var secretHash: String?
        var passport: String?
    }

    /// `school` is the one `application` names, as the caller found it (its settings checked the
    /// form). `face` asks the provider about the certification, once the roster's answers are
    /// right (no call for a wrong or locked card); its answer is checked here for this identity,
    /// the roster's cardholder and freshness, and used up.
    public func bind(
        _ application: BindApplication, school: SchoolRecord, identity: ChannelIdentity, device: DeviceID,
        face verifiedFace: () async throws -> FaceVerification, at: Date
    ) async throws -> BindingRecord {
        if let campus = application.campus, try await !SchoolStore(db.sql).campuses(of: school.id).contains(where: { $0.code == campus }) {
            throw CardError.unknownCampus(campus.rawValue)
        }
        let card = BindingAttempts.cardSubject(schoolID: school.id, staffNumber: application.staffNumber)
        try await BindingAttempts(db).admit([identity.attemptSubject, card], card: card, at: at)
        guard let candidate = try await candidate(schoolID: school.id, staffNumber: application.staffNumber) else {
            throw CardError.infoMismatch
        }
        let locks = PhoneAccessLocks(db)
        try await locks.ensureUnlocked(candidate.id, timeZone: school.timeZone, at: at)
        func failure(_ error: CardError) async throws -> CardError {
            try await locks.failure(of: candidate.id, settings: school.settings, timeZone: school.timeZone, at: at, otherwise: error)
        }
        let nameMatches = candidate.name == application.name.rawValue
        let campusMatches = application.campus.map { $0.rawValue == candidate.campusCode } ?? true
        if candidate.kind == .international, candidate.passport == nil, nameMatches {
            throw CardError.passportNotRegistered
        }
        guard nameMatches, campusMatches, matches(application.proof, candidate) else { throw try await failure(.infoMismatch) }
        let face = try await verifiedFace()
        try face.check(for: identity, cardholder: candidate.id, at: at)

        let newPasswordHash: String?
        if let stored = try await PaymentPasswords(db.sql).storedHash(of: candidate.id) {
            // Bound in another channel already: the same password proves it is them again.
            let entered = try PaymentPassword(entered: application.paymentPassword)
            guard try await PasswordHasher.verifyOffLoop(entered.digits, against: stored) else {
                throw try await failure(.paymentPasswordWrong(triesLeft: 0))
            }
            newPasswordHash = nil
        } else {
            let initial = if case .initialPassword(let text) = application.proof { text } else { String?.none }
            let chosen = try PaymentPassword(choosing: application.paymentPassword, initialPassword: initial)
            newPasswordHash = try await PasswordHasher.hashOffLoop(chosen.digits)
        }
        let bindingID = try await db.transaction { sql in
            try await FaceVerifications.consume(face, channel: identity.channel, at: at, on: sql)
            let bindingID = try await Self.insertBinding(
                schoolID: school.id, identity: identity, cardholderID: candidate.id, at: at, on: sql)
            if let newPasswordHash { try await PaymentPasswords(sql).setIfAbsent(newPasswordHash, for: candidate.id, at: at) }
            try await Bindings.markVerified(device, bindingID: bindingID, at: at, on: sql)
            try await PhoneAccessLocks(db).clear(candidate.id, on: sql)
            return bindingID
        }
        guard let binding = try await Bindings(db).binding(bindingID, of: identity) else { throw CardError.internalError }
        return binding
    }

    private func matches(_ proof: BindApplication.Proof, _ candidate: Candidate) -> Bool {
        switch (proof, candidate.kind) {
        case (.passport(let passport), .international): candidate.passport == passport.rawValue
        case (.initialPassword(let password), .student), (.initialPassword(let password), .staff):
            candidate.secretHash.map { secrets.verify(password, against: $0) } ?? false
        default: false
        }
    }

    private func candidate(schoolID: Int64, staffNumber: StaffNumber) async throws -> Candidate? {
        try await db.sql.raw(
            """
            SELECT h.id, h.name, h.kind, c.code AS campus_code, h.initial_secret_hash, h.passport
            FROM cardholders h LEFT JOIN campuses c ON c.id = h.campus_id
            WHERE h.school_id = \(bind: schoolID) AND h.staff_number = \(bind: staffNumber.rawValue)
            """
        ).first().map { row in
            Candidate(
                id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                kind: CardholderKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .student,
                campusCode: try row.decode(column: "campus_code", as: String?.self),
                secretHash: try row.decode(column: "initial_secret_hash", as: String?.self),
                passport: try row.decode(column: "passport", as: String?.self))
        }
    }

    /// The binding, new or (for the same identity and cardholder) the one already there. The
    /// unique keys decide between two concurrent binds: exactly one is recorded.
    private static func insertBinding(schoolID: Int64, identity: ChannelIdentity, cardholderID: Int64, at: Date, on sql: any SQLDatabase)
        async throws -> Int64
    {
        if let id = try await sql.raw(
            """
            INSERT INTO bindings (school_id, channel, channel_user_id, cardholder_id, created_at_ms)
            VALUES (\(bind: schoolID), \(bind: identity.channel.rawValue), \(bind: identity.userID), \(bind: cardholderID), \(bind: at.epochMilliseconds))
            ON CONFLICT DO NOTHING RETURNING id
            """
        ).first(decodingColumn: "id", as: Int64.self) {
            return id
        }
        guard
            let existing = try await sql.raw(
                """
                SELECT id, cardholder_id FROM bindings
                WHERE school_id = \(bind: schoolID) AND channel = \(bind: identity.channel.rawValue) AND channel_user_id = \(bind: identity.userID)
                """
            ).first()
        else { throw CardError.cardBoundInChannel }
        guard try existing.decode(column: "cardholder_id", as: Int64.self) == cardholderID else { throw CardError.channelIdentityBound }
        return try existing.decode(column: "id", as: Int64.self)
    }
}
