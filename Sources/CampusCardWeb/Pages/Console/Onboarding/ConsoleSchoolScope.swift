import CampusCardStore

/// Where a school's setup pages live: an administrator's own school under `/console`; a school the
/// platform's operator opened, under its page `/console/platform/schools/{code}`. The same pages
/// and the same services serve both.
public struct ConsoleSchoolScope: Sendable {
    public var school: SchoolRecord
    /// What the pages' addresses start with.
    public var base: String
    public var isPlatform: Bool

    public static func own(_ school: SchoolRecord) -> ConsoleSchoolScope {
        ConsoleSchoolScope(school: school, base: ConsoleLayout.home, isPlatform: false)
    }

    public static func platform(_ school: SchoolRecord) -> ConsoleSchoolScope {
        ConsoleSchoolScope(school: school, base: PlatformSchoolsPage.schoolPath(school.code.rawValue), isPlatform: true)
    }

    public var staffPath: String { base + "/staff" }
    /// Where the staff's list is read: the operator's is the school's page.
    public var staffHome: String { isPlatform ? base : staffPath }

    public func staffPath(_ username: String, _ change: StaffChange) -> String {
        "\(staffPath)/\(username)/\(change.rawValue)"
    }
}

/// What an administrator does to a staff account, each after a confirmation.
public enum StaffChange: String, Sendable, CaseIterable {
    case role
    case password
    case disable
}
