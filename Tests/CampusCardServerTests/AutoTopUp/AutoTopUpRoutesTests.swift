import CampusCardCore
import CampusCardServer
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The auto top-up API end to end on a bound phone: the bank card and its SMS code, signing with
/// the payment password and a fresh face, the changes, the service center's view, /openapi.json.
@Suite struct AutoTopUpRoutesTests {
    struct Overview: Decodable {
        struct Agreement: Decodable {
            var status: String
            var threshold: String
            var amount: String
            var card_last_four: String
        }
        var offered: Bool
        var agreement: Agreement?
        var changes: [[String: String]]
    }

    @Test(arguments: Engine.available)
    func aCardholderOpensSignsPausesResumesChangesAndCancels(engine: Engine) async throws {
        let bank = InMemoryAutoDebit()
        let withBank: @Sendable (inout ServerConfig) -> Void = { $0.autoDebit = bank }
        try await AppFixture.with(engine, tune: withBank) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            let path = "bindings/\(binding)/auto-top-up"
            #expect(try await phone.send(.GET, path).content.decode(Overview.self).agreement == nil)
            // a bad ID number never reaches the bank
            let bad = try await phone.send(
                .POST, "\(path)/opening",
                [
                    "card_number": InMemoryAutoDebit.Card.funds.rawValue, "holder_name": "张三", "id_number": "110101199003071234",
                    "phone": "13800000000",
                ])
            #expect(bad.errorCode == "national_id_invalid")
            let opening = try await phone.send(
                .POST, "\(path)/opening",
                [
                    "card_number": InMemoryAutoDebit.Card.funds.rawValue, "holder_name": "张三", "id_number": LedgerFixture.nationalID(0),
                    "phone": "13800000000",
                ])
            #expect(opening.status == .created)
            let first = try opening.content.decode([String: String].self)["opening_no"] ?? ""
            #expect(
                try await phone.send(.POST, "\(path)/opening/\(first)/verification", ["sms_code": "000000"]).status
                    == .unprocessableEntity)
            // after a wrong code, a new one is asked without the card typed again: a new opening, the old one ended
            let again = try await phone.send(.POST, "\(path)/opening/\(first)/new-code")
            #expect(again.status == .created)
            let openingNo = try again.content.decode([String: String].self)["opening_no"] ?? ""
            #expect(!openingNo.isEmpty && openingNo != first)
            #expect(try again.content.decode([String: String].self)["masked_phone"] == "138****0000")
            let ended = try await phone.send(.POST, "\(path)/opening/\(first)/verification", ["sms_code": InMemoryAutoDebit.smsCode])
            #expect(ended.errorCode == "invalid_field" && ended.body.string.contains("opening"))
            #expect(try await phone.send(.POST, "\(path)/opening/\(first)/new-code").errorCode == "invalid_field")
            let opened = try await phone.send(.POST, "\(path)/opening/\(openingNo)/verification", ["sms_code": InMemoryAutoDebit.smsCode])
            #expect(try opened.content.decode(Overview.self).agreement?.status == "opened")
            // signing: terms outside the school's bounds are refused; then the payment password and a fresh face
            let outside = try await phone.send(
                .POST, "\(path)/signature",
                [
                    "threshold": "20", "amount": "900", "payment_password": "285713",
                    "face_certification_id": try await phone.boundFace(binding),
                ])
            #expect(outside.errorCode == "auto_top_up_out_of_bounds")
            let wrong = try await phone.send(
                .POST, "\(path)/signature",
                [
                    "threshold": "20", "amount": "50", "payment_password": "111111",
                    "face_certification_id": try await phone.boundFace(binding),
                ])
            #expect(wrong.errorCode == "payment_password_wrong")
            let signed = try await phone.send(
                .POST, "\(path)/signature",
                [
                    "threshold": "30", "amount": "60", "payment_password": "285713",
                    "face_certification_id": try await phone.boundFace(binding),
                ])
            #expect(signed.status == .ok, "\(signed.body.string)")
            let agreement = try #require(try signed.content.decode(Overview.self).agreement)
            #expect(agreement.status == "active" && agreement.threshold == "30.00" && agreement.amount == "60.00")
            #expect(agreement.card_last_four == "0001")
            #expect(try await phone.send(.POST, "\(path)/pause").content.decode(Overview.self).agreement?.status == "paused")
            #expect(try await phone.send(.POST, "\(path)/resume").content.decode(Overview.self).agreement?.status == "active")
            #expect(
                try await phone.send(.PUT, path, ["threshold": "25", "amount": "100"]).content.decode(Overview.self).agreement?.amount
                    == "100.00")
            let cancelled = try await phone.send(.DELETE, path).content.decode(Overview.self)
            #expect(cancelled.agreement?.status == "cancelled")
            #expect(cancelled.changes.map { $0["action"] } == ["open", "sign", "pause", "resume", "change", "cancel"])
            #expect(try await phone.send(.POST, "\(path)/pause").errorCode == "auto_top_up_agreement_state")
            // the service center sees it too
            let clerk = try await f.signIn("demo-clerk")
            let desk = try await f.send(
                .GET, "api/v1/console/cardholders/20260001/auto-top-up", headers: ["Authorization": "Bearer \(clerk)"])
            #expect(try desk.content.decode(Overview.self).agreement?.status == "cancelled")
        }
    }

    @Test(arguments: Engine.available)
    func spendsAtTheTillCrossingTheThresholdTogetherStartOneDebit(engine: Engine) async throws {
        let bank = InMemoryAutoDebit()
        let withBank: @Sendable (inout ServerConfig) -> Void = { $0.autoDebit = bank }
        try await AppFixture.with(engine, tune: withBank) { f in
            // given the demo student's ¥100 and an agreement "below ¥95, ¥50"
            let store = try f.app.store
            let school = try #require(try await SchoolStore(store.sql).find(SchoolCode(rawValue: "DEMO")!))
            let card = try #require(try await CardStore(store.sql).card(schoolID: school.id, number: CardNumber(rawValue: "20260001")!))
            let agreements = AutoTopUpAgreements(store)
            let opened = try await agreements.open(
                schoolID: school.id, cardholderID: card.cardholderID, purse: card.purse, token: bank.token(for: .funds),
                cardLastFour: "0001",
                defaults: (.yuan(95), .yuan(50)), actor: "test", at: f.clock.now)
            _ = try await agreements.sign(
                opened.id, threshold: .yuan(95), amount: .yuan(50), expiresAt: f.clock.now.addingTimeInterval(86_400 * 200), actor: "test",
                at: f.clock.now)
            // when three till charges of ¥3 arrive together (the spend path's own statement or batch)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<3 {
                    group.addTask {
                        let body = TerminalRoutesTests.body(amount: "300", transaction: "AUTO-\(n)")
                        let res = try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: body), body: body)
                        #expect(res.status == .created)
                    }
                }
                try await group.waitForAll()
            }
            var context = try f.services()
            context.autoDebit = bank
            try await AutoDebitWorker(context).run()
            try await AutoDebitWorker(context).run()
            // then one debit was started and credited: ¥91 + ¥50
            #expect(bank.debitCalls == 1)
            let balance = try await store.sql.raw("SELECT balance FROM accounts WHERE id = \(bind: card.purse.id)").first(
                decodingColumn: "balance", as: Int64.self)
            #expect(balance == 14_100)
        }
    }

    @Test func theRoutesAreInTheOpenAPIDocument() async throws {
        try await AppFixture.with(.sqlite) { f in
            let document = try await f.send(.GET, "openapi.json")
            let json = try JSONSerialization.jsonObject(with: Data(buffer: document.body)) as? [String: Any]
            let paths = try #require(json?["paths"] as? [String: Any])
            for path in [
                "/api/v1/h5/bindings/{binding_id}/auto-top-up", "/api/v1/h5/bindings/{binding_id}/auto-top-up/opening",
                "/api/v1/h5/bindings/{binding_id}/auto-top-up/opening/{opening_no}/verification",
                "/api/v1/h5/bindings/{binding_id}/auto-top-up/opening/{opening_no}/new-code",
                "/api/v1/h5/bindings/{binding_id}/auto-top-up/signature", "/api/v1/h5/bindings/{binding_id}/auto-top-up/pause",
                "/api/v1/h5/bindings/{binding_id}/auto-top-up/resume",
                "/api/v1/h5/bindings/{binding_id}/auto-top-up/debits/{order_no}/refund",
                "/api/v1/console/cardholders/{staff_number}/auto-top-up",
                "/api/v1/console/cardholders/{staff_number}/auto-top-up/debits/{order_no}/refund",
            ] {
                #expect(paths[path] != nil, "\(path)")
            }
            #expect(document.body.string.contains("auto_top_up_refund_window_closed"))
        }
    }
}
