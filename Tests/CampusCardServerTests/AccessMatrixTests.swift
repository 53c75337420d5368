import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Who may reach what: cardholders only their own bindings, terminals only their school's cards
/// and their own spends, staff only their own school, settings only administrators; and every
/// console action is in the audit log.
@Suite struct AccessMatrixTests {
    /// A second school, OTHER, with its administrator signed in and a terminal of its own.
    struct OtherSchool {
        var admin: HTTPHeaders
        var terminal: OnboardingRoutesTests.IssuedTerminal
    }

    static func otherSchool(_ f: AppFixture) async throws -> OtherSchool {
        let ops = try await OnboardingRoutesTests.operatorHeaders(f)
        let made = try await f.send(
            .POST, "api/v1/platform/schools", headers: ops,
            body:
                #"{"code":"OTHER","name":"别的大学","campuses":[{"code":"MAIN","name":"主校区"}],"administrator":{"username":"other-admin","display_name":"赵"}}"#
        )
        let password = try #require(try made.content.decode(OnboardingRoutesTests.NewSchool.self).administrator).password
        let admin = try await OnboardingRoutesTests.headers(f, "other-admin", password)
        let merchant = try await f.send(
            .POST, "api/v1/console/merchants", headers: admin, body: #"{"code":"SHOP","name":"小卖部","campus":"MAIN"}"#)
        #expect(merchant.status == .created, "\(merchant.body.string)")
        let terminal = try await f.send(
            .POST, "api/v1/console/terminals", headers: admin, body: #"{"code":"POS-OTHER-1","merchant":"SHOP"}"#)
        return OtherSchool(admin: admin, terminal: try terminal.content.decode(OnboardingRoutesTests.IssuedTerminal.self))
    }

    /// The demo student bound in Alipay, and OTHER beside DEMO.
    static func withTwoSchools(_ engine: Engine, _ body: (AppFixture, Phone, Int64, OtherSchool) async throws -> Void) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            try await body(f, phone, binding, try await otherSchool(f))
        }
    }

