import CampusCardCore
import CampusCardServices
import CampusCardWeb
import Vapor

/// The console's way in and out: the sign-in form, the staff session's cookie, the language.
struct ConsoleEntryPages {
    /// `/console`: the console's first page when signed in, else the sign-in form.
    func home(req: Request) async throws -> Response {
        guard let desk = try await req.consoleDeskIfSignedIn() else {
            let response = Response.page(ConsoleSignInPage().render(req.consoleContext(nil)), req)
            if req.cookies[ConsoleCookie.session] != nil {
                response.cookies[ConsoleCookie.session] = PageCookie.expired(path: ConsoleCookie.path, on: req)
            }
            return response
        }
        let page = ConsoleHomePage(staff: desk.staff, schoolName: desk.school?.name)
        return .page(page.render(req.consoleContext(desk)), req)
    }

    /// A wrong username or password is answered on the form (401), the username kept; so are a
    /// locked account (423) and a rate limit (429), with until when.
    func signIn(req: Request) async throws -> Response {
        let form = try req.consoleForm(session: nil)
        let username = String((form["username"] ?? "").trimmingCharacters(in: .whitespaces).prefix(64))
        do {
            let (_, token) = try await StaffConsole(req.services).signIn(
                username: username, password: form["password"] ?? "", from: req.clientAddress)
            let response = Response.seeOther(ConsoleLayout.home, req)
            // No max-age: the cookie ends with the browser, the session after eight hours at most.
            response.cookies[ConsoleCookie.session] = PageCookie.make(token, maxAge: nil, path: ConsoleCookie.path, on: req)
            return response
        } catch let refused as CardError where [.unauthorized, .signInLocked, .tooManyRequests].contains(refused.code) {
            // A lock or a rate limit says until when, on the form.
            let page = ConsoleSignInPage(username: username, error: refused.code == .unauthorized ? ConsoleSignInPage.refused : refused)
            let response = Response.page(page.render(req.consoleContext(nil)), status: refused.code.httpStatus, req)
            if let retry = refused.details["retry_after_seconds"] { response.headers.replaceOrAdd(name: .retryAfter, value: retry) }
            return response
        }
    }

    func signOut(req: Request) async throws -> Response {
        let desk = try await req.consoleDeskIfSignedIn()
        _ = try req.consoleForm(session: desk?.token)
        if let desk { try await StaffConsole(req.services).signOut(token: desk.token) }
        let response = Response.seeOther(ConsoleLayout.home, req)
        response.cookies[ConsoleCookie.session] = PageCookie.expired(path: ConsoleCookie.path, on: req)
        return response
    }

    /// The phone pages' switch, remembered in the same cookie; the form carries the console's token.
    func language(req: Request) async throws -> Response {
        let desk = try await req.consoleDeskIfSignedIn()
        return EntryPages.remember(language: try req.consoleForm(session: desk?.token), req)
    }
}
