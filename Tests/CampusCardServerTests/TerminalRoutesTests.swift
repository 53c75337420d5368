import CampusCardCore
import CampusCardDemo
import CampusCardServer
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite struct TerminalRoutesTests {
    static func body(card: String = "20260001", amount: String = "1250", transaction: String = "T-1") -> String {
        #"{"card_number":"\#(card)","amount_fen":\#(amount),"transaction_id":"\#(transaction)"}"#
    }

    static let path = "api/v1/pos/spends"

    @Test(arguments: Engine.available)
    func aSignedSpendIsChargedOnceHoweverItIsRepeated(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let body = Self.body()
            let headers = f.terminalHeaders(body: body, nonce: "nonce-0000000001")
            // when
            let charged = try await f.send(.POST, Self.path, headers: headers, body: body)
            // then
            #expect(charged.status == .created)
            let receipt = try charged.content.decode(Receipt.self)
            #expect(receipt.balance_after_fen == 8_750 && receipt.amount_fen == 1_250 && !receipt.replayed && receipt.merchant == "第一食堂")
            // the same request again is a replay and is refused
            let replayed = try await f.send(.POST, Self.path, headers: headers, body: body)
            #expect(replayed.status == .conflict && replayed.errorCode == "request_replayed")
            // a retry after a timeout (new nonce, same transaction id) gets the first answer
            let retried = try await f.send(.POST, Self.path, headers: f.terminalHeaders(body: body), body: body)
            #expect(retried.status == .ok)
            let again = try retried.content.decode(Receipt.self)
            #expect(again.replayed && again.balance_after_fen == 8_750)
            #expect(try await f.transferCount() == 3)
            let metrics = try await f.send(.GET, "metrics").body.string
            #expect(metrics.contains(#"campuscard_terminal_spends_total{result="charged"} 1"#))
        }
    }

    @Test(arguments: Engine.available)
    func staleForgedOrUnknownRequestsChangeNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let body = Self.body()
            let refusals: [(HTTPHeaders, String)] = [
                (f.terminalHeaders(body: body, timestamp: AppFixture.now.addingTimeInterval(-301)), "request_stale"),
                (f.terminalHeaders(body: body, timestamp: AppFixture.now.addingTimeInterval(301)), "request_stale"),
                (f.terminalHeaders(body: body, secret: "not-the-secret"), "signature_invalid"),
                (f.terminalHeaders(body: body.replacingOccurrences(of: "1250", with: "125")), "signature_invalid"),
                (f.terminalHeaders(body: body, nonce: "short"), "signature_invalid"),
                (f.terminalHeaders(body: body, terminal: "POS-NOBODY"), "unknown_terminal"),
                (["Content-Type": "application/json"], "signature_invalid"),
            ]
            for (headers, code) in refusals {
                let res = try await f.send(.POST, Self.path, headers: headers, body: body)
                #expect(res.status == .unauthorized && res.errorCode == code, "\(code)")
            }
            #expect(try await f.transferCount() == 2)
        }
    }

    @Test(arguments: Engine.available)
    func aTerminalReKeyedOrDisabledAfterTheServerKeptItIsSeenByTheNextRequest(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given a charge, after which the server keeps the terminal
            let first = Self.body(transaction: "T-1")
            #expect(try await f.send(.POST, Self.path, headers: f.terminalHeaders(body: first), body: first).status == .created)
            // when the card office re-keys the terminal (as another server process would see it)
            let newSecret = "the-terminal's-new-secret"
            try await f.app.store.sql.raw(
                "UPDATE terminals SET sealed_secret = \(bind: try f.key.secretBox.seal(newSecret)) WHERE code = \(bind: f.credentials.terminalCode)"
            ).run()
            // then a request signed with the old key is refused and leaves its nonce unused
            let second = Self.body(transaction: "T-2")
            let oldKey = try await f.send(
                .POST, Self.path, headers: f.terminalHeaders(body: second, nonce: "nonce-old-key-00001"), body: second)
            #expect(oldKey.status == .unauthorized && oldKey.errorCode == "signature_invalid")
            // and one signed with the new key is charged
            let newKey = try await f.send(
                .POST, Self.path, headers: f.terminalHeaders(body: second, secret: newSecret), body: second)
            #expect(newKey.status == .created)
            // when the terminal is then taken out of service
            try await f.app.store.sql.raw("UPDATE terminals SET status = 'retired' WHERE code = \(bind: f.credentials.terminalCode)").run()
            // then its charges and voids, signed with its current key, are refused and write nothing
            let third = Self.body(transaction: "T-3")
            let retired = try await f.send(.POST, Self.path, headers: f.terminalHeaders(body: third, secret: newSecret), body: third)
            #expect(retired.status == .unauthorized && retired.errorCode == "unknown_terminal")
            let void = #"{"transaction_id":"T-2"}"#
            let voided = try await f.send(
                .POST, "api/v1/pos/voids", headers: f.terminalHeaders(body: void, secret: newSecret, path: "/api/v1/pos/voids"), body: void)
            #expect(voided.status == .unauthorized && voided.errorCode == "unknown_terminal")
            #expect(try await f.transferCount() == 4)
            #expect(try await f.app.store.sql.raw("SELECT nonce FROM terminal_nonces").all().count == 2)
        }
    }

    @Test(arguments: Engine.available)
    func badBodiesAreCodedRefusals(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let cases: [(String, HTTPStatus, String)] = [
                (#"{"card_number":"20260001","amount_fen":12.5,"transaction_id":"T"}"#, .badRequest, "malformed_request"),
                (#"{"card_number":"20260001","amount_fen":"1250","transaction_id":"T"}"#, .badRequest, "malformed_request"),
                (#"{"card_number":"20260001","amount_fen":1250}"#, .badRequest, "malformed_request"),
                (#"{"card_number":"20260001","amount_fen":null,"transaction_id":"T"}"#, .badRequest, "malformed_request"),
                (#"{"card_number":"20260001","amount_fen":true,"transaction_id":"T"}"#, .badRequest, "malformed_request"),
                (#"not json"#, .badRequest, "malformed_request"),
                (Self.body(amount: "-50"), .unprocessableEntity, "invalid_amount"),
                (Self.body(amount: "0"), .unprocessableEntity, "invalid_amount"),
                (Self.body(amount: "99999999999999999999"), .badRequest, "malformed_request"),
                (Self.body(transaction: ""), .unprocessableEntity, "invalid_field"),
                (Self.body(transaction: String(repeating: "x", count: 65)), .unprocessableEntity, "invalid_field"),
                // each refused under its own transaction id: a refused id answers its retries with its first refusal
                (Self.body(card: "99999999", transaction: "T-UNKNOWN"), .notFound, "unknown_card"),
                (Self.body(card: "../etc", transaction: "T-PATH"), .notFound, "unknown_card"),
                (Self.body(amount: "10001", transaction: "T-SHORT"), .conflict, "insufficient_balance"),
                (Self.body(amount: "10001", transaction: "T-UNKNOWN"), .conflict, "idempotency_conflict"),
            ]
            for (body, status, code) in cases {
                let res = try await f.send(.POST, Self.path, headers: f.terminalHeaders(body: body), body: body)
                #expect(res.status == status && res.errorCode == code, "\(body) → \(res.status) \(res.body.string)")
            }
            #expect(try await f.transferCount() == 2)
        }
    }

    @Test(arguments: Engine.available)
    func aLostCardIsRefusedButARetryOfAnEarlierChargeStillAnswers(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let first = Self.body(transaction: "T-1")
            #expect(try await f.send(.POST, Self.path, headers: f.terminalHeaders(body: first), body: first).status == .created)
            try await f.app.store.sql.raw("UPDATE cards SET status = 'lost' WHERE card_number = '20260001'").run()
            let next = Self.body(transaction: "T-2")
            let refused = try await f.send(.POST, Self.path, headers: f.terminalHeaders(body: next), body: next)
            #expect(refused.status == .conflict && refused.errorCode == "card_lost")
            let retried = try await f.send(.POST, Self.path, headers: f.terminalHeaders(body: first), body: first)
            #expect(retried.status == .ok)
            #expect(try retried.content.decode(Receipt.self).replayed)
        }
    }

    @Test(arguments: Engine.available)
    func aRefusedRequestCannotBeReplayedOnceThePurseIsToppedUp(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given a charge refused for want of money
            let body = Self.body(amount: "15000", transaction: "T-BIG")
            let headers = f.terminalHeaders(body: body)
            let refused = try await f.send(.POST, Self.path, headers: headers, body: body)
            #expect(refused.status == .conflict && refused.errorCode == "insufficient_balance")
            // when the purse is topped up and the captured request is sent again
            try await Self.topUpDemoCard(f, key: "later")
            let replayed = try await f.send(.POST, Self.path, headers: headers, body: body)
            // then it is refused as a replay and charges nothing
            #expect(replayed.status == .conflict && replayed.errorCode == "request_replayed")
            #expect(try await f.transferCount() == 3)
        }
    }
}

extension TerminalRoutesTests {
    /// ¥100 onto the demo student's card, as a channel's top-up would put it.
    static func topUpDemoCard(_ f: AppFixture, key: String) async throws {
        try await f.app.store.transaction { sql in
            let school = try await SchoolStore(sql).find(DemoSchool.code)!
            let card = try await CardStore(sql).card(schoolID: school.id, number: CardNumber(rawValue: "20260001")!)!
            let topUp = try TransferRequest(
                kind: .topUp, from: try await SchoolStore(sql).account(.clearing(.alipay), of: school.id), to: card.purse,
                amount: .yuan(100), key: IdempotencyKey(scope: "alipay", key: key))
            _ = try await LedgerStore(sql).post(topUp, schoolID: school.id, at: AppFixture.now)
        }
    }
}

struct Receipt: Decodable {
    var amount_fen: Int64
    var balance_after_fen: Int64?
    var merchant: String
    var replayed: Bool
}
