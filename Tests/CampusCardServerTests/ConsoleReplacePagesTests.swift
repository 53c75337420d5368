import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Replacing a card from the console (补卡): the new number checked on the form, a confirmation
/// that says which card stops working, the API's replacement once, audited; refused to an
/// auditor, another school and a forged form.
@Suite struct ConsoleReplacePagesTests {
    static let replace = "/console/cardholders/20260001/replace"

    static func cards(_ f: AppFixture) async throws -> [String: String] {
        let rows = try await f.app.store.sql.raw(
            "SELECT c.card_number, c.status FROM cards c JOIN cardholders h ON h.id = c.cardholder_id WHERE h.staff_number = '20260001'"
        ).all()
        return Dictionary(
            uniqueKeysWithValues: try rows.map {
                (try $0.decode(column: "card_number", as: String.self), try $0.decode(column: "status", as: String.self))
            })
    }

    @Test(arguments: Engine.available)
    func aClerkReplacesTheCardAfterConfirmingTheNewNumber(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(try await clerk.get("/console/cardholders/20260001").body.string.contains(Self.replace))
            let form = try await clerk.get(Self.replace)
            #expect(form.status == .ok && form.body.string.contains(#"name="new_card_number""#))
            let token = PageBrowser.formToken(form)

            // a malformed number, one the school has already (李老师's), a NUL: on the form, nothing done
            for (typed, status, shown) in [
                ("c-1", HTTPStatus.unprocessableEntity, "卡号应为4–32位数字或大写字母"), ("20169001", .conflict, "新卡号已被使用"),
                ("C\u{0}1", .unprocessableEntity, "卡号应为4–32位数字或大写字母"),
            ] {
                let refused = try await clerk.post(Self.replace + "/confirm", ["_csrf": token, "new_card_number": typed])
                #expect(
                    refused.status == status && refused.body.string.contains("new_card_number-error")
                        && refused.body.string.contains(shown),
                    "\(typed)")
            }
            // the number as read off the card, lower-case: the confirmation says what will happen
            let confirm = try await clerk.post(Self.replace + "/confirm", ["_csrf": token, "new_card_number": " c2026x01 "])
            #expect(
                confirm.status == .ok && confirm.body.string.contains("原卡 20260001 立即作废") && confirm.body.string.contains("新卡 C2026X01"))
            #expect(try await Self.cards(f) == ["20260001": "active"], "nothing before the confirmation")

            let done = try await clerk.post(Self.replace, ["_csrf": token, "new_card_number": "C2026X01"])
            #expect(done.status == .seeOther && done.headers.first(name: .location) == "/console/cardholders/20260001?done=replaced")
            #expect(try await Self.cards(f) == ["20260001": "replaced", "C2026X01": "active"])
            let profile = try await clerk.get("/console/cardholders/20260001?done=replaced").body.string
            #expect(profile.contains("已办理：补办校园卡") && profile.contains("C2026X01") && profile.contains("replaces=20260001"))
            let actions = try await f.app.store.sql.raw(
                "SELECT action FROM audit_log WHERE actor = 'staff:demo-clerk' ORDER BY id"
            ).all().map { try $0.decode(column: "action", as: String.self) }
            #expect(actions == ["card_replaced", "card_issued"])

            // a second click is refused, never a 500, and issues nothing
            let again = try await clerk.post(Self.replace, ["_csrf": token, "new_card_number": "C2026X01"])
            #expect(again.status == .conflict && again.body.string.contains("新卡号已被使用"))
            #expect(try await Self.cards(f).count == 2)
        }
    }

    @Test(arguments: Engine.available)
    func anAuditorAnotherSchoolAndAForgedFormReplaceNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let form = ["new_card_number": "C2026X01"]
            try await f.expectCounterActionRefused(profile: "/console/cardholders/20260001", action: "/replace", form: form)
            #expect(try await Self.cards(f) == ["20260001": "active"])
        }
    }
}
