import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Foundation
import Vapor

/// What a page handler needs of its request: the signed-in cardholder (from the session cookie,
/// on the device it was opened on), the school of the path, the form checked against CSRF, and
/// a page to answer with.
extension Request {
    /// The session of the cookie, used from the browser it was opened in; nil: not signed in.
    func pageSession() async throws -> (token: String, session: CardholderSession)? {
        guard let token = cookies[PageCookie.session]?.string,
            let session = try await CardholderAccess(services).session(token: token, device: pageDevice)
        else { return nil }
        return (token, session)
    }

    /// The path's school, and the cookie's session and binding there, in one read.
    func pageEntry() async throws -> CardholderPageEntry {
        try await CardholderAccess(services).pageEntry(
            school: parameters.get("school") ?? "", token: cookies[PageCookie.session]?.string, device: pageDevice)
    }

    /// The school the path names.
    func pageSchool() async throws -> SchoolRecord {
        let code = parameters.get("school") ?? ""
        guard let valid = SchoolCode(rawValue: code), let school = try await SchoolStore.find(valid, in: try store) else {
            throw CardError.unknownSchool(String(code.prefix(32)))
        }
        return school
    }

    /// The token this browser's forms carry: from its session once signed in, its device before.
    func formToken(session token: String?) -> String {
        masterKey.formToken(for: token.map { "session:" + $0 } ?? "device:" + pageDevice)
    }

    /// The posted form, after its CSRF token was checked: a form from another site changes nothing.
    func pageForm(session token: String?) throws -> [String: String] {
        try postedForm(expecting: formToken(session: token))
    }

    /// The posted form if it carries `token`, the one its page was rendered with.
    func postedForm(expecting token: String) throws -> [String: String] {
        let form = (try? content.decode([String: String].self)) ?? [:]
        guard let sent = form["_csrf"], sent == token else { throw CardError.formExpired }
        return form
    }

    func pageContext(session token: String?, school: SchoolRecord? = nil) -> PageContext {
        PageContext(
            language: pageLanguage, csrfToken: formToken(session: token),
            timeZone: school?.timeZone ?? TimeZone(identifier: "Asia/Shanghai")!,
            path: pagePath(school: school), schoolPath: school.map { "/h5/\($0.code.rawValue)" }, schoolName: school?.name)
    }

    /// Where the language switch comes back to. A page a form's POST rendered (a refusal, a done
    /// step) has no address a browser can GET: it is the page the form was on (the Referer's path
    /// and query; the switch takes paths on this site only), else the school's first page.
    private func pagePath(school: SchoolRecord?) -> String {
        func pathAndQuery(_ path: String, _ query: String?) -> String { path + (query.map { "?" + $0 } ?? "") }
        if method == .GET { return pathAndQuery(url.path, url.query) }
        if let referer = headers.first(name: .referer).flatMap(URLComponents.init(string:)), referer.path.hasPrefix("/") {
            return pathAndQuery(referer.percentEncodedPath, referer.percentEncodedQuery)
        }
        return school.map { "/h5/\($0.code.rawValue)" } ?? "/"
    }
}

extension Response {
    /// A rendered page; `no-store`, since it shows a balance or a form token.
    static func page(_ html: String, status: HTTPResponseStatus = .ok, _ req: Request) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        let response = Response(status: status, headers: headers, body: .init(string: html))
        response.setPageDevice(req)
        return response
    }

    /// 303 to `location`: the browser follows with a GET (post, redirect, get).
    static func seeOther(_ location: String, _ req: Request) -> Response {
        let response = Response(status: .seeOther, headers: ["Location": location])
        response.setPageDevice(req)
        return response
    }

    /// The device cookie, when this request made the device id.
    func setPageDevice(_ req: Request) {
        if let made = req.madePageDevice { cookies[PageCookie.device] = PageCookie.make(made, maxAge: 5 * 365 * 86_400, on: req) }
    }
}
