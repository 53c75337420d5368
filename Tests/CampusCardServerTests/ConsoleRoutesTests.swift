import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@Suite struct ConsoleRoutesTests {
    @Test(arguments: Engine.available)
    func anAdministratorAuditsTheLedger(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"]
            let clean = try await f.send(.GET, "api/v1/console/audit", headers: auth)
            #expect(clean.status == .ok)
            let audit = try clean.content.decode(AuditBody.self)
            #expect(audit.holds && audit.transfers_checked == 2 && audit.violations.isEmpty)
            // when a balance is altered by hand, the audit names the account
            try await f.app.store.sql.raw("UPDATE accounts SET balance = balance + 1 WHERE label = 'purse:20260001'").run()
            let broken = try await f.send(.GET, "api/v1/console/audit", headers: auth).content.decode(AuditBody.self)
            #expect(!broken.holds)
            #expect(broken.violations.count == 1)
            #expect(broken.violations.contains { $0.contains("purse:20260001") })
        }
    }

    @Test(arguments: Engine.available)
    func onlyAnAdministratorWithAValidSession(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let anonymous = try await f.send(.GET, "api/v1/console/audit")
            #expect(anonymous.status == .unauthorized && anonymous.errorCode == "unauthorized")
            #expect(try await f.send(.GET, "api/v1/console/audit", headers: ["Authorization": "Bearer forged"]).status == .unauthorized)
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            let forbidden = try await f.send(.GET, "api/v1/console/audit", headers: clerk)
            #expect(forbidden.status == .forbidden && forbidden.errorCode == "forbidden")
            #expect(try await f.send(.DELETE, "api/v1/console/sessions", headers: clerk).status == .noContent)
            #expect(try await f.send(.DELETE, "api/v1/console/sessions", headers: clerk).status == .unauthorized)
        }
    }

    @Test(arguments: Engine.available)
    func aWrongPasswordOrMalformedSignInIsRefused(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let wrong = try await f.send(.POST, "api/v1/console/sessions", body: #"{"username":"demo-admin","password":"wrong"}"#)
            #expect(wrong.status == .unauthorized)
            let body = try wrong.content.decode(ErrorBody.self)
            #expect(body.code == "unauthorized" && !body.message_zh.isEmpty && !body.message_en.isEmpty)
            for malformed in [#"{"username": 5"#, #"{"username": 5, "password": "x"}"#, #"{"username": "demo-admin"}"#, "[]"] {
                let res = try await f.send(.POST, "api/v1/console/sessions", body: malformed)
                #expect(res.status == .badRequest && res.errorCode == "malformed_request", "\(malformed)")
            }
        }
    }

    @Test(arguments: Engine.available)
    func anAdministratorChangesTheSchoolsSettingsAndAClerkMayOnlyReadThem(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let admin: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"]
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            let defaults = try await f.send(.GET, "api/v1/console/settings", headers: clerk).content.decode([String: JSONValue].self)
            #expect(defaults["daily_top_up_limit_fen"] == .number(200_000) && defaults["quick_top_up_fee_basis_points"] == .number(30))
            let change = #"{"daily_top_up_limit_fen": 300000, "custom_top_up_multiple_fen": 1000}"#
            #expect(try await f.send(.PUT, "api/v1/console/settings", headers: clerk, body: change).errorCode == "forbidden")
            #expect(try await f.send(.PUT, "api/v1/console/settings", headers: admin, body: change).status == .ok)
            let changed = try await f.send(.GET, "api/v1/console/settings", headers: clerk).content.decode([String: JSONValue].self)
            #expect(changed["daily_top_up_limit_fen"] == .number(300_000) && changed["custom_top_up_multiple_fen"] == .number(1_000))
            // contradictions and wrong types are refused whole
            let contradiction = try await f.send(
                .PUT, "api/v1/console/settings", headers: admin, body: #"{"single_top_up_limit_fen": 900000}"#)
            #expect(contradiction.status == .unprocessableEntity && contradiction.errorCode == "invalid_field")
            #expect(
                try await f.send(.PUT, "api/v1/console/settings", headers: admin, body: #"{"peak_hours": "noon"}"#).errorCode
                    == "malformed_request")
            let kept = try await f.send(.GET, "api/v1/console/settings", headers: clerk).content.decode([String: JSONValue].self)
            #expect(kept["daily_top_up_limit_fen"] == .number(300_000))
        }
    }
}

/// Just enough JSON to compare settings' values.
enum JSONValue: Decodable, Equatable {
    case number(Double)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = (try? container.decode(Double.self)).map(JSONValue.number) ?? .other
    }
}

struct AuditBody: Decodable {
    var holds: Bool
    var transfers_checked: Int
    var violations: [String]
}
