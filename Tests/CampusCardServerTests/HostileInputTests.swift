import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// Abuse (issue 22): SQL injection, NUL, odd Unicode and 100 KB strings in the text fields of
/// the JSON API are refused with a stable code, never a 500, and change nothing.
@Suite struct HostileInputTests {
    /// Refused wherever a field has a form (ids, numbers, codes, passwords, names).
    static let hostile = [
        "' OR 1=1 --", "'; DROP TABLE accounts; --", "\u{0000}", "1\u{0000}' OR '1'='1", "\u{202E}٠١٢٣\u{FEFF}", "😀\u{200D}😀",
        String(repeating: "9", count: 100_000), String(repeating: "鑫", count: 34_000),
    ]
    /// Refused by free text too (a staff member's name, an announcement): NUL and oversize.
    static let hostileText = ["\u{0000}' OR 1=1 --", String(repeating: "A", count: 100_000), String(repeating: "鑫", count: 34_000)]

    /// What a hostile request must not change: the rows of every table that holds money, people,
    /// orders or staff, and every balance.
    static func snapshot(_ f: AppFixture) async throws -> [String] {
        let sql = try f.app.store.sql
        var rows: [String] = []
        for table in [
            "accounts", "transfers", "entries", "cardholders", "cards", "staff", "staff_sessions", "bindings", "topup_orders", "schools",
            "campuses", "merchants", "terminals", "announcements", "maintenance_windows",
        ] {
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decodingColumn: "n", as: Int64.self)
            rows.append("\(table): \(count ?? -1)")
        }
        rows += try await sql.raw("SELECT id, balance FROM accounts ORDER BY id").all().map {
            "account \(try $0.decode(column: "id", as: Int64.self)): \(try $0.decode(column: "balance", as: Int64.self))"
        }
        rows += try await sql.raw("SELECT staff_number, name FROM cardholders ORDER BY staff_number").all().map {
            "\(try $0.decode(column: "staff_number", as: String.self)) \(try $0.decode(column: "name", as: String.self))"
        }
        return rows
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func path(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test(arguments: Engine.available)
    func hostileTextInEveryFieldIsRefusedWithAStableCodeAndChangesNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given a bound, verified phone, a clerk and an administrator
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            let clerk = try await f.signIn("demo-clerk")
            let admin = try await f.signIn("demo-admin")
            let before = try await Self.snapshot(f)
            let staffHeaders = { (token: String) -> HTTPHeaders in ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            }
            let bind: [String: Any] = [
                "school": "DEMO", "campus": "MAIN", "staff_number": "20260001", "name": "张三", "initial_password": "011235",
                "payment_password": "285713", "face_certification_id": "x",
            ]
            let refund: [String: Any] = [
                "card_number": "20260001", "amount_fen": 100, "original_order": "T1", "reason": "误充", "request_id": "R-1",
            ]
            var refusals: [String] = []
            func expectRefused(_ what: String, _ res: TestingHTTPResponse) {
                let ok = (400..<500).contains(res.status.code) && !res.errorCode.isEmpty
                #expect(ok, "\(what): \(res.status.code) \(res.body.string.prefix(200))")
                refusals.append(res.errorCode)
            }
            for (n, p) in Self.hostile.enumerated() {
                let what = "payload \(n)"
                // when it is sent as each field in turn
                for field in ["username", "password"] {
                    var body = ["username": "demo-clerk", "password": "x"]
                    body[field] = p
                    expectRefused("\(what) sign-in \(field)", try await f.send(.POST, "api/v1/console/sessions", body: Self.json(body)))
                }
                for field in ["channel", "auth_code", "device_id"] {
                    var body = ["channel": "alipay", "auth_code": "x", "device_id": "device-0001"]
                    body[field] = p
                    expectRefused("\(what) h5 session \(field)", try await f.send(.POST, "api/v1/h5/sessions", body: Self.json(body)))
                }
                for field in ["school", "campus", "staff_number", "name", "initial_password", "passport_number", "payment_password"] {
                    var body = bind
                    body[field] = p
                    if field == "passport_number" { body["initial_password"] = nil }
                    expectRefused("\(what) bind \(field)", try await phone.send(.POST, "bindings", body))
                }
                for field in ["kind", "amount", "pays_with"] {
                    var body: [String: Any] = ["kind": "quick", "amount": "50", "request_id": "hostile-\(n)"]
                    body[field] = p
                    expectRefused("\(what) top-up \(field)", try await phone.send(.POST, "bindings/\(binding)/top-ups", body))
                }
                expectRefused("\(what) order", try await phone.send(.GET, "bindings/\(binding)/top-ups/\(Self.path(p))"))
                expectRefused("\(what) device", try await phone.send(.DELETE, "bindings/\(binding)/devices/\(Self.path(p))"))
                expectRefused("\(what) binding id", try await phone.send(.GET, "bindings/\(Self.path(p))"))
                expectRefused(
                    "\(what) payment password",
                    try await phone.send(.PUT, "bindings/\(binding)/payment-password", ["current_password": p, "new_password": "135792"]))
                for parameter in ["kind", "from", "to"] {
                    let res = try await phone.send(.GET, "bindings/\(binding)/records?\(parameter)=\(Self.path(p))")
                    expectRefused("\(what) records \(parameter)", res)
                }
                for field in ["card_number", "original_order"] {
                    var body = refund
                    body[field] = p
                    expectRefused(
                        "\(what) refund \(field)",
                        try await f.send(.POST, "api/v1/console/refunds", headers: staffHeaders(clerk), body: Self.json(body)))
                }
                expectRefused(
                    "\(what) roster passport",
                    try await f.send(
                        .PATCH, "api/v1/console/cardholders/20260003", headers: staffHeaders(clerk), body: Self.json(["passport_number": p])
                    ))
                expectRefused(
                    "\(what) roster staff number",
                    try await f.send(
                        .PATCH, "api/v1/console/cardholders/\(Self.path(p))", headers: staffHeaders(clerk), body: #"{"name":"王五"}"#))
                expectRefused(
                    "\(what) records of",
                    try await f.send(.GET, "api/v1/console/cardholders/\(Self.path(p))/records", headers: staffHeaders(clerk)))
                expectRefused(
                    "\(what) report date",
                    try await f.send(.GET, "api/v1/console/reports/merchants?date=\(Self.path(p))", headers: staffHeaders(clerk)))
                expectRefused(
                    "\(what) card lost", try await f.send(.POST, "api/v1/console/cards/\(Self.path(p))/lost", headers: staffHeaders(clerk)))
                for field in ["username", "role"] {
                    var body = ["username": "new-clerk", "display_name": "王老师", "role": "clerk"]
                    body[field] = p
                    expectRefused(
                        "\(what) new staff \(field)",
                        try await f.send(.POST, "api/v1/console/staff", headers: staffHeaders(admin), body: Self.json(body)))
                }
                // (A printable id of 64 characters or fewer is a valid one: the charge would be taken.)
                if p.count > 64 || !p.unicodeScalars.allSatisfy({ (0x20...0x7e).contains($0.value) }) {
                    let spend = Self.json(["card_number": "20260001", "amount_fen": 100, "transaction_id": p])
                    expectRefused(
                        "\(what) spend id",
                        try await f.send(.POST, "api/v1/pos/spends", headers: f.terminalHeaders(body: spend), body: spend))
                }
            }
            for (n, p) in Self.hostileText.enumerated() {
                let what = "text \(n)"
                expectRefused(
                    "\(what) roster name",
                    try await f.send(
                        .PATCH, "api/v1/console/cardholders/20260001", headers: staffHeaders(clerk), body: Self.json(["name": p])))
                expectRefused(
                    "\(what) staff name",
                    try await f.send(
                        .POST, "api/v1/console/staff", headers: staffHeaders(admin),
                        body: Self.json(["username": "new-clerk", "display_name": p, "role": "clerk"])))
                for field in ["title", "body"] {
                    var body = ["title": "停电通知", "body": "正文", "starts_at": "2026-09-22T00:00:00Z", "ends_at": "2026-09-23T00:00:00Z"]
                    body[field] = p
                    expectRefused(
                        "\(what) announcement \(field)",
                        try await f.send(.POST, "api/v1/console/announcements", headers: staffHeaders(admin), body: Self.json(body)))
                }
                var body = refund
                body["reason"] = p
                expectRefused(
                    "\(what) refund reason",
                    try await f.send(.POST, "api/v1/console/refunds", headers: staffHeaders(clerk), body: Self.json(body)))
                body = refund
                body["request_id"] = p
                expectRefused(
                    "\(what) refund request id",
                    try await f.send(.POST, "api/v1/console/refunds", headers: staffHeaders(clerk), body: Self.json(body)))
                expectRefused(
                    "\(what) top-up request id",
                    try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": p]))
            }
            // then nothing changed, and every table is still there
            #expect(try await Self.snapshot(f) == before)
            #expect(!refusals.contains("internal_error"))
        }
    }
}
