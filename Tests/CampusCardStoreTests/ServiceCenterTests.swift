import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@testable import CampusCardStore

@Suite struct ServiceCenterTests {
    /// A clerk of the fixture's school.
    private func clerk(_ f: LedgerFixture, _ db: StoreDatabase) async throws -> StaffMember {
        try await StaffStore(db.sql).create(
            schoolID: f.school.id, username: "clerk-\(UUID())", displayName: "柜员", role: .clerk,
            passwordHash: try PasswordHasher.hash("clerk-password"), at: LedgerFixture.now)
    }

    private func card(_ i: Int, _ f: LedgerFixture, _ db: StoreDatabase) async throws -> CardRecord {
        try await CardStore(db.sql).card(schoolID: f.school.id, number: CardNumber(rawValue: LedgerFixture.staffNumber(i))!)!
    }

    /// A custom top-up of `amount` paid through Alipay and credited to cardholder `i`'s purse.
    private func creditedTopUp(_ amount: Money, _ i: Int, key: String, _ f: LedgerFixture, _ db: StoreDatabase) async throws -> TopUpOrder {
        let card = try await card(i, f, db)
        let order = try await TopUpOrders(db).create(
            .init(
                school: f.school, cardholderID: card.cardholderID, purse: card.purse, provider: .alipay,
                quote: try TopUpQuote(kind: .custom, amount: amount, settings: f.school.settings), requestKey: key),
            at: LedgerFixture.now)
        try await TopUpOrders(db).awaitingPayment(order, channelTradeNo: "ALI-\(key)", cashier: [:], at: LedgerFixture.now)
        _ = try await TopUpCrediting(db).credit(
            PaymentNotice(provider: .alipay, orderNo: order.orderNo, channelTradeNo: "ALI-\(key)", paidTotal: order.payable),
            at: LedgerFixture.now)
        return try #require(try await TopUpOrders(db).order(number: order.orderNo))
    }

    private func refund(
        _ amount: Money, of order: String, card: CardRecord, staff: StaffMember, request: String, _ db: StoreDatabase
    ) async throws -> TransferReceipt {
        try await db.transaction { sql in
            try await ServiceCenterCash(sql).refundMistakenTopUp(
                card: card, amount: amount, originalOrder: order, reason: "多充了", staff: staff, requestID: request, at: LedgerFixture.now)
        }
    }

