import CampusCardCore
import CampusCardStore
import Foundation
import Testing
import Vapor
import VaporTesting

/// A cardholder's phone in a channel: signs in through the sandbox's OAuth, has the server start
/// the channel's face certification and passes it on the provider's (sandbox) page, and binds.
struct Phone {
    let fixture: AppFixture
    let channel: BindingChannel
    let user: String
    let device: String
    var token = ""

    static func signIn(_ f: AppFixture, _ channel: BindingChannel, user: String, device: String = UUID().uuidString) async throws -> Phone {
        var phone = Phone(fixture: f, channel: channel, user: user, device: device)
        let code = try await phone.authCode()
        let res = try await f.send(
            .POST, "api/v1/h5/sessions", body: #"{"channel":"\#(channel.rawValue)","auth_code":"\#(code)","device_id":"\#(device)"}"#)
        #expect(res.status == .ok, "\(res.body.string)")
        phone.token = try res.content.decode(Token.self).token
        return phone
    }

    struct Token: Decodable { var token: String }

    var sandboxPath: String {
        switch channel {
        case .alipay: "sandbox/alipay"
        case .wechat: "sandbox/wechat"
        case .schoolApp: "sandbox/school"
        }
    }

    func authCode(for user: String? = nil) async throws -> String {
        let res = try await fixture.send(.POST, "\(sandboxPath)/auth-codes", body: #"{"user_id":"\#(user ?? self.user)"}"#)
        return try res.content.decode([String: String].self)["auth_code"] ?? ""
    }

    /// The demo roster's ID numbers (only the face step is told them).
    static let idNumbers = ["20260001": "440305200001011235", "20169001": "310115199908154565", "20220001": "110108200102037890"]
    static let names = ["20260001": "张三", "20169001": "李老师", "20220001": "王五"]

    /// A face certification the server started for a demo holder (the demo student unless told),
    /// completed on the provider's page with `passed` (nil: left unfinished): its id.
    func face(passed: Bool? = true, staffNumber: String = "20260001", name: String? = nil) async throws -> String {
        let started = try #require(try await startFace(staffNumber: staffNumber, name: name))
        if let passed { try await Self.complete(started.url, passed: passed, fixture) }
        return started.certification_id
    }

    struct Started: Decodable {
        var certification_id: String
        var url: String
    }

    /// Nil when the server refused to start it (a locked card).
    func startFace(staffNumber: String = "20260001", idNumber: String? = nil, name: String? = nil) async throws -> Started? {
        let res = try await send(
            .POST, "face-certifications",
            [
                "school": "DEMO", "staff_number": staffNumber, "name": name ?? Self.names[staffNumber] ?? "张三",
                "id_number": idNumber ?? Self.idNumbers[staffNumber] ?? "", "return_url": "https://card.example/h5/face-done",
            ])
        return res.status == .ok ? try res.content.decode(Started.self) : nil
    }

    /// A face certification of a bound card's holder (a new phone's), passed.
    func boundFace(_ binding: Int64, idNumber: String = "440305200001011235") async throws -> String {
        let res = try await send(
            .POST, "bindings/\(binding)/face-certifications",
            ["id_number": idNumber, "return_url": "https://card.example/h5/verify/face-done"])
        #expect(res.status == .ok, "\(res.body.string)")
        let started = try res.content.decode(Started.self)
        try await Self.complete(started.url, passed: true, fixture)
        return started.certification_id
    }

    /// What the cardholder does on the provider's page: open it, tap pass or fail.
    static func complete(_ url: String, passed: Bool, _ f: AppFixture) async throws {
        let page = try await f.send(.GET, String(url.drop { $0 == "/" }))
        let action = try #require(page.body.string.firstMatch(of: /action="\/(sandbox\/face-checks\/[A-Za-z0-9]+)"/)?.output.1)
        let done = try await f.send(
            .POST, String(action), headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "passed=\(passed)")
        #expect(done.status == .seeOther)
    }

    var headers: HTTPHeaders { ["Authorization": "Bearer \(token)", "X-Device-ID": device, "Content-Type": "application/json"] }

    func send(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil) async throws -> TestingHTTPResponse {
        let text = try body.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        return try await fixture.send(method, "api/v1/h5/\(path)", headers: headers, body: text)
    }

    /// Binds with the demo student's answers, any of which a test may change.
    func bind(_ changes: [String: Any] = [:], face: String? = nil) async throws -> TestingHTTPResponse {
        var body: [String: Any] = [
            "school": "DEMO", "campus": "MAIN", "staff_number": "20260001", "name": "张三", "initial_password": "011235",
            "payment_password": "285713",
        ]
        body.merge(changes) { _, new in new }
        // The face step names the holder; a test changing the answers keeps the demo student's face.
        let staffNumber = body["staff_number"] as? String ?? ""
        let holder = Self.idNumbers[staffNumber] != nil && Self.names[staffNumber] == body["name"] as? String ? staffNumber : "20260001"
        if let face {
            body["face_certification_id"] = face
        } else if let started = try await startFace(staffNumber: holder) {
            try await Self.complete(started.url, passed: true, fixture)
            body["face_certification_id"] = started.certification_id
        } else {
            body["face_certification_id"] = "CCrefused"
        }
        return try await send(.POST, "bindings", body.filter { !($0.value is NSNull) })
    }
}

struct BindingBody: Decodable {
    struct Binding: Decodable {
        var id: Int64
        var channel: String
        var staff_number: String
        var card_number: String?
    }
    var binding: Binding
    var balance_fen: Int64
    var records: [RecordBody]

    struct RecordBody: Decodable { var kind: String }
}
