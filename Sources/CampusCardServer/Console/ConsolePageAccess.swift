import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The staff session of the console's pages: its token in an `HttpOnly`, `SameSite=Lax` cookie
/// scoped to `/console` (`Secure` behind TLS, as the phone pages' cookies); the session itself is
/// the API's (`staff_sessions`, eight hours), so signing out anywhere ends it.
enum ConsoleCookie {
    static let session = "cc_staff"
    static let path = "/console"
}

/// Who is at the console: the staff member, their session's token, and the school they act in
/// (their own; the platform's operator has none).
struct ConsoleDesk {
    var token: String
    var staff: StaffMember
    var school: SchoolRecord?

    /// The school the desk's pages act in; the platform's operator has none of their own and
    /// is led to the platform's schools (`ConsolePageErrors`).
    func ownSchool() throws -> SchoolRecord {
        guard let school else { throw Self.noSchool }
        return school
    }

    static let noSchool = CardError.invalidField(
        "school", zh: "平台运维账号没有所属学校，请在“学校”中打开一所学校", en: "an operator has no school; open one from the schools")
}

extension Request {
    /// The cookie's staff session, or nil when there is none or it ended.
    func consoleDeskIfSignedIn() async throws -> ConsoleDesk? {
        guard let token = cookies[ConsoleCookie.session]?.string, !token.isEmpty,
            let staff = try await StaffConsole(services).session(token: token)
        else { return nil }
        let school = staff.schoolID == nil ? nil : try await StaffConsole(services).school(of: staff)
        return ConsoleDesk(token: token, staff: staff, school: school)
    }

    /// The signed-in staff member; else `unauthorized`, which the console's pages answer with
    /// the sign-in page.
    func consoleDesk() async throws -> ConsoleDesk {
        guard let desk = try await consoleDeskIfSignedIn() else { throw CardError.unauthorized }
        return desk
    }

    /// The console's forms carry a token of the staff session (before signing in, of this
    /// browser's device id, as the phone pages' first forms do).
    func consoleFormToken(session token: String?) -> String {
        token.map { masterKey.formToken(for: "staff:" + $0) } ?? formToken(session: nil)
    }

    func consoleForm(session token: String?) throws -> [String: String] {
        try postedForm(expecting: consoleFormToken(session: token))
    }

    func consoleContext(_ desk: ConsoleDesk?) -> PageContext {
        var context = pageContext(session: nil, school: desk?.school)
        context.csrfToken = consoleFormToken(session: desk?.token)
        context.schoolPath = ConsoleLayout.home
        context.languageAction = ConsoleLayout.language
        context.schoolName = context.schoolName ?? context.t("校园卡管理台", "Card office console")
        return context
    }
}
