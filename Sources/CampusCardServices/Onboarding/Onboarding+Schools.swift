import CampusCardCore
import CampusCardStore
import Foundation

/// Schools and their campuses: made by the platform's operator, edited by the school's administrators.
extension Onboarding {
    public struct NewSchool: Sendable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var timeZone: String
        /// Code and name of each; at least one.
        public var campuses: [(code: String, name: String)]
        /// The school's first administrator, made with it; nil: none yet.
        public var administrator: (username: String, displayName: String)?

        public init(
            code: String, name: String, nameEn: String = "", timeZone: String = "Asia/Shanghai", campuses: [(code: String, name: String)],
            administrator: (username: String, displayName: String)? = nil
        ) {
            (self.code, self.name, self.nameEn, self.timeZone, self.campuses, self.administrator) = (
                code, name, nameEn, timeZone, campuses, administrator
            )
        }
    }

    /// The school with the SPEC's default settings, its campuses and ledger accounts, and its
    /// first administrator (whose password is in the answer, once).
    public func createSchool(_ new: NewSchool, by user: ConsoleUser) async throws -> (school: SchoolRecord, administrator: IssuedPassword?)
    {
        try user.require(.runPlatform)
        guard let code = SchoolCode(rawValue: new.code.trimmingCharacters(in: .whitespaces).uppercased()) else {
            throw CardError.invalidField("code", zh: "学校代码为 2–16 位大写字母或数字", en: "2–16 upper-case letters or digits")
        }
        let name = try DisplayName(new.name, field: "name")
        let nameEn = try new.nameEn.trimmingCharacters(in: .whitespaces).isEmpty ? "" : DisplayName(new.nameEn, field: "name_en").text
        let timeZone = try Self.timeZone(new.timeZone)
        guard !new.campuses.isEmpty else {
            throw CardError.invalidField("campuses", zh: "至少填写一个校区", en: "give at least one campus")
        }
        let campuses = try new.campuses.map { (try Self.campusCode($0.code), try DisplayName($0.name, field: "campus_name").text) }
        var administrator: (StaffUsername, DisplayName, StaffCredential)?
        if let asked = new.administrator {
            administrator = (
                try StaffUsername(entered: asked.username), try DisplayName(asked.displayName, field: "display_name"),
                try await StaffCredential.hashing(.random())
            )
        }
        return try await audited("school_created", school: nil, subject: code.rawValue, by: user) { [now, administrator] sql in
            let school = try await SchoolStore(sql).create(
                code: code, name: name.text, nameEn: nameEn, timeZone: timeZone, campuses: campuses, at: now)
            var issued: IssuedPassword?
            if let (username, displayName, credential) = administrator {
                let member = try await StaffStore(sql).create(
                    schoolID: school.id, username: username.rawValue, displayName: displayName.text, role: .admin,
                    passwordHash: credential.hash, at: now)
                issued = IssuedPassword(member: member, password: credential.password.text)
            }
            let detail = [
                "name": school.name, "name_en": nameEn, "time_zone": timeZone.identifier,
                "campuses": campuses.map(\.0.rawValue).joined(separator: ","), "administrator": issued?.member.username ?? "",
            ]
            return ((school, issued), detail)
        }
    }

    /// Its names and time zone; its code, which terminals and links carry, stays.
    public func editSchool(_ school: SchoolRecord, name: String, nameEn: String, timeZone: String, by user: ConsoleUser) async throws
        -> SchoolRecord
    {
        try user.require(.runSchool, in: school)
        let name = try DisplayName(name, field: "name").text
        let nameEn = try nameEn.trimmingCharacters(in: .whitespaces).isEmpty ? "" : DisplayName(nameEn, field: "name_en").text
        let zone = try Self.timeZone(timeZone)
        return try await audited("school_edited", school: school.id, subject: school.code.rawValue, by: user) { sql in
            try await SchoolStore(sql).edit(school, name: name, nameEn: nameEn, timeZone: zone)
            var edited = school
            (edited.name, edited.nameEn, edited.timeZone) = (name, nameEn, zone)
            return (edited, ["name": name, "name_en": nameEn, "time_zone": zone.identifier])
        }
    }

    public func addCampus(code: String, name: String, to school: SchoolRecord, by user: ConsoleUser) async throws {
        try user.require(.runSchool, in: school)
        let (campus, name) = (try Self.campusCode(code), try DisplayName(name, field: "campus_name").text)
        try await audited("campus_added", school: school.id, subject: campus.rawValue, by: user) { sql in
            try await SchoolStore(sql).addCampus(campus, name: name, toSchool: school.id)
            return ((), ["name": name])
        }
    }

    /// A new name; every cardholder of the campus stays on it.
    public func renameCampus(code: String, to name: String, in school: SchoolRecord, by user: ConsoleUser) async throws {
        try user.require(.runSchool, in: school)
        let name = try DisplayName(name, field: "campus_name").text
        let code = try Self.campusCode(code)
        try await audited("campus_renamed", school: school.id, subject: code.rawValue, by: user) { sql in
            guard let campus = try await SchoolStore(sql).campuses(of: school.id).first(where: { $0.code == code }) else {
                throw CardError.unknownCampus(code.rawValue)
            }
            try await SchoolStore(sql).renameCampus(campus, to: name)
            return ((), ["from": campus.name, "to": name])
        }
    }

    /// Every school, for the operator; a school's own staff see theirs.
    public func schools(for user: ConsoleUser) async throws -> [SchoolRecord] {
        let all = try await SchoolStore(store.sql).all()
        guard case .staff(let member) = user, member.role != .operator else { return all }
        return all.filter { $0.id == member.schoolID }
    }

    /// The school by its code, if the user may see it (another school's is as if it did not exist).
    public func school(_ entered: String, for user: ConsoleUser) async throws -> SchoolRecord {
        guard let code = SchoolCode(rawValue: entered.uppercased()), let school = try await SchoolStore(store.sql).find(code),
            (try? user.require(.read, in: school)) != nil
        else { throw CardError.unknownSchool(String(entered.prefix(16))) }
        return school
    }

    public func campuses(of school: SchoolRecord, for user: ConsoleUser) async throws -> [CampusRecord] {
        try user.require(.read, in: school)
        return try await SchoolStore(store.sql).campuses(of: school.id)
    }

    static func timeZone(_ identifier: String) throws(CardError) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier.trimmingCharacters(in: .whitespaces)) else {
            throw .invalidField("time_zone", zh: "时区应为 IANA 名称，例如 Asia/Shanghai", en: "an IANA zone name such as Asia/Shanghai")
        }
        return zone
    }

    static func campusCode(_ text: String) throws(CardError) -> CampusCode {
        guard let code = CampusCode(rawValue: text.trimmingCharacters(in: .whitespaces).uppercased()) else {
            throw .invalidField("campus_code", zh: "校区代码为 2–16 位大写字母或数字", en: "2–16 upper-case letters or digits")
        }
        return code
    }
}
