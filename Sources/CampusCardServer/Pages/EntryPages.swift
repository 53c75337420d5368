import CampusCardChannels
import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The way in: the schools, the channel's consent page and back, the language, signing out.
struct EntryPages {
    func welcome(req: Request) async throws -> Response {
        let schools = try await CardholderAccess(req.services).schools().map {
            EntryPage.School(code: $0.school.code.rawValue, name: $0.school.name)
        }
        return .page(EntryPage(schools: schools).render(req.pageContext(session: nil)), req)
    }

    /// `/h5/{school}`: the card when signed in, else the way in (straight to the channel's consent
    /// page when the channel's entry URL names it).
    func schoolHome(req: Request) async throws -> Response {
        do {
            return try await CardPages().home(req: req)
        } catch let redirect as PageRedirect where redirect.location != "/h5/\(req.parameters.get("school") ?? "")" {
            throw redirect
        } catch is PageRedirect {
            // Not signed in: the way in is this very page.
        }
        let school = try await req.pageSchool()
        if let channel = req.query[String.self, at: "channel"] {
            return .seeOther("/h5/\(school.code.rawValue)/sign-in?channel=\(channel)", req)
        }
        let page = EntryPage(schools: [.init(code: school.code.rawValue, name: school.name)])
        return .page(page.render(req.pageContext(session: nil, school: school)), req)
    }

    /// To the channel's consent page, with a `state` this browser keeps to check the way back.
    func signIn(req: Request) async throws -> Response {
        let school = try await req.pageSchool()
        guard let channel = req.query[String.self, at: "channel"].flatMap(BindingChannel.init(rawValue:)) else {
            throw CardError.invalidField(
                "channel", zh: "渠道应为 school_app、alipay 或 wechat", en: "the channel is school_app, alipay or wechat")
        }
        guard let access = req.application.campusCard.channelAccess else { throw CardError.channelLoginFailed }
        let state = RandomNonce.make(length: 24)
        let back = Self.signedInURL(req, school: school, channel: channel)
        let url: String
        if channel == .schoolApp, let signOn = school.settings.signOn {
            url = try CardholderAccess(req.services).signOnLogin.signOnURL(signOn, back: back, state: state)
        } else if let authorize = ChannelEntry.authorizeURL(channel, access: access, redirectURI: back, state: state) {
            url = authorize
        } else {
            throw CardError.channelLoginFailed
        }
        let response = Response.seeOther(url, req)
        response.cookies[PageCookie.signInState] = PageCookie.make(state, maxAge: 600, path: "/h5", on: req)
        return response
    }

    /// Back from the consent page: the code is exchanged server to server and a session opened
    /// on this browser's device; then the card, or binding one.
    func signedIn(req: Request) async throws -> Response {
        let school = try await req.pageSchool()
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        guard let channel = query["channel"].flatMap(BindingChannel.init(rawValue:)), let state = query["state"],
            state == req.cookies[PageCookie.signInState]?.string
        else { throw CardError.channelLoginFailed }
        let opened: CardholderAccess.OpenedSession
        if channel == .schoolApp, school.settings.signOn != nil {
            opened = try await CardholderAccess(req.services).signIn(
                school: school, query: query, back: Self.signedInURL(req, school: school, channel: channel), state: state,
                device: req.pageDevice)
        } else if let code = ChannelEntry.code(channel, query: query) {
            opened = try await CardholderAccess(req.services).signIn(channel: channel.rawValue, authCode: code, device: req.pageDevice)
        } else {
            throw CardError.channelLoginFailed
        }
        let bound = opened.bindings.contains { $0.school == school.code }
        let response = Response.seeOther("/h5/\(school.code.rawValue)\(bound ? "" : "/bind/campus")", req)
        let lifetime = Int(opened.expiresAt.timeIntervalSince(req.now))
        response.cookies[PageCookie.session] = PageCookie.make(opened.token, maxAge: lifetime, path: "/h5", on: req)
        response.cookies[PageCookie.signInState] = PageCookie.expired(path: "/h5", on: req)
        return response
    }

    /// Back from the school's provider with a face step-up: checked server to server, then on to
    /// the page the face step was started from, with the certification's reference.
    func faceSignedIn(req: Request) async throws -> Response {
        let school = try await req.pageSchool()
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        return .seeOther(try await FaceCheck(req.services).signedIn(school: school, query: query), req)
    }

    /// Where a channel or the school's sign-on sends the browser back (the redirect URI a
    /// provider checks against what it was first sent).
    static func signedInURL(_ req: Request, school: SchoolRecord, channel: BindingChannel) -> String {
        "\(req.publicOrigin)/h5/\(school.code.rawValue)/signed-in?channel=\(channel.rawValue)"
    }

    func signOut(req: Request) async throws -> Response {
        let school = try await req.pageSchool()
        let token = try await req.pageSession()?.token
        _ = try req.pageForm(session: token)
        if let token { try await CardholderAccess(req.services).signOut(token: token) }
        let response = Response.seeOther("/h5/\(school.code.rawValue)", req)
        response.cookies[PageCookie.session] = PageCookie.expired(path: "/h5", on: req)
        PageDraft.clear(on: response, req)
        return response
    }

    /// The language switch: remembered for a year; back to the page it was pressed on.
    func language(req: Request) async throws -> Response {
        let token = req.cookies[PageCookie.session]?.string
        return Self.remember(language: try req.pageForm(session: token), req)
    }

    /// The choice of a language switch's form (its token checked), for the phone pages and the console alike.
    static func remember(language form: [String: String], _ req: Request) -> Response {
        let language = PageLanguage(cookie: form["language"])
        let back = form["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
        let response = Response.seeOther(back, req)
        response.cookies[PageCookie.language] = PageCookie.make(language.rawValue, maxAge: 365 * 86_400, on: req)
        return response
    }

    func stylesheet(req: Request) -> Response {
        asset(PageAssets.stylesheet, type: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]))
    }

    func script(req: Request) -> Response {
        asset(PageAssets.script, type: HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]))
    }

    private func asset(_ text: String, type: HTTPMediaType) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(headers: headers, body: .init(string: text))
    }
}
