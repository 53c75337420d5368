import CampusCardCore
import CampusCardStore
import Foundation
import Testing
import Vapor
import VaporTesting

/// A cardholder's phone in a channel: signs in through the sandbox's OAuth, gets face results
/// from the sandbox's face service, and binds.
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

    /// A face result signed by the channel (the sandbox), as a JSON string literal for a body.
    func face(passed: Bool = true, user: String? = nil) async throws -> String {
        let res = try await fixture.send(
            .POST, "\(sandboxPath)/face-verifications", body: #"{"user_id":"\#(user ?? self.user)","passed":\#(passed)}"#)
        return try res.content.decode([String: String].self)["face_result"] ?? ""
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
        let faceResult: String
        if let face { faceResult = face } else { faceResult = try await self.face() }
        body["face_result"] = faceResult
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
