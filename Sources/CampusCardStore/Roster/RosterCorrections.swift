import CampusCardCore
import Foundation
import SQLKit

/// What the service center corrects at the counter: a cardholder's name, campus or passport
/// number, and a phone lock it lifts. Each change is written with the staff member and time in
/// the audit log, in the same transaction; the next request of any process sees it.
public struct RosterCorrections: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public struct Correction: Sendable {
        public var name: RealName?
        public var campus: CampusCode?
        public var passport: PassportNumber?

        public init(name: RealName? = nil, campus: CampusCode? = nil, passport: PassportNumber? = nil) {
            (self.name, self.campus, self.passport) = (name, campus, passport)
        }

        public var isEmpty: Bool { name == nil && campus == nil && passport == nil }
    }

    public func correct(_ correction: Correction, school: SchoolRecord, staffNumber: StaffNumber, actor: String, at: Date) async throws {
        guard !correction.isEmpty else {
            throw CardError.invalidField("correction", zh: "请至少填写姓名、校区或护照号之一", en: "give at least a name, a campus or a passport number")
        }
        let campusID: Int64?
        if let campus = correction.campus {
            guard let found = try await SchoolStore(db.sql).campuses(of: school.id).first(where: { $0.code == campus }) else {
                throw CardError.unknownCampus(campus.rawValue)
            }
            campusID = found.id
        } else {
            campusID = nil
        }
        try await db.transaction { sql in
            guard
                let row = try await sql.raw(
                    "SELECT id, kind FROM cardholders WHERE school_id = \(bind: school.id) AND staff_number = \(bind: staffNumber.rawValue)"
                ).first()
            else { throw CardError.notFound("cardholder \(staffNumber.rawValue)") }
            if correction.passport != nil, try row.decode(column: "kind", as: String.self) != CardholderKind.international.rawValue {
                throw CardError.invalidField(
                    "passport", zh: "只有留学生登记护照号，其他持卡人以身份证后6位绑定",
                    en: "only international students register a passport; others bind with their national ID")
            }
            let id = try row.decode(column: "id", as: Int64.self)
            var detail: [String: String] = [:]
            if let name = correction.name {
                try await sql.raw("UPDATE cardholders SET name = \(bind: name.rawValue) WHERE id = \(bind: id)").run()
                detail["name"] = name.rawValue
            }
            if let campusID, let campus = correction.campus {
                try await sql.raw("UPDATE cardholders SET campus_id = \(bind: campusID) WHERE id = \(bind: id)").run()
                detail["campus"] = campus.rawValue
            }
            if let passport = correction.passport {
                try await sql.raw("UPDATE cardholders SET passport = \(bind: passport.rawValue) WHERE id = \(bind: id)").run()
                detail["passport"] = passport.rawValue
            }
            try await sql.raw("UPDATE cardholders SET updated_at_ms = \(bind: at.epochMilliseconds) WHERE id = \(bind: id)").run()
            try await AuditLog(sql).record(
                schoolID: school.id, actor: actor, action: "roster_corrected", subject: staffNumber.rawValue, detail: detail, at: at)
        }
    }

    /// Lifts a phone lock after the cardholder proved who they are at the counter.
    public func unlockPhoneAccess(school: SchoolRecord, staffNumber: StaffNumber, actor: String, at: Date) async throws {
        try await db.transaction { sql in
            guard
                let id = try await sql.raw(
                    "SELECT id FROM cardholders WHERE school_id = \(bind: school.id) AND staff_number = \(bind: staffNumber.rawValue)"
                ).first(decodingColumn: "id", as: Int64.self)
            else { throw CardError.notFound("cardholder \(staffNumber.rawValue)") }
            try await PhoneAccessLocks(db).clear(id, on: sql)
            try await BindingAttempts(db).forget(card: BindingAttempts.cardSubject(schoolID: school.id, staffNumber: staffNumber), on: sql)
            try await AuditLog(sql).record(
                schoolID: school.id, actor: actor, action: "phone_access_unlocked", subject: staffNumber.rawValue, detail: [:], at: at)
        }
    }
}
