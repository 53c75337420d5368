import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct ServiceCenterRoutesTests {
    @Test(arguments: Engine.available)
    func aCardReportedLostStopsAtEveryTerminalAtOnceAndAReplacementKeepsTheMoney(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            #expect(try await f.send(.POST, "api/v1/console/cards/20260001/lost", headers: clerk).status == .ok)
            let spend = TerminalRoutesTests.body(amount: "100", transaction: "L-1")
            let refused = try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: spend), body: spend)
            #expect(refused.status == .conflict && refused.errorCode == "card_lost")
            let twice = try await f.send(.POST, "api/v1/console/cards/20260001/lost", headers: clerk)
            #expect(twice.status == .conflict && twice.errorCode == "card_state_conflict")
            // when the card is replaced
            let replaced = try await f.send(
                .POST, "api/v1/console/cards/20260001/replacement", headers: clerk, body: #"{"new_card_number":"C20260001"}"#)
            #expect(replaced.status == .ok)
            // then the new number spends the same purse and the old one is dead
            let onNew = TerminalRoutesTests.body(card: "C20260001", amount: "100", transaction: "L-2")
            let charged = try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: onNew), body: onNew)
            #expect(charged.status == .created)
            #expect(try charged.content.decode(Receipt.self).balance_after_fen == 9_900)
            let onOld = TerminalRoutesTests.body(amount: "100", transaction: "L-3")
            #expect(
                try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: onOld), body: onOld).errorCode
                    == "card_replaced")
        }
    }

    @Test(arguments: Engine.available)
    func aRefundIsPaidInCashAtTheCounter(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given a ¥50 top-up the student paid by mistake, credited on top of the demo's ¥100
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            let order = try await phone.send(
                .POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "50", "request_id": "oops"]
            )
            .content.decode(TopUpRoutesTests.OrderBody.self)
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(order.order_no)/pay").status == .ok)
            #expect(try await TopUpRoutesTests.waitForStatus(phone, binding, order.order_no, "credited").status == "credited")
            // when the clerk refunds it in cash, and the click is repeated
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            let body =
                #"{"card_number":"20260001","amount_fen":5000,"original_order":"\#(order.order_no)","reason":"误充","request_id":"R-1"}"#
            let res = try await f.send(.POST, "api/v1/console/refunds", headers: clerk, body: body)
            #expect(res.status == .ok, "\(res.body.string)")
            let receipt = try res.content.decode(CashReceipt.self)
            #expect(receipt.balance_after_fen == 10_000 && receipt.paid_in == "cash at the service center" && !receipt.replayed)
            #expect(try await f.send(.POST, "api/v1/console/refunds", headers: clerk, body: body).content.decode(CashReceipt.self).replayed)
            // then the order shows what was refunded, and the cardholder's records show the refund
            let shown = try await phone.send(.GET, "bindings/\(binding)/top-ups/\(order.order_no)")
            #expect(shown.body.string.contains(#""refunded":"50.00""#), "\(shown.body.string)")
            #expect(try await phone.send(.GET, "bindings/\(binding)/records").body.string.contains(#""kind":"refund""#))
            // and the same order cannot be refunded again, nor an order that is not this card's
            let twice = #"{"card_number":"20260001","amount_fen":1,"original_order":"\#(order.order_no)","reason":"x","request_id":"R-6"}"#
            #expect(try await f.send(.POST, "api/v1/console/refunds", headers: clerk, body: twice).errorCode == "refund_exceeds_top_up")
            let bad: [(String, String)] = [
                (#"{"card_number":"20260001","amount_fen":5,"original_order":"ALI-123","reason":"x","request_id":"R-7"}"#, "not_found"),
                (
                    #"{"card_number":"20169001","amount_fen":5,"original_order":"\#(order.order_no)","reason":"x","request_id":"R-8"}"#,
                    "not_found"
                ),
                (#"{"card_number":"20260001","amount_fen":-5,"original_order":"A","reason":"x","request_id":"R-2"}"#, "invalid_amount"),
                (#"{"card_number":"20260001","amount_fen":5,"original_order":"","reason":"x","request_id":"R-3"}"#, "invalid_field"),
                (#"{"card_number":"99999999","amount_fen":5,"original_order":"A","reason":"x","request_id":"R-4"}"#, "unknown_card"),
                (#"{"card_number":"20260001","amount_fen":5.5,"original_order":"A","reason":"x","request_id":"R-5"}"#, "malformed_request"),
                // a NUL, which PostgreSQL takes in no text: refused before the database
                (#"{"card_number":"20260001","amount_fen":5,"original_order":"A\u0000","reason":"x","request_id":"R-9"}"#, "not_found"),
                (
                    #"{"card_number":"20260001","amount_fen":5,"original_order":"\#(order.order_no)","reason":"x\u0000","request_id":"R-10"}"#,
                    "invalid_field"
                ),
            ]
            for (body, code) in bad {
                #expect(try await f.send(.POST, "api/v1/console/refunds", headers: clerk, body: body).errorCode == code, "\(body)")
            }
            #expect(try await f.send(.POST, "api/v1/console/refunds", body: body).errorCode == "unauthorized")
        }
    }

    @Test(arguments: Engine.available)
    func theCounterSeesWhoFreezesSoonAndCanExtendALeaveDate(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            let soon = try await f.send(.GET, "api/v1/console/graduates/freezing?within_days=30", headers: clerk).content.decode(
                [Freezing].self)
            #expect(soon.map(\.staff_number) == ["20220001"])
            #expect(soon.first?.balance_fen == 3_550)
            let tooFar = try await f.send(.GET, "api/v1/console/graduates/freezing?within_days=367", headers: clerk)
            #expect(tooFar.status == .unprocessableEntity && tooFar.errorCode == "invalid_field")
            #expect(
                try await f.send(.GET, "api/v1/console/graduates/freezing?within_days=7", headers: clerk).content.decode([Freezing].self)
                    .isEmpty)
            let extended = try await f.send(
                .PUT, "api/v1/console/cardholders/20220001/leave-date", headers: clerk, body: #"{"leave_date":"2027-07-01"}"#)
            #expect(extended.status == .noContent)
            #expect(
                try await f.send(.GET, "api/v1/console/graduates/freezing?within_days=30", headers: clerk).content.decode([Freezing].self)
                    .isEmpty)
            let badDate = try await f.send(
                .PUT, "api/v1/console/cardholders/20220001/leave-date", headers: clerk, body: #"{"leave_date":"2027-02-30"}"#)
            #expect(badDate.errorCode == "invalid_field")
        }
    }
}

private struct CashReceipt: Decodable {
    var balance_after_fen: Int64?
    var paid_in: String
    var replayed: Bool
}

private struct Freezing: Decodable {
    var staff_number: String
    var balance_fen: Int64
}
