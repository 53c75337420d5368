import CampusCardCore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// `PUT /api/v1/h5/bindings/{id}/payment-password`: the current password, then a new one by the
/// rules of choosing one; wrong current ones count toward the lock; the inbox records the change.
@Suite struct PaymentPasswordRoutesTests {
    @Test(arguments: Engine.available)
    func changesWithTheCurrentPasswordByTheRulesOfChoosing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000901")
            let bound = try await phone.bind()
            #expect(bound.status == .ok)
            let id = try bound.content.decode(BindingBody.self).binding.id
            func change(_ current: String, _ new: String) async throws -> TestingHTTPResponse {
                try await phone.send(.PUT, "bindings/\(id)/payment-password", ["current_password": current, "new_password": new])
            }
            #expect(try await change("000000", "468024").status == .forbidden)
            let weak = try await change("285713", "123456")
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.body.string.contains("payment_password_weak"))
            #expect(try await change("285713", "011235").body.string.contains("same_as_initial"))
            #expect(try await change("285713", "285713").status == .unprocessableEntity)
            #expect(try await change("28571", "468024").body.string.contains("payment_password_format"))
            #expect(try await phone.send(.PUT, "bindings/\(id)/payment-password", ["current_password": 285713]).status == .badRequest)
            #expect(try await change("285713", "468024").status == .noContent)

            // A new phone now verifies with the new password only.
            let other = try await Phone.signIn(f, .alipay, user: "2088000000000901")
            let old = try await other.send(
                .POST, "bindings/\(id)/verification",
                ["payment_password": "285713", "face_certification_id": try await other.boundFace(id)])
            #expect(old.status == .forbidden)
            let new = try await other.send(
                .POST, "bindings/\(id)/verification",
                ["payment_password": "468024", "face_certification_id": try await other.boundFace(id)])
            #expect(new.status == .ok)
            let inbox = try await phone.send(.GET, "bindings/\(id)/notices")
            #expect(inbox.body.string.contains("支付密码已修改"))
        }
    }

    @Test(arguments: Engine.available)
    func wrongCurrentPasswordsLockLikeAnyOther(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .wechat, user: "o-pw-lock")
            let id = try await phone.bind().content.decode(BindingBody.self).binding.id
            var statuses: [UInt] = []
            for _ in 0..<5 {
                statuses.append(
                    try await phone.send(.PUT, "bindings/\(id)/payment-password", ["current_password": "000000", "new_password": "468024"])
                        .status.code)
            }
            #expect(statuses.prefix(4).allSatisfy { $0 == 403 })
            #expect(statuses.last == 423)
            let locked = try await phone.send(
                .PUT, "bindings/\(id)/payment-password", ["current_password": "285713", "new_password": "468024"])
            #expect(locked.status == .locked, "the right password does not pass a lock")
        }
    }
}
