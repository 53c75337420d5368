import CampusCardCore
import Foundation
import SQLKit

public struct SchoolRecord: Sendable, Equatable {
    public var id: Int64
    public var code: SchoolCode
    public var name: String
    /// The English name the pages show with the English switch; empty: the Chinese one.
    public var nameEn: String
    public var timeZone: TimeZone
    public var settings: SchoolSettings
}

public struct CampusRecord: Sendable, Equatable {
    public var id: Int64
    public var code: CampusCode
    public var name: String
}

/// Schools, their campuses and settings, and the school's own ledger accounts (fee income,
/// service-center cash, one clearing account per payment provider).
public struct SchoolStore: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func create(
        code: SchoolCode, name: String, nameEn: String = "", timeZone: TimeZone, settings: SchoolSettings = .defaults,
        campuses: [(code: CampusCode, name: String)], at: Date
    ) async throws -> SchoolRecord {
        try settings.validate()
        let settingsJSON = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        guard
            let id = try await sql.raw(
                """
                INSERT INTO schools (code, name, name_en, time_zone, settings, created_at_ms)
                VALUES (\(bind: code.rawValue), \(bind: name), \(bind: nameEn), \(bind: timeZone.identifier), \(bind: settingsJSON), \(bind: at.epochMilliseconds))
                ON CONFLICT DO NOTHING RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { throw CardError.alreadyExists(zh: "学校代码", en: "school code", name: code.rawValue) }
        for campus in campuses { try await addCampus(campus.code, name: campus.name, toSchool: id) }
        var labels = [SystemAccount.feeIncome, .serviceCenterCash].map { ($0.kind, $0.label) }
        labels += PaymentProvider.allCases.map { (SystemAccount.clearing($0).kind, SystemAccount.clearing($0).label) }
        for (kind, label) in labels {
            try await sql.raw(
                """
                INSERT INTO accounts (school_id, kind, label, balance, status, created_at_ms)
                VALUES (\(bind: id), \(bind: kind.rawValue), \(bind: label), 0, 'active', \(bind: at.epochMilliseconds))
                """
            ).run()
        }
        return SchoolRecord(id: id, code: code, name: name, nameEn: nameEn, timeZone: timeZone, settings: settings)
    }

    /// Its names and time zone (the code never changes: terminals and links carry it).
    public func edit(_ school: SchoolRecord, name: String, nameEn: String, timeZone: TimeZone) async throws {
        try await sql.raw(
            """
            UPDATE schools SET name = \(bind: name), name_en = \(bind: nameEn), time_zone = \(bind: timeZone.identifier) WHERE id = \(bind: school.id)
            """
        ).run()
    }

    public func addCampus(_ code: CampusCode, name: String, toSchool schoolID: Int64) async throws {
        guard
            try await sql.raw(
                """
                INSERT INTO campuses (school_id, code, name) VALUES (\(bind: schoolID), \(bind: code.rawValue), \(bind: name))
                ON CONFLICT DO NOTHING RETURNING id
                """
            ).first() != nil
        else { throw CardError.alreadyExists(zh: "校区代码", en: "campus code", name: code.rawValue) }
    }

    /// Cardholders point at the campus by id: a new name keeps every one of them on it.
    public func renameCampus(_ campus: CampusRecord, to name: String) async throws {
        try await sql.raw("UPDATE campuses SET name = \(bind: name) WHERE id = \(bind: campus.id)").run()
    }

    /// New settings take effect on the next request of every process: they are read, never cached.
    public func update(_ school: SchoolRecord, settings: SchoolSettings, actor: String, at: Date) async throws {
        try settings.validate()
        let json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await sql.raw("UPDATE schools SET settings = \(bind: json) WHERE id = \(bind: school.id)").run()
        try await AuditLog(sql).record(
            schoolID: school.id, actor: actor, action: "settings_changed", subject: school.code.rawValue, detail: ["settings": json], at: at
        )
    }

    public func find(_ code: SchoolCode) async throws -> SchoolRecord? {
        try await sql.rows(ByCode(code: code)).first.map { try Self.school($0) }
    }

    /// The same, prepared on PostgreSQL: every page of a school reads it.
    public static func find(_ code: SchoolCode, in db: StoreDatabase) async throws -> SchoolRecord? {
        try await db.first(ByCode(code: code)).map { try school($0) }
    }

    struct ByCode: StoreQuery {
        static let sql = "SELECT id, code, name, name_en, time_zone, settings FROM schools WHERE code = $1"
        let code: SchoolCode
        var binds: [StoreQueryValue] { [.text(code.rawValue)] }
    }

    public func find(id: Int64) async throws -> SchoolRecord? {
        try await sql.raw("SELECT id, code, name, name_en, time_zone, settings FROM schools WHERE id = \(bind: id)").first().map {
            try Self.school($0)
        }
    }

    public func all() async throws -> [SchoolRecord] {
        try await sql.raw("SELECT id, code, name, name_en, time_zone, settings FROM schools ORDER BY code").all().map {
            try Self.school($0)
        }
    }

    public func campuses(of schoolID: Int64) async throws -> [CampusRecord] {
        try await sql.raw("SELECT id, code, name FROM campuses WHERE school_id = \(bind: schoolID) ORDER BY code").all().map { row in
            CampusRecord(
                id: try row.decode(column: "id", as: Int64.self),
                code: CampusCode(rawValue: try row.decode(column: "code", as: String.self))!,
                name: try row.decode(column: "name", as: String.self))
        }
    }

    public func account(_ account: SystemAccount, of schoolID: Int64) async throws -> LedgerAccount {
        guard
            let id = try await sql.raw(
                """
                SELECT id FROM accounts WHERE school_id = \(bind: schoolID) AND kind = \(bind: account.kind.rawValue) AND label = \(bind: account.label)
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { throw CardError.ledgerInconsistent("account \(account.label) of school \(schoolID)") }
        return LedgerAccount(id: id, kind: account.kind)
    }

    /// `prefix`: the columns' names in a query that reads a school beside other rows (`school_id`, …).
    static func school(_ row: any SQLRow, prefix: String = "") throws -> SchoolRecord {
        SchoolRecord(
            id: try row.decode(column: prefix + "id", as: Int64.self),
            code: SchoolCode(rawValue: try row.decode(column: prefix + "code", as: String.self))!,
            name: try row.decode(column: prefix + "name", as: String.self),
            nameEn: try row.decode(column: prefix + "name_en", as: String.self),
            timeZone: TimeZone(identifier: try row.decode(column: prefix + "time_zone", as: String.self))
                ?? TimeZone(identifier: "Asia/Shanghai")!,
            settings: try JSONDecoder().decode(
                SchoolSettings.self, from: Data(try row.decode(column: prefix + "settings", as: String.self).utf8)))
    }
}

/// The accounts every school has besides purses and merchants.
public enum SystemAccount: Sendable, Equatable {
    case feeIncome
    case serviceCenterCash
    case clearing(PaymentProvider)

    var kind: AccountKind {
        switch self {
        case .feeIncome: .feeIncome
        case .serviceCenterCash: .serviceCenterCash
        case .clearing: .channelClearing
        }
    }

    var label: String {
        switch self {
        case .feeIncome: "fee_income"
        case .serviceCenterCash: "service_center_cash"
        case .clearing(let provider): "clearing:\(provider.rawValue)"
        }
    }
}
