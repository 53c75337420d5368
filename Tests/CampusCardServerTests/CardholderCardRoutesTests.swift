import CampusCardCore
import CampusCardServer
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The card on the phone: payment code, records, reporting it lost, the notice inbox.
@Suite struct CardholderCardRoutesTests {
    struct Code: Decodable {
        var code: String
    }

    static func spend(_ f: AppFixture, code: String, fen: Int64, transaction: String, nonce: String = UUID().uuidString) async throws
        -> TestingHTTPResponse
    {
        let body = #"{"payment_code":"\#(code)","amount_fen":\#(fen),"transaction_id":"\#(transaction)"}"#
        return try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: body, nonce: nonce), body: body)
    }

    @Test(arguments: Engine.available)
    func aPaymentCodeIsChargedOnceForAMinuteAndDiesWithALostCard(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            let issued = try await phone.send(.POST, "bindings/\(binding)/payment-codes")
            let code = try issued.content.decode(Code.self).code
            #expect(code.count == 18 && code.allSatisfy(\.isNumber))
            // charged once; the terminal's retry of the same transaction gets the first answer
            #expect(try await Self.spend(f, code: code, fen: 1_200, transaction: "PC-1").status == .created)
            let retry = try await Self.spend(f, code: code, fen: 1_200, transaction: "PC-1")
            #expect(retry.status == .ok && retry.body.string.contains(#""replayed":true"#))
            #expect(try await Self.spend(f, code: code, fen: 100, transaction: "PC-2").errorCode == "payment_code_invalid")
            // a minute later a fresh code is needed
            let stale = try await phone.send(.POST, "bindings/\(binding)/payment-codes").content.decode(Code.self).code
            f.clock.advance(61)
            #expect(try await Self.spend(f, code: stale, fen: 100, transaction: "PC-3").errorCode == "payment_code_invalid")
            #expect(try await Self.spend(f, code: "123", fen: 100, transaction: "PC-4").errorCode == "payment_code_invalid")
            // reported lost on the phone: codes already shown stop, and no new one is given
            let beforeLoss = try await phone.send(.POST, "bindings/\(binding)/payment-codes").content.decode(Code.self).code
            #expect(try await phone.send(.POST, "bindings/\(binding)/card/lost").status == .ok)
            #expect(try await Self.spend(f, code: beforeLoss, fen: 100, transaction: "PC-5").errorCode == "card_lost")
            #expect(try await phone.send(.POST, "bindings/\(binding)/payment-codes").errorCode == "card_lost")
            // the card number is refused by every terminal too
            let byNumber = TerminalRoutesTests.body(amount: "100", transaction: "PC-6")
            #expect(
                try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: byNumber), body: byNumber).errorCode
                    == "card_lost")
        }
    }

    @Test(arguments: Engine.available)
    func theCardholderSeesRecordsAStatementAndTheirNotices(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            // a large-spend threshold of ¥30; the default low-balance line is ¥20
            #expect(try await phone.send(.PUT, "bindings/\(binding)/notice-preferences", ["large_spend": "30"]).status == .noContent)
            #expect(
                try await phone.send(.PUT, "bindings/\(binding)/notice-preferences", ["large_spend": "-3"]).errorCode == "invalid_amount")
            for (i, fen) in [1_000, 3_500, 4_000, 100].enumerated() {
                let code = try await phone.send(.POST, "bindings/\(binding)/payment-codes").content.decode(Code.self).code
                #expect(try await Self.spend(f, code: code, fen: Int64(fen), transaction: "N-\(i)").status == .created)
            }
            // ¥100 − 10 − 35 − 40 − 1 = ¥14: two large spends, one crossing below ¥20
            let inbox = try await phone.send(.GET, "bindings/\(binding)/notices")
            struct Inbox: Decodable {
                struct Notice: Decodable { var kind: String }
                var notices: [Notice]
                var unread: Int
            }
            let notices = try inbox.content.decode(Inbox.self)
            #expect(notices.notices.map(\.kind).sorted() == ["large_spend", "large_spend", "low_balance"])
            #expect(notices.unread == 3)
            #expect(try await phone.send(.POST, "bindings/\(binding)/notices/read").status == .noContent)
            #expect(try await phone.send(.GET, "bindings/\(binding)/notices").content.decode(Inbox.self).unread == 0)
            // reporting the card lost is in the inbox at once
            #expect(try await phone.send(.POST, "bindings/\(binding)/card/lost").status == .ok)
            let after = try await phone.send(.GET, "bindings/\(binding)/notices").content.decode(Inbox.self)
            #expect(after.notices.first?.kind == "card_lost")
            // records newest first, filtered by kind, and the month's statement
            let records = try await phone.send(.GET, "bindings/\(binding)/records?kind=spend&limit=2")
            #expect(records.status == .ok)
            struct Page: Decodable {
                struct Record: Decodable { var amount_fen: Int64 }
                var records: [Record]
                var next_before: Int64?
            }
            let page = try records.content.decode(Page.self)
            #expect(page.records.map(\.amount_fen) == [-100, -4_000] && page.next_before != nil)
            let statement = try await phone.send(.GET, "bindings/\(binding)/statement?month=2026-09")
            #expect(statement.body.string.contains("-35.00"))
        }
    }

    @Test(arguments: Engine.available)
    func aLeaverIsWarnedThirtyAndSevenDaysBeforeTheFreeze(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // the demo graduate's purse freezes fourteen days from now
            var phone = try await Phone.signIn(f, .alipay, user: "2088000000000200", device: "leaver-phone-1")
            let bound = try await phone.bind(["staff_number": "20220001", "name": "王五", "campus": "EAST", "initial_password": "037890"])
            #expect(bound.status == .ok, "\(bound.body.string)")
            let binding = try bound.content.decode(BindingBody.self).binding.id
            func warnings() async throws -> [String] {
                let phone = phone
                let body = try await phone.send(.GET, "bindings/\(binding)/notices").body.string
                return ["freeze_warning:30", "freeze_warning:7"].filter { body.contains($0) }
            }
            #expect(try await warnings() == ["freeze_warning:30"])
            // a week later (signed in again: sessions last hours)
            f.clock.advance(7 * 86_400)
            phone = try await Phone.signIn(f, .alipay, user: "2088000000000200", device: "leaver-phone-1")
            #expect(try await warnings() == ["freeze_warning:30", "freeze_warning:7"])
        }
    }
}
