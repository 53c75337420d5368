import CampusCardCore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The cardholder's pages over HTTP: how a session is kept, what a form must carry, and that no
/// input, however wrong, is answered with a 500.
@Suite struct CardholderPageRoutesTests {
    @Test(arguments: Engine.available)
    func signingInKeepsAServerSideSessionInAStrictCookie(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            let welcome = try await browser.get("/")
            #expect(welcome.status == .ok)
            #expect(welcome.headers.contentType?.subType == "html")
            let device = try #require(welcome.headers[.setCookie].first { $0.hasPrefix("cc_device=") })
            #expect(device.contains("HttpOnly") && device.contains("SameSite=Lax") && !device.contains("Secure"))

            let back = try await browser.signIn(channel: "alipay", user: "2088000000000777")
            #expect(back.status == .seeOther)
            #expect(back.headers.first(name: .location) == "/h5/DEMO/bind/campus")
            let session = try #require(back.headers[.setCookie].first { $0.hasPrefix("cc_session=") })
            #expect(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Path=/h5"))
            let rows = try await f.app.store.sql.raw("SELECT device_id FROM cardholder_sessions").all()
            #expect(try rows.map { try $0.decode(column: "device_id", as: String.self) } == [browser.cookies["cc_device"]])

            // The session cookie from another browser (another device id) opens nothing.
            var other = PageBrowser(f)
            other.cookies["cc_session"] = browser.cookies["cc_session"]
            let elsewhere = try await other.get("/h5/DEMO/bind/campus")
            #expect(elsewhere.status == .seeOther)
            #expect(elsewhere.headers.first(name: .location) == "/h5/DEMO")
        }
    }

    /// A page a form's POST rendered has no address to GET: its language switch comes back to the
    /// page the form was on (the Referer's path, this site's only), else to the school's first page.
    @Test(arguments: Engine.available)
    func theLanguageSwitchOfAPagePostRenderedComesBackToThePageTheFormWasOn(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            _ = try await browser.signIn(channel: "alipay", user: "2088000000000778")
            let form = try await browser.get("/h5/DEMO/bind/campus")
            #expect(form.body.string.contains(#"name="back" value="/h5/DEMO/bind/campus""#))
            let token = PageBrowser.formToken(form)
            // given a refusal rendered by the POST, sent from the form's page
            browser.headers.replaceOrAdd(name: .referer, value: "https://card.example.edu.cn/h5/DEMO/bind/campus?from=home")
            let refused = try await browser.post("/h5/DEMO/bind/campus", ["_csrf": token, "campus": "NOWHERE"])
            #expect(refused.status == .unprocessableEntity)
            // then its language switch comes back to that page, not to the POST's address
            #expect(refused.body.string.contains(#"name="back" value="/h5/DEMO/bind/campus?from=home""#))
            // and without a Referer, to the school's first page
            browser.headers.remove(name: .referer)
            let bare = try await browser.post("/h5/DEMO/bind/campus", ["_csrf": token, "campus": "NOWHERE"])
            #expect(bare.body.string.contains(#"name="back" value="/h5/DEMO""#))
        }
    }

    @Test(arguments: Engine.available)
    func behindTLSTheCookiesAreSecure(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            browser.headers.replaceOrAdd(name: "X-Forwarded-Proto", value: "https")
            let page = try await browser.get("/h5/DEMO")
            #expect(page.headers[.setCookie].allSatisfy { $0.contains("Secure") })
            let toChannel = try await browser.get("/h5/DEMO/sign-in?channel=wechat")
            let location = toChannel.headers.first(name: .location) ?? ""
            #expect(location.contains("redirect_uri=https%3A%2F%2F"))
            #expect(
                location.contains("response_type=code") && location.contains("scope=snsapi_base") && location.hasSuffix("#wechat_redirect"))
        }
    }

    @Test(arguments: Engine.available)
    func aFormWithoutItsTokenChangesNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            _ = try await browser.signIn(channel: "alipay", user: "2088000000000778")
            for (path, form) in [
                ("/h5/DEMO/bind/campus", ["campus": "MAIN"]), ("/h5/language", ["language": "en", "back": "/"]),
                ("/h5/DEMO/sign-out", [:]),
            ] {
                let refused = try await browser.post(path, form)
                #expect(refused.status == .forbidden, "\(path)")
                #expect(refused.body.string.contains("页面已过期"))
                let forged = try await browser.post(path, form.merging(["_csrf": "forged"]) { a, _ in a })
                #expect(forged.status == .forbidden, "\(path)")
            }
            #expect(browser.cookies["cc_lang"] == nil)
            #expect(browser.cookies["cc_draft"] == nil)
            #expect(try await f.app.store.sql.raw("SELECT token_hash FROM cardholder_sessions").all().count == 1)
        }
    }

    @Test(arguments: Engine.available)
    func bindingStepByStepThenFaceBindsTheCard(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            let campus = try await browser.signIn(channel: "school_app", user: "s-20260001")
            #expect(campus.headers.first(name: .location) == "/h5/DEMO/bind/campus")
            var token = PageBrowser.formToken(try await browser.get("/h5/DEMO/bind/campus"))
            let steps: [(String, [String: String], String)] = [
                ("campus", ["campus": "MAIN"], "identity"), ("identity", ["staff_number": " ２０２６０００１ ", "name": "张三"], "proof"),
                ("proof", ["initial_password": "011235"], "payment"),
                ("payment", ["payment_password": "285713", "payment_password_again": "285713"], "face"),
            ]
            for (step, form, next) in steps {
                let answer = try await browser.post("/h5/DEMO/bind/\(step)", form.merging(["_csrf": token]) { a, _ in a })
                #expect(answer.status == .seeOther, "\(step): \(answer.body.string.prefix(400))")
                #expect(answer.headers.first(name: .location) == "/h5/DEMO/bind/\(next)")
                token = PageBrowser.formToken(try await browser.get("/h5/DEMO/bind/\(next)"))
            }
            // The draft cookie is sealed: neither the password nor the 学工号 can be read in it.
            let draft = try #require(browser.cookies["cc_draft"])
            #expect(
                !draft.contains("285713")
                    && !(Data(base64Encoded: draft.removingPercentEncoding ?? draft).map { String(decoding: $0, as: UTF8.self) } ?? "")
                        .contains("20260001")
            )
            // The face step: the ID number (checked, then sent to the provider only), the provider's page, and back.
            let face = try await browser.get("/h5/DEMO/bind/face")
            #expect(face.body.string.contains(#"name="id_number""#))
            let malformed = try await browser.post("/h5/DEMO/bind/face", ["_csrf": token, "id_number": "440305200001011234"])
            #expect(malformed.status == .unprocessableEntity && malformed.body.string.contains(#"id="id_number-error""#))
            let started = try await browser.post("/h5/DEMO/bind/face", ["_csrf": token, "id_number": "440305200001011235"])
            #expect(started.status == .seeOther, "\(started.body.string.prefix(400))")
            let provider = try #require(started.headers.first(name: .location))
            #expect(provider.hasPrefix("/sandbox/tencent/face?token="), "the school app's face check is Tencent Cloud FaceID")
            let action = try #require(
                try await browser.get(provider).body.string.firstMatch(of: /action="(\/sandbox\/face-checks\/[A-Za-z0-9]+)"/)?.output.1)
            let back = try #require(try await browser.post(String(action), ["passed": "true"]).headers.first(name: .location))
            let returned = try #require(back.range(of: "/h5/DEMO/bind/face-done?"))
            #expect(back.contains("certification_id=CC") && !back.contains("440305"))
            let bound = try await browser.get(String(back[returned.lowerBound...]))
            #expect(bound.status == .seeOther, "\(bound.body.string.prefix(400))")
            #expect(bound.headers.first(name: .location) == "/h5/DEMO")
            let home = try await browser.get("/h5/DEMO")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("¥100.00") && home.body.string.contains("张三"))
            #expect(browser.cookies["cc_draft"] == nil)
        }
    }

    @Test(arguments: Engine.available)
    func wrongInputOnEveryPageIsAPageNeverA500(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            #expect(try await browser.get("/h5/NOPE").status == .notFound)
            #expect(try await browser.get("/h5/DEMO/sign-in?channel=fax").status == .unprocessableEntity)
            #expect(try await browser.get("/h5/DEMO/signed-in?channel=alipay&auth_code=x&state=y").status == .unauthorized)
            #expect(try await browser.get("/h5/DEMO/records").status == .seeOther)
            _ = try await browser.signIn(channel: "wechat", user: "o-20260001-x")
            let token = PageBrowser.formToken(try await browser.get("/h5/DEMO/bind/identity"))
            #expect(try await browser.get("/h5/DEMO/bind/nowhere").status == .notFound)
            let phone = try await browser.post("/h5/DEMO/bind/identity", ["_csrf": token, "staff_number": "13812345678", "name": "张三"])
            #expect(phone.status == .unprocessableEntity)
            #expect(phone.body.string.contains(#"id="staff_number-error""#) && phone.body.string.contains("手机号"))
            let long = String(repeating: "'; DROP TABLE cards; --", count: 400)
            for (step, form) in [
                ("campus", ["campus": long]), ("identity", ["staff_number": long, "name": long]), ("proof", ["initial_password": long]),
                ("proof", ["proof": "passport", "passport": long]),
                ("payment", ["payment_password": "123456", "payment_password_again": "123456"]),
                ("payment", ["payment_password": "285713", "payment_password_again": "285714"]),
            ] {
                let answer = try await browser.post("/h5/DEMO/bind/\(step)", form.merging(["_csrf": token]) { a, _ in a })
                #expect(answer.status == .unprocessableEntity, "\(step) \(form.keys.sorted())")
                #expect(answer.body.string.contains(#"role="alert""#))
            }
            // Without the earlier steps the face return goes back to them.
            let early = try await browser.get("/h5/DEMO/bind/face-done?certification_id=x&state=\(PageBrowser.encoded(token))")
            #expect(early.headers.first(name: .location) == "/h5/DEMO/bind/identity")
            #expect(try await f.app.store.sql.raw("SELECT id FROM bindings").all().isEmpty)
            #expect(try await f.app.store.sql.raw("SELECT card_number FROM cards").all().count == 4)
        }
    }
}