    /// The demo terminal's answer to a spend of `fen` on the demo student's card.
    static func spend(_ f: AppFixture, fen: String, transaction: String) async throws -> HTTPStatus {
        let body = TerminalRoutesTests.body(amount: fen, transaction: transaction)
        return try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: body), body: body).status
    }

    /// A ¥50 top-up order the student placed.
    static func order(_ phone: Phone, _ binding: Int64, kind: String) async throws -> TopUpRoutesTests.OrderBody {
        try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": kind, "amount": "50", "request_id": "o-1"])
            .content.decode(TopUpRoutesTests.OrderBody.self)
    }

    static func balance(_ phone: Phone, _ binding: Int64) async throws -> Int64 {
        try await phone.send(.GET, "bindings/\(binding)").content.decode(BindingBody.self).balance_fen
    }

    @Test(arguments: Engine.available)
    func aCardholderCanNeitherReadNorActOnAnothersBinding(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given the demo student bound in Alipay with an order placed, and 李老师 bound on another phone
            let (owner, binding) = try await TopUpRoutesTests.boundPhone(f)
            let order = try await Self.order(owner, binding, kind: "quick")
            let other = try await Phone.signIn(f, .alipay, user: "2088000000000200")
            let bound = try await other.bind(["staff_number": "20169001", "name": "李老师", "campus": "EAST", "initial_password": "154565"])
            #expect(bound.status == .ok, "\(bound.body.string)")
            let otherBinding = try bound.content.decode(BindingBody.self).binding.id
            // when the other cardholder tries every door of the student's binding
            let base = "bindings/\(binding)"
            let attempts: [(HTTPMethod, String, [String: Any]?)] = [
                (.GET, base, nil), (.GET, "\(base)/records", nil), (.GET, "\(base)/statement", nil), (.GET, "\(base)/top-ups", nil),
                (.GET, "\(base)/top-up-options", nil), (.GET, "\(base)/top-ups/\(order.order_no)", nil),
                (.POST, "\(base)/top-ups", ["kind": "quick", "amount": "50", "request_id": "o-2"]),
                (.POST, "\(base)/payment-codes", [:]), (.POST, "\(base)/card/lost", [:]), (.GET, "\(base)/devices", nil),
                (.DELETE, "\(base)/devices/\(owner.device)", nil), (.GET, "\(base)/notices", nil),
                (.PUT, "\(base)/payment-password", ["old_password": "285713", "new_password": "135792"]), (.DELETE, base, nil),
            ]
            // then each is answered as if the binding did not exist
            for (method, path, body) in attempts {
                let res = try await other.send(method, path, body)
                #expect(res.status == .notFound, "\(method) \(path): \(res.status) \(res.body.string)")
            }
            // and nothing of the student's changed: the card still spends, the phone is still trusted
            #expect(try await other.send(.GET, "bindings/\(otherBinding)").status == .ok)
            let devices = try await owner.send(.GET, "\(base)/devices")
            #expect(devices.status == .ok && devices.body.string.contains(owner.device))
            #expect(try await Self.spend(f, fen: "100", transaction: "A-1") == .created)
            #expect(try await Self.balance(owner, binding) == 9_900)
        }
    }

    @Test(arguments: Engine.available)
    func aTerminalChargesOnlyItsSchoolsCardsAndVoidsOnlyItsOwnSpends(engine: Engine) async throws {
        try await Self.withTwoSchools(engine) { f, phone, binding, other in
            // another school's terminal, correctly signed, cannot charge the demo student's card
            let outside = TerminalRoutesTests.body(amount: "100", transaction: "X-1")
            let refused = try await f.send(
                .POST, TerminalRoutesTests.path,
                headers: f.terminalHeaders(body: outside, secret: other.terminal.secret, terminal: other.terminal.terminal.code),
                body: outside)
            #expect(refused.status == .notFound, "\(refused.status) \(refused.body.string)")
            // a spend at the demo canteen cannot be voided by another terminal of the same school
            #expect(try await Self.spend(f, fen: "300", transaction: "V-1") == .created)
            let admin: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"]
            #expect(
                try await f.send(.POST, "api/v1/console/merchants", headers: admin, body: #"{"code":"CANTEEN2","name":"第二食堂"}"#).status
                    == .created)
            let second = try await f.send(
                .POST, "api/v1/console/terminals", headers: admin, body: #"{"code":"POS-DEMO-2","merchant":"CANTEEN2"}"#
            ).content.decode(OnboardingRoutesTests.IssuedTerminal.self)
            let void = #"{"transaction_id":"V-1"}"#
            for (code, secret) in [("POS-DEMO-2", second.secret), (other.terminal.terminal.code, other.terminal.secret)] {
                let res = try await f.send(
                    .POST, "api/v1/pos/voids",
                    headers: f.terminalHeaders(body: void, secret: secret, terminal: code, path: "/api/v1/pos/voids"),
                    body: void)
                #expect(res.status == .notFound, "\(code): \(res.status) \(res.body.string)")
            }
            // so the card was charged once, and is still charged
            #expect(try await Self.balance(phone, binding) == 9_700)
        }
    }

    @Test(arguments: Engine.available)
    func staffOfOneSchoolSeeAndDoNothingInAnother(engine: Engine) async throws {
        try await Self.withTwoSchools(engine) { f, phone, binding, other in
            let attempts: [(HTTPMethod, String, String?)] = [
                (.GET, "api/v1/console/cardholders/20260001/records", nil), (.GET, "api/v1/console/cardholders/20260001/statement", nil),
                (.PATCH, "api/v1/console/cardholders/20260001", #"{"name":"改名"}"#),
                (.DELETE, "api/v1/console/cardholders/20260001/phone-lock", nil),
                (.PUT, "api/v1/console/cardholders/20220001/leave-date", #"{"leave_date":"2030-01-01"}"#),
                (.POST, "api/v1/console/cards/20260001/lost", nil), (.POST, "api/v1/console/cards/20260001/found", nil),
                (
                    .POST, "api/v1/console/refunds",
                    #"{"card_number":"20260001","amount_fen":100,"original_order":"X","reason":"x","request_id":"R-1"}"#
                ),
                (.POST, "api/v1/console/payouts", #"{"card_number":"20260001","amount_fen":100,"request_id":"P-1"}"#),
            ]
            for (method, path, body) in attempts {
                let res = try await f.send(method, path, headers: other.admin, body: body)
                #expect(res.status == .notFound, "\(method) \(path): \(res.status) \(res.body.string)")
            }
            // lists show only their own school
            for path in ["api/v1/console/graduates/freezing", "api/v1/console/terminals", "api/v1/console/staff"] {
                let res = try await f.send(.GET, path, headers: other.admin)
                #expect(res.status == .ok && !res.body.string.contains("2022000") && !res.body.string.contains("DEMO"), "\(path)")
            }
            // and the audit log has nothing of theirs in the demo school, whose card is untouched
            let rows = try await f.app.store.sql.raw(
                "SELECT action FROM audit_log WHERE actor = 'staff:other-admin' AND school_id = (SELECT id FROM schools WHERE code = 'DEMO')"
            ).all()
            #expect(rows.isEmpty)
            #expect(try await Self.balance(phone, binding) == 10_000)
        }
    }

    @Test(arguments: Engine.available)
    func onlyAdministratorsChangeSettings(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let admin: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"]
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            let current = try await f.send(.GET, "api/v1/console/settings", headers: admin).body.string
            #expect(try await f.send(.GET, "api/v1/console/settings", headers: clerk).status == .ok)
            let refused = try await f.send(.PUT, "api/v1/console/settings", headers: clerk, body: current)
            #expect(refused.status == .forbidden, "\(refused.status) \(refused.body.string)")
            let other = try await Self.otherSchool(f)
            #expect(try await f.send(.PUT, "api/v1/console/settings", headers: admin, body: current).status == .ok)
            // another school's administrator changes their own school's settings, never DEMO's
            #expect(try await f.send(.PUT, "api/v1/console/settings", headers: other.admin, body: current).status == .ok)
            let changes = try await f.app.store.sql.raw(
                "SELECT a.actor, s.code FROM audit_log a JOIN schools s ON s.id = a.school_id WHERE a.action = 'settings_changed'"
            ).all().map { "\(try $0.decode(column: "actor", as: String.self))@\(try $0.decode(column: "code", as: String.self))" }
            #expect(changes.sorted() == ["staff:demo-admin@DEMO", "staff:other-admin@OTHER"])
        }
    }

    @Test(arguments: Engine.available)
    func everyConsoleActionIsInTheAuditLogWithWhoWhenAndWhat(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given a ¥50 top-up credited to the demo student
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            let order = try await Self.order(phone, binding, kind: "custom")
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(order.order_no)/pay").status == .ok)
            #expect(try await TopUpRoutesTests.waitForStatus(phone, binding, order.order_no, "credited").status == "credited")
            // when the clerk refunds it, pays out ¥10, reports the card lost and found, lifts a
            // phone lock and corrects the roster
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            let actions: [(HTTPMethod, String, String?)] = [
                (
                    .POST, "api/v1/console/refunds",
                    #"{"card_number":"20260001","amount_fen":5000,"original_order":"\#(order.order_no)","reason":"误充","request_id":"R-1"}"#
                ),
                (.POST, "api/v1/console/payouts", #"{"card_number":"20260001","amount_fen":1000,"request_id":"P-1"}"#),
                (.POST, "api/v1/console/cards/20260001/lost", nil), (.POST, "api/v1/console/cards/20260001/found", nil),
                (.DELETE, "api/v1/console/cardholders/20260001/phone-lock", nil),
                (.PATCH, "api/v1/console/cardholders/20260001", #"{"name":"张三丰"}"#),
            ]
            for (method, path, body) in actions {
                let res = try await f.send(method, path, headers: clerk, body: body)
                #expect(res.status.code < 300, "\(method) \(path): \(res.status) \(res.body.string)")
            }
            // then each is in the audit log: the clerk, the moment, the action and the card
            let rows = try await f.app.store.sql.raw(
                "SELECT action, subject, at_ms FROM audit_log WHERE actor = 'staff:demo-clerk' ORDER BY id"
            ).all().map {
                (
                    try $0.decode(column: "action", as: String.self), try $0.decode(column: "subject", as: String.self),
                    try $0.decode(column: "at_ms", as: Int64.self)
                )
            }
            #expect(
                rows.map(\.0) == ["refund", "payout", "card_lost", "card_active", "phone_access_unlocked", "roster_corrected"],
                "\(rows)")
            #expect(rows.allSatisfy { $0.1 == "20260001" && $0.2 == AppFixture.now.epochMilliseconds }, "\(rows)")
        }
    }
}
