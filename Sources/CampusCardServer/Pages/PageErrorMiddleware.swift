import CampusCardCore
import CampusCardWeb
import Vapor

/// On the pages every refusal is a page in the reader's language that says what to do, with the
/// status the API would answer. Each audience answers in its own way (`answer`): the cardholder's
/// pages send a session that ran out back to signing in at the school, the console's to its own
/// sign-in (`ConsolePageErrors`).
struct PageErrorMiddleware: AsyncMiddleware {
    var answer: @Sendable (CardError, any Error, Request) async -> Response = Self.cardholderAnswer

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let redirect as PageRedirect {
            return .seeOther(redirect.location, request)
        } catch {
            return await answer(CardErrorMiddleware.cardError(for: error), error, request)
        }
    }

    @Sendable static func cardholderAnswer(_ cardError: CardError, _ error: any Error, _ request: Request) async -> Response {
        let school = try? await request.pageSchool()
        if cardError.code == .unauthorized, let school {
            return .seeOther("/h5/\(school.code.rawValue)", request)
        }
        let token = request.cookies[PageCookie.session]?.string
        let page = ErrorPage(error: cardError, serviceCenter: school?.settings.serviceCenterHours)
        return respond(cardError, page.render(request.pageContext(session: token, school: school)), for: error, request)
    }

    /// The error page with the status the API would answer; what nobody can act on is logged.
    static func respond(_ cardError: CardError, _ html: String, for error: any Error, _ request: Request) -> Response {
        switch cardError.code {
        case .internalError: request.logger.error("unhandled error on a page: \(String(reflecting: error))")
        case .ledgerInconsistent: request.logger.critical("ledger inconsistent: \(cardError.details["what"] ?? "")")
        default: break
        }
        let response = Response.page(html, status: cardError.code.httpStatus, request)
        if let retry = cardError.details["retry_after_seconds"] { response.headers.replaceOrAdd(name: .retryAfter, value: retry) }
        return response
    }
}
