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

/// Auto top-up against the sandbox's UnionPay gateway, nothing played in the test: the token
/// opened with the bank's SMS, a till dip starting one token debit, the bank's notification (or
/// the worker's query) crediting it once, and the debit refunded through UnionPay's refund.
@Suite struct AutoTopUpThroughUnionPayTests {
    struct Debits: Decodable {
        struct Debit: Decodable {
            var order_no: String
            var status: String
            var amount: String
            var refundable: Bool
        }
        var debits: [Debit]
    }

    @Test(arguments: Engine.available)
    func aDipIsToppedUpByTheBanksTokenDebitAndRefundedThroughUnionPay(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            let path = "bindings/\(binding)/auto-top-up"
            // given a token opened at the sandbox bank with its SMS code, and the terms "below ¥95, ¥50" signed
            let opening = try await phone.send(
                .POST, "\(path)/opening",
                [
                    "card_number": "6222000000000001", "holder_name": "张三", "id_number": LedgerFixture.nationalID(0),
                    "phone": "13800000000",
                ])
            #expect(opening.status == .created, "\(opening.body.string)")
            let openingNo = try opening.content.decode([String: String].self)["opening_no"] ?? ""
            let wrongCode = try await phone.send(.POST, "\(path)/opening/\(openingNo)/verification", ["sms_code": "123456"])
            #expect(wrongCode.status == .unprocessableEntity)
            let opened = try await phone.send(.POST, "\(path)/opening/\(openingNo)/verification", ["sms_code": "111111"])
            #expect(opened.status == .ok, "\(opened.body.string)")
            let signed = try await phone.send(
                .POST, "\(path)/signature",
                [
                    "threshold": "95", "amount": "50", "payment_password": "285713",
                    "face_certification_id": try await phone.boundFace(binding),
                ])
            #expect(signed.status == .ok, "\(signed.body.string)")
            let store = try f.app.store
            let school = try #require(try await SchoolStore(store.sql).find(SchoolCode(rawValue: "DEMO")!))
            let card = try #require(try await CardStore(store.sql).card(schoolID: school.id, number: CardNumber(rawValue: "20260001")!))
            func balance() async throws -> Int64? {
                try await store.sql.raw("SELECT balance FROM accounts WHERE id = \(bind: card.purse.id)").first(
                    decodingColumn: "balance", as: Int64.self)
            }
            let before = try #require(try await balance())
            // when three till charges of ¥3 cross the threshold together
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<3 {
                    group.addTask {
                        let body = TerminalRoutesTests.body(amount: "300", transaction: "UP-AUTO-\(n)")
                        let res = try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: body), body: body)
                        #expect(res.status == .created)
                    }
                }
                try await group.waitForAll()
            }
            // then the worker (its clock read afresh each pass) starts one token debit at UnionPay,
            // credited by its notification or, if that is late, by the worker's query
            var credited = false
            for _ in 0..<40 where !credited {
                try await AutoDebitWorker(try f.services()).run()
                let debits = try await phone.send(.GET, path).content.decode(Debits.self).debits
                credited = debits.count == 1 && debits[0].status == "succeeded"
                if !credited {
                    try await Task.sleep(for: .milliseconds(250))
                    f.clock.advance(61)
                }
            }
            #expect(credited)
            #expect(try await balance() == before - 900 + 5000)
            let autoOrders = try await store.sql.raw("SELECT order_no FROM topup_orders WHERE kind = 'auto' AND status = 'credited'").all()
            #expect(autoOrders.count == 1)
            // and a refund inside the window leaves the purse at once and goes back through UnionPay's refund
            let debit = try #require(try await phone.send(.GET, path).content.decode(Debits.self).debits.first)
            #expect(debit.refundable)
            let refund = try await phone.send(.POST, "\(path)/debits/\(debit.order_no)/refund")
            #expect(refund.status == .ok || refund.status == .created, "\(refund.body.string)")
            #expect(try await balance() == before - 900)
            var settled: String?
            for _ in 0..<40 where settled == nil {
                try await AutoDebitWorker(try f.services()).run()
                let status = try await store.sql.raw("SELECT status FROM auto_topup_refunds").first(
                    decodingColumn: "status", as: String.self)
                if status != "requested" {
                    settled = status
                } else {
                    try await Task.sleep(for: .milliseconds(250))
                    f.clock.advance(61)
                }
            }
            let dbg = try await store.sql.raw("SELECT refund_no, status, bank_code, at_ms FROM auto_topup_refunds").all()
            let ord = try await store.sql.raw("SELECT order_no, channel_trade_no, status FROM topup_orders WHERE kind = 'auto'").all()
            #expect(settled == "succeeded")
            #expect(try await balance() == before - 900)
        }
    }
}
