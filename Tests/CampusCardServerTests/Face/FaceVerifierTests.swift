import CampusCardChannels
import CampusCardCore
import CampusCardServer
import CampusCardServices
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// Each channel's face check as the server asks it, the sandbox playing the provider: the server
/// starts a certification, the cardholder chooses the outcome on the provider's page, and the
/// server's own query (signed, its answer verified) decides.
@Suite struct FaceVerifierTests {
    static let subject = FaceSubject(name: try! RealName("张三"), idNumber: try! NationalID("11010519491231002X"))

    @Test(arguments: Engine.available)
    func anAlipayCertificationPassesOnlyWhenTheCardholderPassed(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let verifier = try #require(Self.access.faceVerifier(of: .alipay, transport: ApplicationTransport(application: f.app)))
            let started = try await verifier.start(
                Self.subject, reference: "CC0001", returnURL: "/h5/DEMO/bind/face-done", at: AppFixture.now)
            #expect(started.url.hasPrefix("/sandbox/alipay/gateway.do?"))
            #expect(started.url.contains("method=alipay.user.certify.open.certify"))
            // Not yet done: not a pass.
            #expect(try await verifier.passed(started.id, at: AppFixture.now) == false)
            let page = try await f.send(.GET, String(started.url.dropFirst()))
            #expect(page.status == .ok && page.body.string.contains("face-pass"))
            let back = try await f.send(
                .POST, "sandbox/face-checks/\(started.id)", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: "passed=true")
            #expect(back.status == .seeOther && back.headers.first(name: .location) == "/h5/DEMO/bind/face-done")
            #expect(try await verifier.passed(started.id, at: AppFixture.now))

            let failed = try await verifier.start(Self.subject, reference: "CC0002", returnURL: "/back", at: AppFixture.now)
            try await Self.choose(false, failed.id, f)
            #expect(try await verifier.passed(failed.id, at: AppFixture.now) == false)
            // The outcome stays what the cardholder chose.
            let again = try await f.send(.POST, "sandbox/face-checks/\(failed.id)", body: #"{"passed":"true"}"#)
            #expect(again.status.code >= 400, "a decided certification stays decided")
        }
    }

    @Test(arguments: Engine.available)
    func anAlteredAlipayQueryAnswerIsRefused(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let honest = ApplicationTransport(application: f.app)
            let started = try await Self.access.faceVerifier(of: .alipay, transport: honest)!.start(
                Self.subject, reference: "CC0003", returnURL: "/back", at: AppFixture.now)
            try await Self.choose(false, started.id, f)
            let forging = Self.access.faceVerifier(
                of: .alipay, transport: Rewriting(inner: honest, from: #""passed":"F""#, to: #""passed":"T""#))!
            await #expect(throws: ChannelError.badSignature) { try await forging.passed(started.id, at: AppFixture.now) }
        }
    }

    @Test(arguments: Engine.available)
    func tencentFaceIDPassesForWeChatAndTheSchoolApp(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let transport = ApplicationTransport(application: f.app)
            for (channel, passed) in [(BindingChannel.wechat, true), (.schoolApp, true), (.wechat, false)] {
                let verifier = try #require(Self.access.faceVerifier(of: channel, transport: transport))
                let started = try await verifier.start(Self.subject, reference: "CC0004", returnURL: "/back", at: AppFixture.now)
                #expect(started.url.hasPrefix("/sandbox/tencent/face?token="))
                #expect(try await verifier.passed(started.id, at: AppFixture.now) == false)
                let page = try await f.send(.GET, String(started.url.dropFirst()))
                #expect(page.body.string.contains("face-pass"))
                try await Self.choose(passed, started.id, f)
                #expect(try await verifier.passed(started.id, at: AppFixture.now) == passed)
            }
        }
    }

    @Test(arguments: Engine.available)
    func aFaceIDCallSignedWithAnotherKeyIsRefused(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var access = Self.access
            access.faceID = .init(
                secretID: "AKIDsandbox00000000000000000000001", secretKey: "not-the-key", ruleID: "1", url: "/sandbox/tencent/faceid")
            let verifier = try #require(access.faceVerifier(of: .wechat, transport: ApplicationTransport(application: f.app)))
            await #expect(throws: ChannelError.rejected("AuthFailure.SignatureFailure")) {
                try await verifier.start(Self.subject, reference: "CC0005", returnURL: "/back", at: AppFixture.now)
            }
        }
    }

    static var access: ChannelAccess { AppFixture.sandbox.channelAccess }

    static func choose(_ passed: Bool, _ id: String, _ f: AppFixture) async throws {
        let res = try await f.send(.POST, "sandbox/face-checks/\(id)", body: #"{"passed":"\#(passed)"}"#)
        #expect(res.status == .noContent)
    }

    /// A man in the middle changing the provider's answer.
    struct Rewriting: ChannelTransport {
        let inner: any ChannelTransport
        let from: String
        let to: String

        func send(_ call: ChannelCall) async throws -> ChannelAnswer {
            var answer = try await inner.send(call)
            answer.body = Data(String(decoding: answer.body, as: UTF8.self).replacingOccurrences(of: from, with: to).utf8)
            return answer
        }
    }
}
