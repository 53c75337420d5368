import CampusCardCore
import Foundation
import SQLKit

/// The console's reads of a school's cardholders: the search, and what a profile shows (cards,
/// bindings and their devices, the audit trail). Reads only, each scoped to one school.
public struct CardholderDirectory: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    /// The roster's row with the newest card (the current one; a replaced card keeps its row) and
    /// the purse's balance.
    static let entry = """
        SELECT h.id, h.staff_number, h.name, h.kind, h.status, h.passport, h.leave_date, p.name AS campus,
          c.card_number, c.status AS card_status, a.balance
        FROM cardholders h
        JOIN accounts a ON a.id = h.purse_account_id
        LEFT JOIN campuses p ON p.id = h.campus_id
        LEFT JOIN cards c ON c.id = (SELECT MAX(n.id) FROM cards n WHERE n.cardholder_id = h.id)
        """

    /// Cardholders of the school whose 学工号, passport or any card's number is `text`, or whose
    /// name contains it (upper and lower case alike); by 学工号, `limit` of them from `offset`.
    /// A name is matched by a scan of the school's roster: a counter's search, not a hot path.
    public func search(schoolID: Int64, text: String, limit: Int, offset: Int) async throws -> [CardholderEntry] {
        let pattern = "%" + Self.escapedForLike(text.lowercased()) + "%"
        return try await sql.raw(
            """
            \(unsafeRaw: Self.entry)
            WHERE h.school_id = \(bind: schoolID) AND (
              h.staff_number = \(bind: text) OR h.passport = \(bind: text.uppercased())
              OR EXISTS (SELECT 1 FROM cards x WHERE x.cardholder_id = h.id AND x.card_number = \(bind: text))
              OR LOWER(h.name) LIKE \(bind: pattern) ESCAPE '!')
            ORDER BY h.staff_number LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all().map(Self.entry)
    }

    public func cardholder(schoolID: Int64, staffNumber: String) async throws -> CardholderEntry? {
        try await sql.raw(
            "\(unsafeRaw: Self.entry) WHERE h.school_id = \(bind: schoolID) AND h.staff_number = \(bind: staffNumber)"
        ).first().map(Self.entry)
    }

    public func cards(of cardholderID: Int64) async throws -> [HeldCard] {
        try await sql.raw(
            "SELECT card_number, status, issued_at_ms FROM cards WHERE cardholder_id = \(bind: cardholderID) ORDER BY id DESC"
        ).all().map { row in
            HeldCard(
                number: try row.decode(column: "card_number", as: String.self),
                status: CardStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .active,
                issuedAt: Date(epochMilliseconds: try row.decode(column: "issued_at_ms", as: Int64.self)))
        }
    }

    /// Each channel account bound to the cardholder, with every device that used it (removed ones too).
    public func bindings(of cardholderID: Int64) async throws -> [BoundChannel] {
        let rows = try await sql.raw(
            """
            SELECT b.id, b.channel, b.created_at_ms, d.device_id, d.verified_at_ms, d.revoked_at_ms, d.created_at_ms AS device_at_ms
            FROM bindings b LEFT JOIN binding_devices d ON d.binding_id = b.id
            WHERE b.cardholder_id = \(bind: cardholderID) ORDER BY b.id, d.id
            """
        ).all()
        var bound: [(id: Int64, channel: BoundChannel)] = []
        for row in rows {
            let id = try row.decode(column: "id", as: Int64.self)
            if bound.last?.id != id {
                let at = Date(epochMilliseconds: try row.decode(column: "created_at_ms", as: Int64.self))
                bound.append((id, BoundChannel(channel: try row.decode(column: "channel", as: String.self), boundAt: at, devices: [])))
            }
            guard let device = try row.decode(column: "device_id", as: String?.self) else { continue }
            bound[bound.count - 1].channel.devices.append(
                .init(
                    deviceID: device, verifiedAt: try Self.date(row, "verified_at_ms"), revokedAt: try Self.date(row, "revoked_at_ms"),
                    addedAt: Date(epochMilliseconds: try row.decode(column: "device_at_ms", as: Int64.self))))
        }
        return bound.map(\.channel)
    }

    /// The audit log's lines about these subjects (the 学工号 and the card numbers), newest first.
    public func auditTrail(schoolID: Int64, subjects: [String], limit: Int, offset: Int) async throws -> [AuditEntry] {
        guard !subjects.isEmpty else { return [] }
        return try await sql.raw(
            """
            SELECT actor, action, subject, detail, at_ms FROM audit_log
            WHERE school_id = \(bind: schoolID) AND subject IN (\(binds: subjects))
            ORDER BY at_ms DESC, id DESC LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all().map { row in
            let detail = try row.decode(column: "detail", as: String.self)
            return AuditEntry(
                actor: try row.decode(column: "actor", as: String.self), action: try row.decode(column: "action", as: String.self),
                subject: try row.decode(column: "subject", as: String.self),
                detail: (try? JSONDecoder().decode([String: String].self, from: Data(detail.utf8))) ?? [:],
                at: Date(epochMilliseconds: try row.decode(column: "at_ms", as: Int64.self)))
        }
    }

    /// `%`, `_` and the escape character itself are matched as typed.
    static func escapedForLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "!" { out.append("!") }
            out.append(character)
        }
        return out
    }

    private static func date(_ row: any SQLRow, _ column: String) throws -> Date? {
        try row.decode(column: column, as: Int64?.self).map(Date.init(epochMilliseconds:))
    }

    private static func entry(_ row: any SQLRow) throws -> CardholderEntry {
        CardholderEntry(
            id: try row.decode(column: "id", as: Int64.self), staffNumber: try row.decode(column: "staff_number", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            kind: CardholderKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .student,
            campus: try row.decode(column: "campus", as: String?.self),
            status: CardholderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .active,
            passport: try row.decode(column: "passport", as: String?.self),
            leaveDate: try row.decode(column: "leave_date", as: String?.self),
            cardNumber: try row.decode(column: "card_number", as: String?.self),
            cardStatus: try row.decode(column: "card_status", as: String?.self).flatMap(CardStatus.init(rawValue:)),
            balance: Money(fen: try row.decode(column: "balance", as: Int64.self)))
    }
}
