import CampusCardCore
import CampusCardServer
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// Service windows refuse top-up and binding with the time they end; announcements reach the pages.
@Suite struct NoticeRoutesTests {
    @Test(arguments: Engine.available)
    func aServiceWindowRefusesTopUpAndBindingUntilItEnds(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            let admin: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"]
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            // 2026-09-21 22:00–23:00 in Shanghai; the clock stands at 22:13
            let window = #"{"title":"系统升级","body":"一卡通系统升级","starts_at":"2026-09-21T14:00:00Z","ends_at":"2026-09-21T15:00:00Z"}"#
            #expect(try await f.send(.POST, "api/v1/console/maintenance-windows", headers: clerk, body: window).errorCode == "forbidden")
            #expect(try await f.send(.POST, "api/v1/console/maintenance-windows", headers: admin, body: window).status == .created)
            let notice = #"{"title":"谨防代充诈骗","body":"不要相信“代充优惠”","starts_at":"2026-09-01T00:00:00Z","ends_at":"2026-10-01T00:00:00Z"}"#
            #expect(try await f.send(.POST, "api/v1/console/announcements", headers: admin, body: notice).status == .created)
            // then a top-up and a binding are refused with the end of the window
            let topUp = try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": "m1"])
            #expect(topUp.errorCode == "under_maintenance")
            #expect(try topUp.content.decode(ErrorDetails.self).details["until_local"] == "2026-09-21 23:00")
            let other = try await Phone.signIn(f, .wechat, user: "o-maintenance")
            #expect(try await other.bind().errorCode == "under_maintenance")
            // and the pages show the announcement and the window
            let current = try await f.send(.GET, "api/v1/h5/schools/DEMO/announcements")
            #expect(current.body.string.contains("谨防代充诈骗") && current.body.string.contains("系统升级"))
            #expect(try await f.send(.GET, "api/v1/h5/schools/NOPE/announcements").errorCode == "unknown_school")
            // when the window is over, top-up works again
            f.clock.advance(48 * 60)
            #expect(
                try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": "m2"]).status
                    == .created)
            let audit = try await f.app.store.sql.raw("SELECT id FROM audit_log WHERE action = 'maintenance_window_created'").all()
            #expect(audit.count == 1)
            // bad input: an end before the start, a missing title
            let backwards = #"{"title":"x","starts_at":"2026-09-21T15:00:00Z","ends_at":"2026-09-21T14:00:00Z"}"#
            #expect(
                try await f.send(.POST, "api/v1/console/maintenance-windows", headers: admin, body: backwards).errorCode == "invalid_field")
            #expect(
                try await f.send(.POST, "api/v1/console/announcements", headers: admin, body: #"{"body":"x"}"#).errorCode
                    == "malformed_request")
        }
    }
}
