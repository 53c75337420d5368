import CampusCardCore
import CampusCardWeb
import Vapor

/// On the cardholder's pages every refusal is a page in their language that says what to do,
/// with the status the API would answer; a session that ran out leads back to signing in.
struct PageErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let redirect as PageRedirect {
            return .seeOther(redirect.location, request)
        } catch {
            let cardError = CardErrorMiddleware.cardError(for: error)
            let school = try? await request.pageSchool()
            if cardError.code == .unauthorized, let school {
                return .seeOther("/h5/\(school.code.rawValue)", request)
            }
            switch cardError.code {
            case .internalError: request.logger.error("unhandled error on a page: \(String(reflecting: error))")
            case .ledgerInconsistent: request.logger.critical("ledger inconsistent: \(cardError.details["what"] ?? "")")
            default: break
            }
            let token = request.cookies[PageCookie.session]?.string
            let page = ErrorPage(error: cardError, serviceCenter: school?.settings.serviceCenterHours)
            let response = Response.page(
                page.render(request.pageContext(session: token, school: school)), status: cardError.code.httpStatus, request)
            if let retry = cardError.details["retry_after_seconds"] { response.headers.replaceOrAdd(name: .retryAfter, value: retry) }
            return response
        }
    }
}
