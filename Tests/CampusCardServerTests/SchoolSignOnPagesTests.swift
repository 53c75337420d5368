import CampusCardCore
import CampusCardDemo
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import VaporTesting

/// A school whose settings name its CAS server: the school app's way in goes through the school's
/// own sign-on page, and the 学工号 is the school's answer to the server, never the browser's.
@Suite struct SchoolSignOnPagesTests {
    static func useCAS(_ f: AppFixture) async throws {
        let store = SchoolStore(try f.app.store.sql)
        let school = try #require(try await store.find(DemoSchool.code))
        var settings = school.settings
        settings.signOn = .cas(server: "/sandbox/school/cas")
        try await store.update(school, settings: settings, actor: "test", at: f.clock.now)
    }

    static func useOpenID(_ f: AppFixture, faceACR: String? = nil) async throws {
        let store = SchoolStore(try f.app.store.sql)
        let school = try #require(try await store.find(DemoSchool.code))
        var settings = school.settings
        settings.signOn = .oidc(
            .init(
                issuer: "/sandbox/school/oidc", authorizationEndpoint: "/sandbox/school/oidc/authorize",
                tokenEndpoint: "/sandbox/school/oidc/token", jwksURI: "/sandbox/school/oidc/jwks", clientID: "campuscard-demo",
                faceACR: faceACR))
        try settings.validate()
        try await store.update(school, settings: settings, actor: "test", at: f.clock.now)
    }

    /// Signs in at the sandbox's OpenID provider as `user`; the browser stands where it was sent back.
    static func throughOpenID(_ browser: inout PageBrowser, user: String) async throws -> String {
        let toSchool = try await browser.get("/h5/DEMO/sign-in?channel=school_app")
        let authorize = try #require(URLComponents(string: toSchool.headers.first(name: .location) ?? ""))
        #expect(authorize.path == "/sandbox/school/oidc/authorize")
        let query = Dictionary(uniqueKeysWithValues: (authorize.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["redirect_uri"] == "http://localhost/h5/DEMO/signed-in?channel=school_app")
        #expect(query["code_challenge_method"] == "S256" && query["state"] == browser.cookies["cc_state"])
        #expect(try await browser.get(toSchool.headers.first(name: .location) ?? "").status == .ok)
        var form = query.filter { ["client_id", "redirect_uri", "state", "nonce", "code_challenge"].contains($0.key) }
        form["username"] = user
        let signedOn = try await browser.post(authorize.path, form)
        let back = try #require(URLComponents(string: signedOn.headers.first(name: .location) ?? ""))
        return back.path + "?" + (back.percentEncodedQuery ?? "")
    }

    @Test(arguments: Engine.available)
    func theSchoolAppSignsInThroughTheSchoolsOpenIDProvider(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            try await Self.useOpenID(f)
            var browser = PageBrowser(f)
            let back = try await Self.throughOpenID(&browser, user: "20260001")
            #expect(back.contains("&code=") || back.contains("?code="))
            let signedIn = try await browser.get(back)
            #expect(signedIn.status == .seeOther && signedIn.headers.first(name: .location) == "/h5/DEMO/bind/campus")
            #expect(browser.cookies["cc_session"] != nil)

            // The code was good once.
            var again = PageBrowser(f)
            again.cookies["cc_state"] = browser.cookies["cc_state"]
            #expect(try await again.get(back).status == .unauthorized && again.cookies["cc_session"] == nil)
        }
    }

