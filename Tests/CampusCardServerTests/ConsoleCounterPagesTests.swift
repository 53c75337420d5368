import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The counter's one-step actions from a cardholder's profile: report lost, found, unlock phone
/// access; each says what it will do first, is done only by its confirming form, and is audited.
@Suite struct ConsoleCounterPagesTests {
    static let profile = "/console/cardholders/20260001"

    static func cardStatus(_ f: AppFixture) async throws -> String {
        try #require(
            try await f.app.store.sql.raw("SELECT status FROM cards WHERE card_number = '20260001'").first(
                decodingColumn: "status", as: String.self))
    }

    @Test(arguments: Engine.available)
    func aClerkReportsTheCardLostThenFoundEachAfterAPageThatSaysWhatItDoes(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let before = try await clerk.get(Self.profile).body.string
            #expect(before.contains(Self.profile + "/counter/lost") && !before.contains(Self.profile + "/counter/found"))

            // when the clerk opens the confirmation, nothing happens yet
            let confirm = try await clerk.get(Self.profile + "/counter/lost")
            #expect(confirm.status == .ok && confirm.body.string.contains("将挂失 张三（20260001）的校园卡 20260001：所有终端立即拒绝此卡"))
            #expect(confirm.body.string.contains(#"class="danger""#))
            #expect(try await Self.cardStatus(f) == "active")
            // a form without the session's token does nothing
            #expect(try await clerk.post(Self.profile + "/counter/lost", [:]).status == .forbidden)
            #expect(try await clerk.post(Self.profile + "/counter/lost", ["_csrf": "forged"]).status == .forbidden)
            #expect(try await Self.cardStatus(f) == "active")

            // then its button reports the card lost, and the profile says so
            let token = PageBrowser.formToken(confirm)
            let lost = try await clerk.post(Self.profile + "/counter/lost", ["_csrf": token])
            #expect(lost.status == .seeOther && lost.headers.first(name: .location) == Self.profile + "?done=lost")
            #expect(try await Self.cardStatus(f) == "lost")
            let after = try await clerk.get(Self.profile + "?done=lost").body.string
            #expect(after.contains("已办理：挂失校园卡") && after.contains("已挂失") && after.contains("staff:demo-clerk"))
            #expect(after.contains(Self.profile + "/counter/found") && !after.contains(Self.profile + "/counter/lost"))

            // a second click is refused with the card's state, never a 500; the page no longer offers it
            let again = try await clerk.post(Self.profile + "/counter/lost", ["_csrf": token])
            #expect(again.status == .conflict && again.body.string.contains("未能完成"))
            let stale = try await clerk.get(Self.profile + "/counter/lost").body.string
            #expect(stale.contains("不能办理挂失校园卡") && !stale.contains(#"class="danger""#))

            // found again
            let found = try await clerk.post(Self.profile + "/counter/found", ["_csrf": token])
            #expect(found.status == .seeOther)
            #expect(try await Self.cardStatus(f) == "active")
            let actions = try await f.app.store.sql.raw(
                "SELECT action FROM audit_log WHERE actor = 'staff:demo-clerk' AND subject = '20260001' ORDER BY id"
            ).all().map { try $0.decode(column: "action", as: String.self) }
            #expect(actions == ["card_lost", "card_active"])
        }
    }

    @Test(arguments: Engine.available)
    func aClerkUnlocksPhoneAccessAndTheCardholderBindsAtOnce(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given five wrong initial passwords: the phone access is locked
            let phone = try await Phone.signIn(f, .schoolApp, user: "20260001")
            for attempt in 1...5 { _ = try await phone.bind(["initial_password": "00000\(attempt)"]) }
            #expect(try await phone.bind().errorCode == "phone_access_locked")
            // when the clerk unlocks it from the profile, after reading what it does
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let confirm = try await clerk.get(Self.profile + "/counter/unlock-phone")
            #expect(confirm.status == .ok && confirm.body.string.contains("将解除 张三（20260001）的手机绑定锁定"))
            let done = try await clerk.post(Self.profile + "/counter/unlock-phone", ["_csrf": PageBrowser.formToken(confirm)])
            #expect(done.status == .seeOther && done.headers.first(name: .location) == Self.profile + "?done=unlock-phone")
            // then the cardholder binds, and the audit log has the clerk
            #expect(try await phone.bind().status == .ok)
            #expect(try await clerk.get(Self.profile).body.string.contains("解除手机绑定锁定"))
        }
    }

    @Test(arguments: Engine.available)
    func anAuditorAnotherSchoolAndBadPathsChangeNothingAndNeverA500(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var auditor = try await f.consoleAuditor()
            #expect(!(try await auditor.get(Self.profile).body.string.contains("/counter/")))
            #expect(try await auditor.get(Self.profile + "/counter/lost").status == .forbidden)
            let auditorToken = try await auditor.consoleToken()
            #expect(try await auditor.post(Self.profile + "/counter/lost", ["_csrf": auditorToken]).status == .forbidden)

            var other = try await f.otherSchoolConsoleClerk()
            #expect(try await other.get(Self.profile + "/counter/lost").status == .notFound)
            let otherToken = try await other.consoleToken()
            #expect(try await other.post(Self.profile + "/counter/lost", ["_csrf": otherToken]).status == .notFound)

            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let token = try await clerk.consoleToken()
            for path in ["/counter/explode", "/counter/%00"] {
                #expect(try await clerk.post(Self.profile + path, ["_csrf": token]).status == .notFound, "\(path)")
            }
            #expect(try await clerk.post("/console/cardholders/%00/counter/lost", ["_csrf": token]).status == .notFound)
            #expect(try await Self.cardStatus(f) == "active")
        }
    }
}
