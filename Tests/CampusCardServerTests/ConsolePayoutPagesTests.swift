import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Paying out a leaver from the console (离校退款): the demo's graduate 王五 (20220001, ¥35.50,
/// frozen in two weeks) is paid in cash after a confirmation, once, audited, with a receipt;
/// refused to one who is not leaving, an auditor, another school and a forged form.
@Suite struct ConsolePayoutPagesTests {
    static let payout = "/console/cardholders/20220001/payout"

    static func balance(_ f: AppFixture, _ staffNumber: String = "20220001") async throws -> Int64 {
        try #require(
            try await f.app.store.sql.raw(
                "SELECT a.balance FROM accounts a JOIN cardholders h ON h.purse_account_id = a.id WHERE h.staff_number = \(bind: staffNumber)"
            ).first(decodingColumn: "balance", as: Int64.self))
    }

    @Test(arguments: Engine.available)
    func aClerkPaysOutTheLeaversBalanceAfterConfirmingAndPrintsTheReceipt(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(try await clerk.get("/console/cardholders/20220001").body.string.contains(Self.payout))
            let form = try await clerk.get(Self.payout)
            #expect(form.status == .ok && form.body.string.contains(#"name="amount""#) && form.body.string.contains(#"value="35.50""#))
            let token = PageBrowser.formToken(form)

            for typed in ["35.51", "0", "1e3", "-1", "3\u{0}5"] {
                let refused = try await clerk.post(Self.payout + "/confirm", ["_csrf": token, "amount": typed])
                #expect(
                    refused.status == .unprocessableEntity && refused.body.string.contains("amount-error")
                        && refused.body.string.contains("结清金额应为 ¥0.01–¥35.50"), "\(typed)")
            }
            let transfers = try await f.transferCount()
            let confirm = try await clerk.post(Self.payout + "/confirm", ["_csrf": token, "amount": "35.50"])
            #expect(confirm.status == .ok && confirm.body.string.contains("将以现金支付 ¥35.50 给 王五（20220001），其校园卡余额从 ¥35.50 减为 ¥0.00"))
            #expect(try await f.transferCount() == transfers, "nothing moved before the confirmation")

            let requestID = try #require(confirm.body.string.firstMatch(of: /name="request_id" value="([^"]+)"/)?.1)
            let final = ["_csrf": token, "amount": "35.50", "request_id": String(requestID)]
            let receipt = try await clerk.post(Self.payout, final)
            let shown = receipt.body.string
            #expect(receipt.status == .ok && shown.contains("离校退款凭证") && shown.contains(#"id="receipt-amount">¥35.50"#))
            #expect(shown.contains(#"id="receipt-balance">¥0.00"#) && shown.contains("演示服务中心（demo-clerk）") && shown.contains("持卡人签字"))
            #expect(try await Self.balance(f) == 0)
            // a second click answers with the same receipt and pays nothing more
            let again = try await clerk.post(Self.payout, final)
            #expect(again.status == .ok && again.body.string.contains(#"id="receipt-amount">¥35.50"#))
            #expect(try await f.transferCount() == transfers + 1)

            let profile = try await clerk.get("/console/cardholders/20220001").body.string
            #expect(profile.contains("结清余额") && profile.contains("amount_fen=3550") && profile.contains("staff:demo-clerk"))
            #expect(!profile.contains(Self.payout), "nothing left to pay out")
            // a hand-made form asking for more than is left: the ledger's refusal, as a page
            let over = try await clerk.post(Self.payout, ["_csrf": token, "amount": "1", "request_id": "console-over"])
            #expect(over.status == .conflict && over.body.string.contains("余额不足"))
        }
    }

    @Test(arguments: Engine.available)
    func aFrozenLeaverIsPaidOutAndOneWhoStaysIsNot(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given 王五's account frozen on its day (rule 5)
            #expect(try await GraduateFreezer(try f.app.store).run(now: AppFixture.now.addingTimeInterval(30 * 86_400)) == 1)
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let token = try await clerk.consoleToken()
            let receipt = try await clerk.post(Self.payout, ["_csrf": token, "amount": "35.50", "request_id": "console-frozen"])
            #expect(receipt.status == .ok && receipt.body.string.contains(#"id="receipt-amount">¥35.50"#))
            #expect(try await Self.balance(f) == 0)

            // 张三 does not leave: no payout offered, the form says why, a hand-made post is refused
            let stays = "/console/cardholders/20260001/payout"
            #expect(!(try await clerk.get("/console/cardholders/20260001").body.string.contains(stays)))
            let page = try await clerk.get(stays)
            #expect(page.status == .ok && page.body.string.contains("没有离校日期") && !page.body.string.contains(#"name="amount""#))
            for path in [stays + "/confirm", stays] {
                let refused = try await clerk.post(path, ["_csrf": token, "amount": "1", "request_id": "console-stays"])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("没有离校日期"), "\(path)")
            }
            #expect(try await Self.balance(f, "20260001") == 10_000)
        }
    }

    @Test(arguments: Engine.available)
    func anAuditorAnotherSchoolAndAForgedFormPayNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let form = ["amount": "35.50", "request_id": "console-forged-1"]
            try await f.expectCounterActionRefused(profile: "/console/cardholders/20220001", action: "/payout", form: form)
            #expect(try await Self.balance(f) == 3_550)
        }
    }
}
