import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Refunding a mistaken top-up from the console: chosen from the cardholder's credited top-ups,
/// confirmed, done once, audited; refused to an auditor, another school and a forged form.
@Suite struct ConsoleRefundPagesTests {
    /// A ¥50 top-up 张三 paid by mistake, credited; its order number.
    static func mistakenTopUp(_ f: AppFixture) async throws -> String {
        let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
        let order = try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "50", "request_id": "oops"])
            .content.decode(TopUpRoutesTests.OrderBody.self)
        #expect(try await f.send(.POST, "sandbox/alipay/trades/\(order.order_no)/pay").status == .ok)
        #expect(try await TopUpRoutesTests.waitForStatus(phone, binding, order.order_no, "credited").status == "credited")
        return order.order_no
    }

    @Test(arguments: Engine.available)
    func aClerkRefundsAChosenTopUpAfterConfirmingAndPrintsTheReceipt(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let orderNo = try await Self.mistakenTopUp(f)
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(try await clerk.get("/console/cardholders/20260001").body.string.contains("/console/cardholders/20260001/refund"))
            let choose = try await clerk.get("/console/cardholders/20260001/refund")
            #expect(
                choose.status == .ok && choose.body.string.contains(#"value="\#(orderNo)""#) && choose.body.string.contains("可退 ¥50.00"))
            let token = PageBrowser.formToken(choose)

            // more than is left, no reason, an order not in the list: on the form
            for (form, field) in [
                (["order": orderNo, "amount": "50.01", "reason": "误充"], "amount-error"),
                (["order": orderNo, "amount": "1", "reason": " "], "reason-error"),
                (["order": "ALI-123", "amount": "1", "reason": "误充"], "role=\"alert\""),
                (["order": orderNo, "amount": "1e3", "reason": "x"], "amount-error"),
            ] {
                let refused = try await clerk.post(
                    "/console/cardholders/20260001/refund/confirm", form.merging(["_csrf": token]) { a, _ in a })
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(field), "\(form)")
            }
            let confirm = try await clerk.post(
                "/console/cardholders/20260001/refund/confirm", ["_csrf": token, "order": orderNo, "amount": "30", "reason": "家长误充"])
            #expect(confirm.status == .ok && confirm.body.string.contains("将以现金退还 ¥30.00 给 张三"))
            #expect(try await f.transferCount() == 3, "nothing moved before the confirmation")
            let requestID = try #require(confirm.body.string.firstMatch(of: /name="request_id" value="([^"]+)"/)?.1)
            let final = ["_csrf": token, "order": orderNo, "amount": "30.00", "reason": "家长误充", "request_id": String(requestID)]
            let receipt = try await clerk.post("/console/cardholders/20260001/refund", final)
            #expect(receipt.status == .ok && receipt.body.string.contains("¥30.00") && receipt.body.string.contains("¥120.00"))
            #expect(receipt.body.string.contains("演示服务中心") && receipt.body.string.contains(orderNo))
            // a second click answers with the same receipt and refunds nothing more
            let again = try await clerk.post("/console/cardholders/20260001/refund", final)
            #expect(again.status == .ok && again.body.string.contains("¥120.00"))
            let profile = try await clerk.get("/console/cardholders/20260001").body.string
            #expect(profile.contains("-¥30.00") && profile.contains("退还误充值") && profile.contains("staff:demo-clerk"))
            #expect(profile.contains("original_order=\(orderNo)") && profile.contains("reason=家长误充"), "the audit says what was refunded")
            #expect(try await clerk.get("/console/cardholders/20260001/refund").body.string.contains("可退 ¥20.00"))
        }
    }

    @Test(arguments: Engine.available)
    func anAuditorAnotherSchoolAndAForgedFormRefundNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let orderNo = try await Self.mistakenTopUp(f)
            let form = ["order": orderNo, "amount": "50", "reason": "误充", "request_id": "console-forged-1"]
            var auditor = try await f.consoleAuditor()
            #expect(!(try await auditor.get("/console/cardholders/20260001").body.string.contains("/refund")))
            #expect(try await auditor.get("/console/cardholders/20260001/refund").status == .forbidden)
            let auditorToken = try await auditor.consoleToken()
            #expect(
                try await auditor.post("/console/cardholders/20260001/refund", form.merging(["_csrf": auditorToken]) { a, _ in a }).status
                    == .forbidden)

            var other = try await f.otherSchoolConsoleClerk()
            #expect(try await other.get("/console/cardholders/20260001/refund").status == .notFound)
            let otherToken = try await other.consoleToken()
            #expect(
                try await other.post("/console/cardholders/20260001/refund", form.merging(["_csrf": otherToken]) { a, _ in a }).status
                    == .notFound)

            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(try await clerk.post("/console/cardholders/20260001/refund", form).status == .forbidden)
            #expect(
                try await clerk.post("/console/cardholders/20260001/refund", form.merging(["_csrf": "forged"]) { a, _ in a }).status
                    == .forbidden)
            #expect(try await f.transferCount() == 3, "no refund was written")
        }
    }

    @Test(arguments: Engine.available)
    func badInputAtEitherStepIsAPageThatSaysWhyNeverA500(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let orderNo = try await Self.mistakenTopUp(f)
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let token = try await clerk.consoleToken()
            let refund = "/console/cardholders/20260001/refund"

            // at the confirmation: a NUL in the order or the reason is answered on the form
            for (form, shown) in [
                (["order": orderNo + "\u{0}", "amount": "1", "reason": "误充"], "请从列表中选择一笔可退的充值"),
                (["order": orderNo, "amount": "1", "reason": "误\u{0}充"], "reason-error"),
            ] {
                let refused = try await clerk.post(refund + "/confirm", form.merging(["_csrf": token]) { a, _ in a })
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(shown), "\(form)")
            }

            // at the last step (a form made by hand): the service refuses and the page says why
            let last = ["_csrf": token, "amount": "1", "reason": "误充"]
            for (path, form, status, shown) in [
                (refund, ["order": "ALI-NONE", "request_id": "r1"], HTTPStatus.notFound, "此持卡人没有订单号为 ALI-NONE 的充值"),
                (refund, ["order": orderNo + "\u{0}", "request_id": "r2"], .notFound, "此持卡人没有订单号为 \(orderNo) 的充值"),
                // 张三's top-up asked of 李老师's card
                ("/console/cardholders/20169001/refund", ["order": orderNo, "request_id": "r3"], .notFound, "此持卡人没有订单号"),
                (refund, ["order": orderNo, "request_id": "r4", "amount": "50.01"], .conflict, "尚可退50.00元，不能退50.01元"),
                (refund, ["order": orderNo, "request_id": "r5", "reason": "误\u{0}充"], .unprocessableEntity, "请写明退款原因"),
                (refund, ["order": orderNo, "request_id": ""], .unprocessableEntity, "transaction_id"),
                ("/console/cardholders/%00/refund", ["order": orderNo, "request_id": "r6"], .notFound, "找不到"),
            ] {
                let refused = try await clerk.post(path, last.merging(form) { _, new in new })
                #expect(
                    refused.status == status && refused.body.string.contains(shown), "\(path) \(form): \(refused.body.string.prefix(600))")
            }
            #expect(try await f.transferCount() == 3, "nothing was refunded")

            // in English when the clerk reads English
            clerk.cookies["cc_lang"] = "en"
            let english = try await clerk.post(refund, last.merging(["order": "ALI-NONE", "request_id": "r7"]) { _, new in new })
            #expect(english.status == .notFound && english.body.string.contains("This cardholder has no top-up numbered ALI-NONE"))
        }
    }
}
