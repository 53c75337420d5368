import CampusCardCore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The school app's face check at a school whose OpenID provider can do face (`face_acr`): the
/// phone goes to the school's provider with a step-up request, and the server believes only the
/// ID token it trades the code for itself. A CAS school keeps Tencent FaceID.
@Suite struct SchoolSignOnFaceTests {
    static let acr = "urn:demo:acr:face"

    /// Signed in at the school as the demo student and through binding's steps up to the face:
    /// where the face step sends the phone.
    static func toFace(_ browser: inout PageBrowser, signIn: (inout PageBrowser) async throws -> String) async throws -> String {
        _ = try await browser.get(try await signIn(&browser))
        var token = PageBrowser.formToken(try await browser.get("/h5/DEMO/bind/campus"))
        for (step, form) in [
            ("campus", ["campus": "MAIN"]), ("identity", ["staff_number": "20260001", "name": "张三"]),
            ("proof", ["initial_password": "011235"]),
            ("payment", ["payment_password": "285713", "payment_password_again": "285713"]), ("face", ["id_number": "440305200001011235"]),
        ] {
            let answer = try await browser.post("/h5/DEMO/bind/\(step)", form.merging(["_csrf": token]) { a, _ in a })
            #expect(answer.status == .seeOther, "\(step): \(answer.body.string.prefix(400))")
            let next = try #require(answer.headers.first(name: .location))
            if step == "face" { return next }
            token = PageBrowser.formToken(try await browser.get(next))
        }
        return ""
    }

    static func openID(_ browser: inout PageBrowser) async throws -> String {
        try await SchoolSignOnPagesTests.throughOpenID(&browser, user: "20260001")
    }

    /// The face step at the sandbox's provider, answered `face` as `user`: our callback's answer.
    static func stepUp(_ browser: inout PageBrowser, _ url: String, face: String, user: String = "20260001") async throws -> (
        callback: String, answer: TestingHTTPResponse
    ) {
        let authorize = try #require(URLComponents(string: url))
        let query = Dictionary(uniqueKeysWithValues: (authorize.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(authorize.path == "/sandbox/school/oidc/authorize")
        #expect(query["prompt"] == "login" && query["max_age"] == "0" && query["acr_values"] == acr && query["login_hint"] == "20260001")
        #expect(query["redirect_uri"] == "http://localhost/h5/DEMO/face/signed-in" && query["state"]?.hasPrefix("CC") == true)
        let page = try await browser.get(url)
        #expect(page.body.string.contains(#"id="face-pass""#) && page.body.string.contains(#"value="20260001""#))
        var form = query.filter { !["response_type", "scope", "code_challenge_method", "login_hint"].contains($0.key) }
        form["username"] = user
        form["face"] = face
        let back = try #require(URLComponents(string: try await browser.post(authorize.path, form).headers.first(name: .location) ?? ""))
        let callback = back.path + "?" + (back.percentEncodedQuery ?? "")
        return (callback, try await browser.get(callback))
    }

    static func unchanged(_ f: AppFixture) async throws {
        let sql = try f.app.store.sql
        #expect(try await sql.raw("SELECT id FROM bindings").all().isEmpty)
        #expect(try await sql.raw("SELECT reference FROM face_certifications WHERE passed_at_ms IS NOT NULL").all().isEmpty)
    }

    /// The demo school on OpenID with a face `acr`, and the demo student's phone at its face step.
    static func atFaceStep(_ engine: Engine, _ body: (AppFixture, inout PageBrowser, String) async throws -> Void) async throws {
        try await AppFixture.with(engine) { f in
            try await SchoolSignOnPagesTests.useOpenID(f, faceACR: acr)
            var browser = PageBrowser(f)
            let provider = try await toFace(&browser, signIn: openID)
            try await body(f, &browser, provider)
        }
    }

    @Test(arguments: Engine.available)
    func aSchoolAppCardholderBindsWithTheSchoolsFaceStepUp(engine: Engine) async throws {
        try await Self.atFaceStep(engine) { f, browser, provider in
            let (callback, answer) = try await Self.stepUp(&browser, provider, face: "pass")
            #expect(answer.status == .seeOther, "\(answer.body.string.prefix(400))")
            let back = try #require(answer.headers.first(name: .location))
            let returned = try #require(back.range(of: "/h5/DEMO/bind/face-done?"))
            #expect(back.contains("certification_id=CC"))
            let bound = try await browser.get(String(back[returned.lowerBound...]))
            #expect(bound.status == .seeOther && bound.headers.first(name: .location) == "/h5/DEMO", "\(bound.body.string.prefix(400))")
            #expect(try await browser.get("/h5/DEMO").body.string.contains("张三"))

            // The way back again (the code was good once, the pass is recorded once) opens nothing more.
            let replayed = try await browser.get(callback)
            #expect(replayed.status.code >= 400 && replayed.status.code < 500)
            // A reference the server never started is refused.
            let unknown = try await browser.get("/h5/DEMO/face/signed-in?state=CCunknown&code=x")
            #expect(unknown.status.code >= 400 && unknown.status.code < 500)
        }
    }

    @Test(arguments: Engine.available)
    func aTokenWithoutTheFaceAStaleSignInOrAnotherUserIsRefused(engine: Engine) async throws {
        try await Self.atFaceStep(engine) { f, browser, provider in
            for (face, user) in [("fail", "20260001"), ("earlier", "20260001"), ("pass", "20260002")] {
                // Each try is a certification of its own, started from the face page again.
                var url = provider
                if face != "fail" { url = try await Self.restart(&browser) }
                let (_, answer) = try await Self.stepUp(&browser, url, face: face, user: user)
                #expect(answer.status.code >= 400 && answer.status.code < 500, "\(face) \(user)")
                #expect(answer.body.string.contains("人脸识别结果无效"), "\(face) \(user)")
                try await Self.unchanged(f)
            }
        }
    }

    static func restart(_ browser: inout PageBrowser) async throws -> String {
        let token = PageBrowser.formToken(try await browser.get("/h5/DEMO/bind/face"))
        let started = try await browser.post("/h5/DEMO/bind/face", ["_csrf": token, "id_number": "440305200001011235"])
        return try #require(started.headers.first(name: .location))
    }

    @Test(arguments: Engine.available)
    func aCASSchoolKeepsTencentFaceID(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            try await SchoolSignOnPagesTests.useCAS(f)
            var browser = PageBrowser(f)
            let provider = try await Self.toFace(&browser) { try await SchoolSignOnPagesTests.throughCAS(&$0, user: "20260001").back }
            #expect(provider.hasPrefix("/sandbox/tencent/face?token="))
        }
    }
}
