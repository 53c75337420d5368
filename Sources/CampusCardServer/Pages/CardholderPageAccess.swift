import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The signed-in cardholder's card at the path's school, for the pages that show or use it:
/// not signed in leads to signing in, no binding to binding, a phone not verified for the card
/// to verifying it (where the API answers `device_not_verified`).
struct CardholderPage {
    var token: String
    var session: CardholderSession
    var binding: BindingRecord
    var school: SchoolRecord

    enum Need {
        /// Showing or using the card: the phone must be verified for it.
        case usable
        /// Verifying the phone itself.
        case own
    }

    static func resolve(_ req: Request, need: Need = .usable) async throws -> CardholderPage {
        try resolve(try await req.pageEntry(), req, need: need)
    }

    /// The same, from an entry read with more beside it (the home page's).
    static func resolve(_ entry: CardholderPageEntry, _ req: Request, need: Need = .usable) throws -> CardholderPage {
        let base = "/h5/\(entry.school.code.rawValue)"
        guard let session = entry.session, let token = req.cookies[PageCookie.session]?.string else { throw PageRedirect(base) }
        guard let binding = entry.binding else { throw PageRedirect(base + "/bind/campus") }
        if need == .usable && !entry.mayUseCard { throw PageRedirect(base + "/verify") }
        return CardholderPage(token: token, session: session, binding: binding, school: entry.school)
    }

    func context(_ req: Request) -> PageContext {
        req.pageContext(session: token, school: school)
    }

    var base: String { "/h5/\(school.code.rawValue)" }
}

/// Thrown where a page cannot be shown yet and the browser goes elsewhere first (sign in, bind, verify).
struct PageRedirect: Error {
    let location: String

    init(_ location: String) {
        self.location = location
    }
}