    @Test(arguments: Engine.available)
    func aCodeBroughtBackByAnotherSignInOrARefusalOpensNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            try await Self.useOpenID(f)
            var victim = PageBrowser(f)
            let back = try await Self.throughOpenID(&victim, user: "20260001")
            // An attacker's own sign-in (their state and verifier) with the victim's code: PKCE refuses it.
            var attacker = PageBrowser(f)
            _ = try await attacker.get("/h5/DEMO/sign-in?channel=school_app")
            let state = try #require(attacker.cookies["cc_state"])
            let code = try #require(URLComponents(string: back)?.queryItems?.first { $0.name == "code" }?.value)
            let stolen = try await attacker.get("/h5/DEMO/signed-in?channel=school_app&code=\(code)&state=\(state)")
            #expect(stolen.status == .unauthorized && attacker.cookies["cc_session"] == nil)
            // The provider's refusal (the user said no) is a refusal, not a session.
            var declined = PageBrowser(f)
            _ = try await declined.get("/h5/DEMO/sign-in?channel=school_app")
            let declinedState = try #require(declined.cookies["cc_state"])
            let answer = try await declined.get("/h5/DEMO/signed-in?channel=school_app&error=access_denied&state=\(declinedState)")
            #expect(answer.status == .unauthorized && declined.cookies["cc_session"] == nil)
        }
    }

    /// Signs in at the sandbox's CAS as `user`; the browser stands where CAS sent it back.
    static func throughCAS(_ browser: inout PageBrowser, user: String) async throws -> (back: String, service: String) {
        let toSchool = try await browser.get("/h5/DEMO/sign-in?channel=school_app")
        #expect(toSchool.status == .seeOther)
        let login = try #require(URLComponents(string: toSchool.headers.first(name: .location) ?? ""))
        #expect(login.path == "/sandbox/school/cas/login")
        let service = try #require(login.queryItems?.first { $0.name == "service" }?.value)
        #expect(service.hasPrefix("http://localhost/h5/DEMO/signed-in?channel=school_app&state="))
        let signedOn = try await browser.post(login.path, ["service": service, "username": user])
        let back = try #require(URLComponents(string: signedOn.headers.first(name: .location) ?? ""))
        return (back.path + "?" + (back.percentEncodedQuery ?? ""), service)
    }

    @Test(arguments: Engine.available)
    func theSchoolAppSignsInThroughTheSchoolsCAS(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            try await Self.useCAS(f)
            var browser = PageBrowser(f)
            let (back, _) = try await Self.throughCAS(&browser, user: "20260001")
            #expect(back.contains("&ticket=ST-"))
            let signedIn = try await browser.get(back)
            #expect(signedIn.status == .seeOther && signedIn.headers.first(name: .location) == "/h5/DEMO/bind/campus")
            #expect(browser.cookies["cc_session"] != nil)
            #expect(try await browser.get("/h5/DEMO/bind/campus").status == .ok)

            // The ticket was good once: the same way back again opens nothing.
            var again = PageBrowser(f)
            again.cookies["cc_state"] = browser.cookies["cc_state"]
            let replayed = try await again.get(back)
            #expect(replayed.status == .unauthorized && again.cookies["cc_session"] == nil)
        }
    }

    @Test(arguments: Engine.available)
    func aForgedMovedOrStateLessTicketOpensNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            try await Self.useCAS(f)
            var browser = PageBrowser(f)
            let (back, _) = try await Self.throughCAS(&browser, user: "20260001")
            let state = try #require(URLComponents(string: back)?.queryItems?.first { $0.name == "state" }?.value)
            // A ticket the school never issued.
            let forged = try await browser.get("/h5/DEMO/signed-in?channel=school_app&state=\(state)&ticket=ST-forged")
            #expect(forged.status == .unauthorized && browser.cookies["cc_session"] == nil)
            // The school's ticket brought back with another state: another service URL than it was issued to.
            let ticket = try #require(URLComponents(string: back)?.queryItems?.first { $0.name == "ticket" }?.value)
            var other = PageBrowser(f)
            let (_, _) = try await Self.throughCAS(&other, user: "20260002")
            let otherState = try #require(other.cookies["cc_state"])
            let moved = try await other.get("/h5/DEMO/signed-in?channel=school_app&state=\(otherState)&ticket=\(ticket)")
            #expect(moved.status == .unauthorized && other.cookies["cc_session"] == nil)
            // The right ticket without this browser's state (login CSRF).
            var stranger = PageBrowser(f)
            #expect(try await stranger.get(back).status == .unauthorized)
            #expect(stranger.cookies["cc_session"] == nil)
        }
    }
}
