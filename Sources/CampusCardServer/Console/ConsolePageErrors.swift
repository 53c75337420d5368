import CampusCardCore
import CampusCardWeb
import Vapor

/// How the console's pages answer a refusal: a session that ended leads back to the sign-in
/// form; anything else is the error page in the reader's language with the API's status.
enum ConsolePageErrors {
    static let middleware = PageErrorMiddleware(answer: answer)

    @Sendable static func answer(_ cardError: CardError, _ error: any Error, _ request: Request) async -> Response {
        if cardError.code == .unauthorized { return .seeOther(ConsoleLayout.home, request) }
        let desk = try? await request.consoleDeskIfSignedIn()
        // The operator, on a page of a school's own (`ConsoleDesk.ownSchool`), is led to the schools.
        if let desk, desk.school == nil, cardError == ConsoleDesk.noSchool { return .seeOther(PlatformSchoolsPage.path, request) }
        return PageErrorMiddleware.respond(cardError, ErrorPage(error: cardError).render(request.consoleContext(desk)), for: error, request)
    }
}
