import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The reconciliation report from the console (`DailyReconciliation`, as the API): a day with
/// Alipay where one payment's notice was lost and a forged one refused shows both differences and
/// downloads as CSV; a bad day or channel is said on the form; an auditor reads it, another
/// school sees none of this one's orders.
@Suite struct ConsoleReportPagesTests {
    static let report = "/console/reports/reconciliation"

    @Test(arguments: Engine.available)
    func aDayWithAChannelShowsWhatWasCreditedWhatWasPaidAndEachDifference(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            func order(_ key: String) async throws -> TopUpRoutesTests.OrderBody {
                try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": key]).content
                    .decode(TopUpRoutesTests.OrderBody.self)
            }
            let notified = try await order("r1")
            let lost = try await order("r2")
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(notified.order_no)/pay").status == .ok)
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(lost.order_no)/pay?notify=false").status == .ok)
            _ = try await TopUpRoutesTests.waitForStatus(phone, binding, notified.order_no, "credited")

            var auditor = try await f.consoleAuditor()
            #expect(try await auditor.get("/console").body.string.contains(#"href="\#(Self.report)""#))
            let form = try await auditor.get(Self.report)
            #expect(form.status == .ok && form.body.string.contains(#"name="date" type="date" value="2026-09-21""#))
            #expect(form.body.string.contains(#"<option value="alipay" selected>支付宝"#) && !form.body.string.contains("下载 CSV"))

            let shown = try await auditor.get(Self.report + "?date=2026-09-21&provider=alipay")
            let html = shown.body.string
            #expect(shown.status == .ok && html.contains(#"id="credited">1 笔，¥50.15"#) && html.contains(#"id="channel-paid">2 笔，¥100.30"#))
            #expect(html.contains("渠道已收款、未入账") && html.contains(lost.order_no))
            #expect(html.contains(#"href="/console/reports/reconciliation.csv?date=2026-09-21&amp;provider=alipay""#))
            let csv = try await auditor.get("/console/reports/reconciliation.csv?date=2026-09-21&provider=alipay")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.headers.first(name: .contentDisposition)?.contains("reconciliation-DEMO-alipay-2026-09-21.csv") == true)
            #expect(csv.body.string.contains("paid_not_credited,\(lost.order_no)"))

            let quiet = try await auditor.get(Self.report + "?date=2026-09-20&provider=wechat_pay")
            #expect(quiet.status == .ok && quiet.body.string.contains("没有差异") && quiet.body.string.contains(#"id="credited">0 笔，¥0.00"#))

            var other = try await f.otherSchoolConsoleClerk()
            let theirs = try await other.get(Self.report + "?date=2026-09-21&provider=alipay").body.string
            #expect(theirs.contains(#"id="credited">0 笔，¥0.00"#) && !theirs.contains(lost.order_no))
        }
    }

    @Test(arguments: Engine.available)
    func aBadDayOrChannelIsSaidOnTheFormNeverA500(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            for (query, field) in [
                ("date=21-09&provider=alipay", "date"), ("date=2026-02-30&provider=alipay", "date"), ("date=%00&provider=alipay", "date"),
                ("date=99999999999999999999-01-01&provider=alipay", "date"), ("date=2026-09-21&provider=paypal", "provider"),
                ("date=2026-09-21&provider=%00", "provider"),
            ] {
                let refused = try await clerk.get(Self.report + "?" + query)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(#"id="\#(field)-error""#), "\(query)")
            }
            for page in ["0", "2", "99999999999999999999"] {
                let out = try await clerk.get(Self.report + "?date=2026-09-21&provider=alipay&page=" + page)
                #expect(out.status == .unprocessableEntity && out.body.string.contains("没有这一页"), "\(page)")
            }
            #expect(try await clerk.get("/console/reports/reconciliation.csv?date=x&provider=alipay").status == .unprocessableEntity)
            var signedOut = PageBrowser(f)
            #expect(try await signedOut.get("/console/reports/reconciliation.csv?date=2026-09-21&provider=alipay").status == .seeOther)
        }
    }
}

/// Merchants' takings by day from the console: the demo canteen's spends, one voided, and what is
/// left, on the day they were made and not the next; a bad day is said on the form.
@Suite struct ConsoleTakingsPagesTests {
    static let takings = "/console/reports/takings"

    @Test(arguments: Engine.available)
    func aDayShowsEachMerchantsSpendsVoidsAndTakings(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            for (fen, transaction) in [(1_200 as Int64, "TK-1"), (350, "TK-2")] {
                let code = try await phone.send(.POST, "bindings/\(binding)/payment-codes").content.decode(
                    CardholderCardRoutesTests.Code.self)
                #expect(
                    try await CardholderCardRoutesTests.spend(f, code: code.code, fen: fen, transaction: transaction).status == .created)
            }
            let void = #"{"transaction_id":"TK-2"}"#
            #expect(
                try await f.send(.POST, "api/v1/pos/voids", headers: f.terminalHeaders(body: void, path: "/api/v1/pos/voids"), body: void)
                    .status
                    .code < 300)
            let merchant = try #require(
                try await f.app.store.sql.raw(
                    "SELECT m.code FROM merchants m JOIN terminals t ON t.merchant_id = m.id WHERE t.code = \(bind: f.credentials.terminalCode)"
                ).first(decodingColumn: "code", as: String.self))

            var auditor = try await f.consoleAuditor()
            #expect(try await auditor.get("/console").body.string.contains(#"href="\#(Self.takings)""#))
            let form = try await auditor.get(Self.takings)
            #expect(form.status == .ok && form.body.string.contains(#"value="2026-09-21""#) && !form.body.string.contains("<table"))
            let day = try await auditor.get(Self.takings + "?date=2026-09-21")
            let row = try #require(day.body.string.firstMatch(of: try Regex(#"<tr id="merchant-\#(merchant)">.*?</tr>"#))).0
            #expect(
                day.status == .ok && row.contains(">2<") && row.contains("¥15.50") && row.contains("¥3.50") && row.contains("¥12.00"),
                "\(row)")
            #expect(day.body.string.contains("2026-09-21 合计 ¥12.00"))
            let next = try await auditor.get(Self.takings + "?date=2026-09-22").body.string
            #expect(next.contains("合计 ¥0.00"))

            var other = try await f.otherSchoolConsoleClerk()
            let theirs = try await other.get(Self.takings + "?date=2026-09-21").body.string
            #expect(!theirs.contains("merchant-\(merchant)") && theirs.contains("本校还没有商户"))
            for (query, status) in [
                ("date=21-09", 422), ("date=%00", 422), ("date=99999999999-01-01", 422), ("date=2026-09-21&page=2", 422),
            ] {
                #expect(try await auditor.get(Self.takings + "?" + query).status.code == UInt(status), "\(query)")
            }
        }
    }
}
