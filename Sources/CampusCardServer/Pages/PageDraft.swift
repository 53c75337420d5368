import Foundation
import Vapor

/// What the cardholder answered on the steps so far (binding, or verifying a new phone), sealed
/// with the master key in a short-lived cookie: no server memory holds it, so any process serves
/// the next step, and nobody reading the cookie learns the passwords in it. It is tied to the
/// session it was made in.
struct PageDraft: Codable, Sendable {
    var session: String
    var values: [String: String] = [:]

    static let lifetime = 20 * 60

    static func open(_ req: Request, session: String) -> PageDraft {
        guard let sealed = req.cookies[PageCookie.draft]?.string, let json = try? req.masterKey.pageSeal.open(sealed),
            let draft = try? JSONDecoder().decode(PageDraft.self, from: Data(json.utf8)),
            draft.session == req.masterKey.formToken(for: "draft:" + session)
        else { return PageDraft(session: req.masterKey.formToken(for: "draft:" + session)) }
        return draft
    }

    func save(on response: Response, _ req: Request) throws {
        let json = String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        response.cookies[PageCookie.draft] = PageCookie.make(
            try req.masterKey.pageSeal.seal(json), maxAge: Self.lifetime, path: "/h5", on: req)
    }

    static func clear(on response: Response, _ req: Request) {
        response.cookies[PageCookie.draft] = PageCookie.expired(path: "/h5", on: req)
    }
}