    @Test(arguments: Engine.available)
    func aMistakenTopUpIsRefundedInCashOnceAndNeverThroughTheChannel(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                let order = try await creditedTopUp(.yuan(200), 0, key: "T1", f, db)
                let (staff, card) = (try await clerk(f, db), try await card(0, f, db))
                // when the clerk refunds ¥150 of it, and the click is repeated
                let first = try await refund(.yuan(150), of: order.orderNo, card: card, staff: staff, request: "R-1", db)
                let again = try await refund(.yuan(150), of: order.orderNo, card: card, staff: staff, request: "R-1", db)
                // then the money went to the counter's cash, once; the channel's account did not move
                #expect(!first.isReplay && again.isReplay && again.transferID == first.transferID)
                #expect(first.purseBalanceAfter == .yuan(50))
                #expect(try await LedgerStore(db.sql).balance(of: f.cash.id) == .yuan(150))
                #expect(try await LedgerStore(db.sql).balance(of: f.clearing.id) == .yuan(-200))
                #expect(try await TopUpOrders(db).order(number: order.orderNo)?.refunded == .yuan(150))
                let memo = try await db.sql.raw("SELECT memo FROM transfers WHERE id = \(bind: first.transferID)").first(
                    decodingColumn: "memo", as: String.self)
                #expect(memo?.contains(order.orderNo) == true)
                let logged = try await db.sql.raw("SELECT actor FROM audit_log WHERE action = 'refund'").all(
                    decodingColumn: "actor", as: String.self)
                #expect(logged == ["staff:\(staff.username)"])
                // more than is left of the order is refused with the figures, and changes nothing
                await #expect(
                    throws: CardError.refundExceedsTopUp(orderNo: order.orderNo, topUp: .yuan(200), left: .yuan(50), asked: .yuan(51))
                ) {
                    try await refund(.yuan(51), of: order.orderNo, card: card, staff: staff, request: "R-2", db)
                }
                // a refund larger than the purse is refused and gives the order its share back
                _ = try await f.spend(f.purses[0], .yuan(20), key: "S1", on: db)
                await #expect(throws: CardError.insufficientBalance(balance: .yuan(30), amount: .yuan(40))) {
                    try await refund(.yuan(40), of: order.orderNo, card: card, staff: staff, request: "R-3", db)
                }
                #expect(try await TopUpOrders(db).order(number: order.orderNo)?.refunded == .yuan(150))
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }

    @Test(arguments: Engine.available)
    func aRefundMustNameACreditedTopUpOfThisCard(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                let staff = try await clerk(f, db)
                let (mine, theirs) = (try await card(0, f, db), try await card(1, f, db))
                let othersOrder = try await creditedTopUp(.yuan(100), 1, key: "O1", f, db)
                _ = try await creditedTopUp(.yuan(100), 0, key: "M1", f, db)
                let unpaid = try await TopUpOrders(db).create(
                    .init(
                        school: f.school, cardholderID: mine.cardholderID, purse: mine.purse, provider: .alipay,
                        quote: try TopUpQuote(kind: .custom, amount: .yuan(50), settings: f.school.settings), requestKey: "U1"),
                    at: LedgerFixture.now)
                // another card's order, an unknown one and an unpaid one are refused
                let refusals: [(String, CardError.Code)] = [
                    (othersOrder.orderNo, .notFound), ("NO-SUCH-ORDER", .notFound), (unpaid.orderNo, .refundNotCredited),
                ]
                for (i, (order, code)) in refusals.enumerated() {
                    let error = await #expect(throws: CardError.self) {
                        try await refund(.yuan(10), of: order, card: mine, staff: staff, request: "X-\(i)", db)
                    }
                    #expect(error?.code == code, "\(order)")
                }
                // and nothing moved
                #expect(try await LedgerStore(db.sql).balance(of: mine.purse.id) == .yuan(100))
                #expect(try await LedgerStore(db.sql).balance(of: theirs.purse.id) == .yuan(100))
                #expect(try await LedgerStore(db.sql).balance(of: f.cash.id) == .zero)
            }
        }
    }

    @Test(arguments: Engine.available)
    func twoClerksRefundingTheSameTopUpAtOnceNeverTakeMoreThanItWas(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                let order = try await creditedTopUp(.yuan(100), 0, key: "C1", f, db)
                let (a, b, card) = (try await clerk(f, db), try await clerk(f, db), try await card(0, f, db))
                // when two clerks each refund ¥60 of the ¥100 at the same time, from two pools
                let outcomes = try await test.connect { other in
                    async let first = Result.of { try await refund(.yuan(60), of: order.orderNo, card: card, staff: a, request: "A", db) }
                    async let second = Result.of {
                        try await refund(.yuan(60), of: order.orderNo, card: card, staff: b, request: "B", other.database)
                    }
                    return await [first, second]
                }
                // then one is paid and the other refused with what is left
                #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
                #expect(try await TopUpOrders(db).order(number: order.orderNo)?.refunded == .yuan(60))
                #expect(try await LedgerStore(db.sql).balance(of: f.cash.id) == .yuan(60))
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }

    @Test(arguments: Engine.available)
    func lostFoundAndReplacedCards(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(30), key: "A1", on: db)
                let old = try await card(0, f, db)
                try await db.transaction { sql in try await CardOperations(sql).reportLost(old, actor: "phone", at: LedgerFixture.now) }
                await #expect(throws: CardError.cardStateConflict(.lost, cannot: .reportLost)) {
                    try await db.transaction { sql in try await CardOperations(sql).reportLost(old, actor: "phone", at: LedgerFixture.now) }
                }
                // when the card is replaced, the new number carries the same purse; the old one is dead
                await #expect(throws: CardError.cardNumberTaken) {
                    try await db.transaction { sql in
                        try await CardOperations(sql).replace(
                            old, with: CardNumber(rawValue: LedgerFixture.staffNumber(1))!, actor: "clerk", at: LedgerFixture.now)
                    }
                }
                let new = try await db.transaction { sql in
                    try await CardOperations(sql).replace(
                        old, with: CardNumber(rawValue: "N0000001")!, actor: "clerk", at: LedgerFixture.now)
                }
                #expect(new.purse == old.purse && new.status == .active)
                #expect(try await CardStore(db.sql).card(schoolID: f.school.id, number: old.number)?.status == .replaced)
                await #expect(throws: CardError.cardStateConflict(.replaced, cannot: .markFound)) {
                    try await db.transaction { sql in try await CardOperations(sql).markFound(old, actor: "clerk", at: LedgerFixture.now) }
                }
                #expect(try await LedgerStore(db.sql).balance(of: new.purse.id) == .yuan(30))
            }
        }
    }

    @Test(arguments: Engine.available)
    func aGraduateFreezesOnTheDayInTheSchoolsTimeZoneAndOnlyAPayoutMovesAfter(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(35), key: "A1", on: db)
                try await db.sql.raw(
                    "UPDATE cardholders SET leave_date = '2026-07-01' WHERE staff_number = \(bind: LedgerFixture.staffNumber(0))"
                ).run()
                let shanghai = { (text: String) in ISO8601DateFormatter().date(from: text)! }
                // on 30 September in Shanghai nothing happens; the list shows who is about to freeze
                #expect(try await GraduateFreezer(db).run(now: shanghai("2026-09-30T23:59:59+08:00")) == 0)
                let upcoming = try await GraduateFreezer(db).upcoming(
                    school: f.school, now: shanghai("2026-09-30T12:00:00+08:00"), within: 7)
                #expect(upcoming.map(\.staffNumber) == [LedgerFixture.staffNumber(0)])
                #expect(upcoming.first?.freezeDate == LocalDate("2026-10-01") && upcoming.first?.balance == .yuan(35))
                // at midnight of 1 October in Shanghai (still 30 September in UTC) the account freezes, once
                #expect(try await GraduateFreezer(db).run(now: shanghai("2026-10-01T00:00:00+08:00")) == 1)
                #expect(try await GraduateFreezer(db).run(now: shanghai("2026-10-02T00:00:00+08:00")) == 0)
                let card = try await card(0, f, db)
                #expect(card.status == .frozen)
                await #expect(throws: CardError.cardFrozen) { try await f.spend(f.purses[0], .yuan(1), key: "S1", on: db) }
                await #expect(throws: CardError.cardFrozen) { try await f.topUp(f.purses[0], .yuan(1), key: "A2", on: db) }
                let staff = try await clerk(f, db)
                let payout = try await db.transaction { sql in
                    try await ServiceCenterCash(sql).payOut(
                        card: card, amount: .yuan(35), staff: staff, requestID: "P-1", at: LedgerFixture.now)
                }
                #expect(payout.purseBalanceAfter == .zero)
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }

    @Test(arguments: Engine.available)
    func aLateGraduatesLeaveDateIsExtended(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                try await db.sql.raw(
                    "UPDATE cardholders SET leave_date = '2026-07-01' WHERE staff_number = \(bind: LedgerFixture.staffNumber(0))"
                ).run()
                try await GraduateFreezer(db).extendLeaveDate(
                    school: f.school, staffNumber: LedgerFixture.staffNumber(0), to: LocalDate("2027-01-15")!, actor: "clerk",
                    at: LedgerFixture.now)
                #expect(try await GraduateFreezer(db).run(now: ISO8601DateFormatter().date(from: "2026-10-01T00:00:00+08:00")!) == 0)
                await #expect(throws: CardError.self) {
                    try await GraduateFreezer(db).extendLeaveDate(
                        school: f.school, staffNumber: "00000000", to: LocalDate("2027-01-15")!, actor: "clerk", at: LedgerFixture.now)
                }
            }
        }
    }
}
