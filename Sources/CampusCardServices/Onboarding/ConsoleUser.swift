import CampusCardCore
import CampusCardStore

/// Who asks for a change to a school: a signed-in staff member, or someone at the server's own
/// shell (`campuscard school add …`), who runs the machine and may do what an operator may.
public enum ConsoleUser: Sendable {
    case staff(StaffMember)
    case shell(user: String)

    /// How the audit log names them.
    public var auditName: String {
        switch self {
        case .staff(let member): member.actor
        case .shell(let user): "cli:\(user)"
        }
    }

    /// Refuses unless their role allows `action`, in `school` when one is named: staff act in
    /// their own school only (an operator in any).
    public func require(_ action: StaffAction, in school: SchoolRecord? = nil) throws(CardError) {
        guard case .staff(let member) = self else { return }
        guard member.role.may(action) else { throw .forbidden }
        if let school, let own = member.schoolID, own != school.id { throw .forbidden }
    }
}

extension StaffMember {
    /// Refuses unless this member's role allows `action` in `school` (see `ConsoleUser.require`).
    public func require(_ action: StaffAction, in school: SchoolRecord? = nil) throws(CardError) {
        try ConsoleUser.staff(self).require(action, in: school)
    }
}
