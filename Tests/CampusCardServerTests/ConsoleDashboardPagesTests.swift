import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The card office's dashboard from the console: a top-up credited, one closed unpaid and a spend
/// at the demo canteen today (22:13 in Shanghai) show in their charts and tables for every role of
/// the school; another school sees none of it; a bad or future day is said on the form, 422.
@Suite struct ConsoleDashboardPagesTests {
    static let dashboard = "/console/dashboard"

    @Test(arguments: Engine.available)
    func todaysTopUpsSpendsAndFailuresForEachRoleOfTheSchool(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            func order(_ key: String) async throws -> TopUpRoutesTests.OrderBody {
                try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "50", "request_id": key]).content
                    .decode(TopUpRoutesTests.OrderBody.self)
            }
            let paid = try await order("d1")
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(paid.order_no)/pay").status == .ok)
            _ = try await TopUpRoutesTests.waitForStatus(phone, binding, paid.order_no, "credited")
            let unpaid = try await order("d2")
            let orders = TopUpOrders(try f.app.store)
            try await orders.close(
                try #require(try await orders.order(number: unpaid.order_no)), reason: "expired unpaid", at: AppFixture.now)
            let code = try await phone.send(.POST, "bindings/\(binding)/payment-codes").content.decode(CardholderCardRoutesTests.Code.self)
            #expect(try await CardholderCardRoutesTests.spend(f, code: code.code, fen: 1_230, transaction: "DB-1").status == .created)

            var auditor = try await f.consoleAuditor()
            #expect(try await auditor.get("/console").body.string.contains(#"href="\#(Self.dashboard)""#))
            let today = try await auditor.get(Self.dashboard)
            let html = today.body.string
            #expect(today.status == .ok && html.contains(#"name="day" type="date" value="2026-09-21""#))
            #expect(html.contains(#"id="credited"><strong>¥50.00</strong><span>1 笔</span>"#), "\(html)")
            #expect(
                html.contains(#"id="spent"><strong>¥12.30</strong><span>1 笔</span>"#) && html.contains(#"id="failed"><strong>1</strong>"#))
            #expect(html.contains(#"<tr id="hour-22"><th scope="row">22:00–23:00</th><td class="amount">¥50.00</td>"#))
            #expect(html.contains(#"id="chart-top-ups""#) && html.contains(#"id="chart-spends""#) && html.contains(#"id="chart-failures""#))
            #expect(html.contains("超时未支付<code>expired unpaid</code>") && !html.contains("后一天"))
            // The day before: nothing of today's, and a way back
            let before = try await auditor.get(Self.dashboard + "?day=2026-09-20").body.string
            #expect(before.contains("这一天和上周同日都没有入账的充值") && before.contains(#"href="/console/dashboard?day=2026-09-21""#))

            for role in ["demo-clerk", "demo-admin"] {
                var staff = PageBrowser(f)
                try await staff.signInToConsole(demo: role)
                let theirs = try await staff.get(Self.dashboard + "?day=2026-09-21")
                #expect(theirs.status == .ok && theirs.body.string.contains(#"id="credited"><strong>¥50.00</strong>"#), "\(role)")
            }
            var other = try await f.otherSchoolConsoleClerk()
            let theirs = try await other.get(Self.dashboard + "?day=2026-09-21").body.string
            #expect(theirs.contains(#"id="credited"><strong>¥0.00</strong>"#) && theirs.contains("本校还没有商户") && !theirs.contains("<svg"))

            for (query, status) in [
                ("day=21-09", 422), ("day=2026-02-30", 422), ("day=%00", 422), ("day=99999999999-01-01", 422), ("day=2026-09-22", 422),
                ("day=", 422), ("day=2026-09-21&page=2", 422), ("day=2026-09-21&page=x", 422),
            ] {
                let refused = try await auditor.get(Self.dashboard + "?" + query)
                #expect(refused.status.code == UInt(status) && refused.body.string.contains("role=\"alert\""), "\(query)")
            }
            let future = try await auditor.get(Self.dashboard + "?day=2026-09-22").body.string
            #expect(future.contains(#"id="day-error""#) && future.contains("这一天还没有到"))
            var signedOut = PageBrowser(f)
            #expect(try await signedOut.get(Self.dashboard).status != .ok)
        }
    }
}
