import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

struct NewSchoolDTO: Content {
    struct Administrator: Content {
        var username: String
        var display_name: String
    }
    var code: String
    var name: String
    var name_en: String?
    var time_zone: String?
    var campuses: [CampusDTO]
    var administrator: Administrator?
}

struct SchoolEditDTO: Content {
    var name: String
    var name_en: String?
    var time_zone: String
}

/// A school as its staff and the operator see it.
struct SchoolProfileDTO: Content {
    var code: String
    var name: String
    var name_en: String
    var time_zone: String
    var campuses: [CampusDTO]?

    init(_ school: SchoolRecord, campuses: [CampusRecord]? = nil) {
        (code, name, name_en, time_zone) = (school.code.rawValue, school.name, school.nameEn, school.timeZone.identifier)
        self.campuses = campuses?.map { CampusDTO(code: $0.code.rawValue, name: $0.name) }
    }
}

struct CampusNameDTO: Content {
    var name: String
}

struct StaffDTO: Content {
    var username: String
    var display_name: String
    var role: String
    var school: String?
    var disabled_at: Date?

    init(_ member: StaffMember, school: SchoolRecord?) {
        (username, display_name, role, disabled_at) = (member.username, member.displayName, member.role.rawValue, member.disabledAt)
        self.school = school?.code.rawValue
    }
}

struct NewStaffDTO: Content {
    var username: String
    var display_name: String
    var role: String
}

struct StaffRoleDTO: Content {
    var role: String
}

/// A password is in exactly one answer: this one.
struct IssuedPasswordDTO: Content {
    var staff: StaffDTO
    var password: String
}

struct NewSchoolAnswerDTO: Content {
    var school: SchoolProfileDTO
    var administrator: IssuedPasswordDTO?
}

struct NewMerchantDTO: Content {
    var code: String
    var name: String
    var campus: String?
}

struct MerchantDTO: Content {
    var code: String
    var name: String

    init(_ merchant: MerchantRecord) {
        (code, name) = (merchant.code, merchant.name)
    }
}

struct NewTerminalDTO: Content {
    var code: String
    var merchant: String
}

struct TerminalDTO: Content {
    var code: String
    var merchant: String
    var merchant_name: String
    var active: Bool
    var created_at: Date

    init(_ terminal: TerminalEntry) {
        (code, merchant, merchant_name, active, created_at) = (
            terminal.code, terminal.merchantCode, terminal.merchantName, terminal.active, terminal.createdAt
        )
    }
}

/// A terminal's secret is in exactly one answer: at creation or at re-keying.
struct IssuedTerminalDTO: Content {
    var terminal: TerminalDTO
    var secret: String

    init(_ issued: Onboarding.IssuedTerminal) {
        (terminal, secret) = (TerminalDTO(issued.terminal), issued.secret)
    }
}

extension StaffRole {
    /// A role a school's staff may be given, from a request.
    init(schoolRole text: String) throws(CardError) {
        guard let role = StaffRole(rawValue: text), StaffRole.schoolRoles.contains(role) else {
            throw .invalidField("role", zh: "角色应为 admin、clerk 或 auditor", en: "one of admin, clerk, auditor")
        }
        self = role
    }
}
