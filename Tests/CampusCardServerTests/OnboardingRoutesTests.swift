import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

/// A school set up over the API from nothing but an operator: its administrator, a clerk, a
/// canteen and a terminal whose secret is shown once; roles held per school.
@Suite struct OnboardingRoutesTests {
    struct Issued: Decodable {
        struct Staff: Decodable {
            var username: String
            var role: String
        }
        var staff: Staff
        var password: String
    }

    struct NewSchool: Decodable {
        var administrator: Issued?
    }

    struct IssuedTerminal: Decodable {
        struct Terminal: Decodable {
            var code: String
            var active: Bool
        }
        var terminal: Terminal
        var secret: String
    }

    /// An operator made on the server's machine, as `campuscard operator add` makes one, signed in.
    static func operatorHeaders(_ f: AppFixture) async throws -> HTTPHeaders {
        let issued = try await Onboarding(store: f.app.store, masterKey: f.key, now: AppFixture.now).addOperator(
            username: "ops", displayName: "平台运维", by: .shell(user: "root"))
        return try await headers(f, issued.member.username, issued.password)
    }

    static func headers(_ f: AppFixture, _ username: String, _ password: String) async throws -> HTTPHeaders {
        let res = try await f.send(.POST, "api/v1/console/sessions", body: #"{"username":"\#(username)","password":"\#(password)"}"#)
        #expect(res.status == .ok, "\(username) signs in")
        return ["Authorization": "Bearer \(try res.content.decode([String: String].self)["token"] ?? "")"]
    }

    func spend(_ f: AppFixture, terminal: String, secret: String, fen: Int64 = 1_250) async throws -> TestingHTTPResponse {
        let body = #"{"card_number":"20260001","amount_fen":\#(fen),"transaction_id":"\#(UUID().uuidString)"}"#
        return try await f.send(
            .POST, "api/v1/pos/spends", headers: f.terminalHeaders(body: body, secret: secret, terminal: terminal), body: body)
    }

    @Test(arguments: Engine.available)
    func anOperatorSetsUpASchoolAndItsAdministratorRunsIt(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let ops = try await Self.operatorHeaders(f)
            let created = try await f.send(
                .POST, "api/v1/platform/schools", headers: ops,
                body: """
                    {"code":"newu","name":"新大学","name_en":"New University","time_zone":"Asia/Shanghai",
                     "campuses":[{"code":"MAIN","name":"主校区"},{"code":"EAST","name":"东校区"}],
                     "administrator":{"username":"newu-admin","display_name":"王老师"}}
                    """)
            #expect(created.status == .created)
            let admin = try #require(try created.content.decode(NewSchool.self).administrator)
            #expect(admin.staff.role == "admin" && admin.password.count == 16)
            let newAdmin = try await Self.headers(f, "newu-admin", admin.password)
            // the school is as made, with the SPEC's defaults
            let school = try await f.send(.GET, "api/v1/console/school", headers: newAdmin)
            #expect(school.body.string.contains(#""code":"NEWU""#) && school.body.string.contains("New University"))
            let settings = try await f.send(.GET, "api/v1/console/settings", headers: newAdmin).content.decode(SchoolSettings.self)
            #expect(settings == .defaults)
            // a clerk; the clerk may not add staff or terminals
            let clerk = try await f.send(
                .POST, "api/v1/console/staff", headers: newAdmin, body: #"{"username":"newu-clerk","display_name":"李柜员","role":"clerk"}"#)
            #expect(clerk.status == .created)
            let clerkHeaders = try await Self.headers(f, "newu-clerk", try clerk.content.decode(Issued.self).password)
            let refused = try await f.send(
                .POST, "api/v1/console/staff", headers: clerkHeaders, body: #"{"username":"sneaky","display_name":"x","role":"admin"}"#)
            #expect(refused.status == .forbidden && refused.errorCode == "forbidden")
            // a canteen and its terminal; the list never shows a secret
            #expect(
                try await f.send(
                    .POST, "api/v1/console/merchants", headers: newAdmin, body: #"{"code":"canteen2","name":"第二食堂","campus":"EAST"}"#
                )
                .status == .created)
            let terminal = try await f.send(
                .POST, "api/v1/console/terminals", headers: newAdmin, body: #"{"code":"pos-newu-1","merchant":"CANTEEN2"}"#)
            #expect(terminal.status == .created)
            let issued = try terminal.content.decode(IssuedTerminal.self)
            #expect(issued.terminal.code == "POS-NEWU-1" && issued.terminal.active)
            let list = try await f.send(.GET, "api/v1/console/terminals", headers: newAdmin)
            #expect(list.body.string.contains("POS-NEWU-1") && !list.body.string.contains(issued.secret))
            #expect(!list.body.string.contains("POS-DEMO-1"), "another school's terminal is not listed")
            // the same codes again are refused and change nothing
            let again = try await f.send(
                .POST, "api/v1/console/terminals", headers: newAdmin, body: #"{"code":"POS-NEWU-1","merchant":"CANTEEN2"}"#)
            #expect(again.status == .conflict && again.errorCode == "already_exists")
            let school2 = try await f.send(
                .POST, "api/v1/platform/schools", headers: ops,
                body: #"{"code":"NEWU","name":"又一个","campuses":[{"code":"MAIN","name":"主"}]}"#)
            #expect(school2.status == .conflict && school2.errorCode == "already_exists")
            // a school's administrator is not an operator
            let notOperator = try await f.send(
                .POST, "api/v1/platform/schools", headers: newAdmin,
                body: #"{"code":"MINE","name":"我的","campuses":[{"code":"MAIN","name":"主"}]}"#)
            #expect(notOperator.status == .forbidden)
            let audit = try await f.app.store.sql.raw(
                "SELECT action FROM audit_log WHERE actor IN ('staff:ops', 'staff:newu-admin') ORDER BY id"
            )
            .all().map { try $0.decode(column: "action", as: String.self) }
            #expect(audit == ["school_created", "staff_added", "merchant_added", "terminal_added"])
        }
    }

    @Test(arguments: Engine.available)
    func aNewTerminalChargesUntilRekeyedOrDisabled(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let admin: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"]
            let made = try await f.send(
                .POST, "api/v1/console/terminals", headers: admin, body: #"{"code":"POS-DEMO-2","merchant":"CANTEEN1"}"#)
            let first = try made.content.decode(IssuedTerminal.self)
            #expect(try await spend(f, terminal: "POS-DEMO-2", secret: first.secret).status == .created)
            let rekeyed = try await f.send(.POST, "api/v1/console/terminals/POS-DEMO-2/rekey", headers: admin)
            let second = try rekeyed.content.decode(IssuedTerminal.self)
            #expect(rekeyed.status == .ok && second.secret != first.secret)
            let old = try await spend(f, terminal: "POS-DEMO-2", secret: first.secret)
            #expect(old.status == .unauthorized && old.errorCode == "signature_invalid")
            #expect(try await spend(f, terminal: "POS-DEMO-2", secret: second.secret).status == .created)
            #expect(try await f.send(.POST, "api/v1/console/terminals/POS-DEMO-2/disable", headers: admin).status == .ok)
            let disabled = try await spend(f, terminal: "POS-DEMO-2", secret: second.secret)
            #expect(disabled.status == .unauthorized && disabled.errorCode == "unknown_terminal")
            // ¥100 less two charges of ¥12.50, each once
            let row = try await f.app.store.sql.raw("SELECT balance FROM accounts WHERE label = 'purse:20260001'").first()
            let balance = try #require(row).decode(column: "balance", as: Int64.self)
            #expect(balance == 7_500)
            // re-keying or disabling a disabled terminal is refused
            #expect(try await f.send(.POST, "api/v1/console/terminals/POS-DEMO-2/rekey", headers: admin).status == .notFound)
        }
    }

    @Test(arguments: Engine.available)
    func staffActInTheirOwnSchoolOnlyAndTheLastAdministratorStays(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let ops = try await Self.operatorHeaders(f)
            let made = try await f.send(
                .POST, "api/v1/platform/schools", headers: ops,
                body:
                    #"{"code":"OTHER","name":"别的大学","campuses":[{"code":"MAIN","name":"主校区"}],"administrator":{"username":"other-admin","display_name":"赵"}}"#
            )
            let otherAdmin = try await Self.headers(
                f, "other-admin", try #require(try made.content.decode(NewSchool.self).administrator).password)
            // the other school's administrator sees none of DEMO's staff, terminals or cardholders
            let staff = try await f.send(.GET, "api/v1/console/staff", headers: otherAdmin)
            #expect(staff.body.string.contains("other-admin") && !staff.body.string.contains("demo-clerk"))
            #expect(try await f.send(.GET, "api/v1/console/cardholders/20260001/records", headers: otherAdmin).status != .ok)
            #expect(try await f.send(.POST, "api/v1/console/staff/demo-clerk/disable", headers: otherAdmin).status == .notFound)
            // the operator names the school it acts in
            let opsStaff = try await f.send(.GET, "api/v1/console/staff?school=DEMO", headers: ops)
            #expect(opsStaff.status == .ok && opsStaff.body.string.contains("demo-clerk"))
            #expect(try await f.send(.GET, "api/v1/console/staff", headers: ops).errorCode == "invalid_field")
            // the last administrator can be neither disabled nor demoted
            let last = try await f.send(.POST, "api/v1/console/staff/other-admin/disable", headers: otherAdmin)
            #expect(last.status == .conflict && last.errorCode == "last_administrator")
            let demoted = try await f.send(.PATCH, "api/v1/console/staff/other-admin", headers: otherAdmin, body: #"{"role":"clerk"}"#)
            #expect(demoted.errorCode == "last_administrator")
            // an auditor reads, and refunds nothing
            let auditor = try await f.send(
                .POST, "api/v1/console/staff?school=DEMO", headers: ops,
                body: #"{"username":"demo-auditor","display_name":"审计","role":"auditor"}"#)
            let auditorHeaders = try await Self.headers(f, "demo-auditor", try auditor.content.decode(Issued.self).password)
            #expect(try await f.send(.GET, "api/v1/console/cardholders/20260001/records", headers: auditorHeaders).status == .ok)
            #expect(try await f.send(.GET, "api/v1/console/audit", headers: auditorHeaders).status == .ok)
            let payout = try await f.send(
                .POST, "api/v1/console/payouts", headers: auditorHeaders,
                body: #"{"card_number":"20260001","amount_fen":100,"request_id":"a-1"}"#)
            #expect(payout.status == .forbidden)
            // a reset password signs the old sessions out; a disabled account signs in no more
            let clerk = try await f.signIn("demo-clerk")
            let reset = try await f.send(.POST, "api/v1/console/staff/demo-clerk/password?school=DEMO", headers: ops)
            let newPassword = try reset.content.decode(Issued.self).password
            #expect(
                try await f.send(.GET, "api/v1/console/settings", headers: ["Authorization": "Bearer \(clerk)"]).status == .unauthorized)
            let clerkAgain = try await Self.headers(f, "demo-clerk", newPassword)
            #expect(try await f.send(.POST, "api/v1/console/staff/demo-clerk/disable?school=DEMO", headers: ops).status == .ok)
            #expect(try await f.send(.GET, "api/v1/console/settings", headers: clerkAgain).status == .unauthorized)
            let signIn = try await f.send(
                .POST, "api/v1/console/sessions", body: #"{"username":"demo-clerk","password":"\#(newPassword)"}"#)
            #expect(signIn.status == .unauthorized)
        }
    }

    @Test(arguments: Engine.available)
    func badOnboardingInputIsRefusedWithItsFieldAndWritesNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let ops = try await Self.operatorHeaders(f)
            let bodies = [
                (#"{"code":"x","name":"短","campuses":[{"code":"MAIN","name":"主"}]}"#, "invalid_field"),
                (#"{"code":"GOOD","name":"好","campuses":[]}"#, "invalid_field"),
                (#"{"code":"GOOD","name":"好","time_zone":"Mars/Olympus","campuses":[{"code":"MAIN","name":"主"}]}"#, "invalid_field"),
                (#"{"code":"GOOD","name":"  ","campuses":[{"code":"MAIN","name":"主"}]}"#, "invalid_field"),
                (
                    #"{"code":"GOOD","name":"好","campuses":[{"code":"MAIN","name":"主"}],"administrator":{"username":"Demo Admin!","display_name":"x"}}"#,
                    "invalid_field"
                ),
                (
                    #"{"code":"GOOD","name":"好","campuses":[{"code":"MAIN","name":"主"}],"administrator":{"username":"demo-admin","display_name":"x"}}"#,
                    "already_exists"
                ),
                (#"{"code":12,"name":"好"}"#, "malformed_request"),
            ]
            for (body, code) in bodies {
                let res = try await f.send(.POST, "api/v1/platform/schools", headers: ops, body: body)
                #expect(res.errorCode == code, "\(body)")
                #expect(res.status.code >= 400 && res.status.code < 500)
            }
            let schools = try await f.app.store.sql.raw("SELECT code FROM schools ORDER BY code").all().map {
                try $0.decode(column: "code", as: String.self)
            }
            #expect(schools == ["DEMO"], "a refused school leaves no row, not even with its administrator refused")
        }
    }
}
