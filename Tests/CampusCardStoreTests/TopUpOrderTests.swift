import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@testable import CampusCardStore

/// Orders, the daily limit they reserve, and crediting a paid order exactly once.
@Suite struct TopUpOrderTests {
    struct Holder {
        var id: Int64
        var purse: LedgerAccount
    }

    static func holders(_ f: LedgerFixture, on db: StoreDatabase) async throws -> [Holder] {
        var holders: [Holder] = []
        for (i, purse) in f.purses.enumerated() {
            let card = try #require(
                try await CardStore(db.sql).card(schoolID: f.school.id, number: CardNumber(rawValue: LedgerFixture.staffNumber(i))!))
            holders.append(Holder(id: card.cardholderID, purse: purse))
        }
        return holders
    }

    static func order(
        _ f: LedgerFixture, _ holder: Holder, _ amount: Money, kind: TopUpKind = .custom, key: String, provider: PaymentProvider = .alipay,
        on db: StoreDatabase, at: Date = LedgerFixture.now
    ) async throws -> TopUpOrder {
        let quote = try TopUpQuote(kind: kind, amount: amount, settings: f.school.settings)
        return try await TopUpOrders(db).create(
            .init(school: f.school, cardholderID: holder.id, purse: holder.purse, provider: provider, quote: quote, requestKey: key), at: at
        )
    }

    @Test(arguments: Engine.available)
    func aLostFrozenOrReplacedCardTakesNoTopUpAndNothingIsReserved(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let db = runtime.database
                let f = try await LedgerFixture.make(on: runtime, cardholders: 3)
                let holders = try await Self.holders(f, on: db)
                // given one card reported lost, one graduate frozen (card and purse), one card replaced
                try await db.sql.raw("UPDATE cards SET status = 'lost' WHERE cardholder_id = \(bind: holders[0].id)").run()
                try await db.sql.raw("UPDATE cards SET status = 'frozen' WHERE cardholder_id = \(bind: holders[1].id)").run()
                try await db.sql.raw("UPDATE accounts SET status = 'frozen' WHERE id = \(bind: holders[1].purse.id)").run()
                let card = try #require(
                    try await CardStore(db.sql).card(schoolID: f.school.id, number: CardNumber(rawValue: LedgerFixture.staffNumber(2))!))
                _ = try await db.transaction { sql in
                    try await CardOperations(sql).replace(
                        card, with: CardNumber(rawValue: "NEW00002")!, actor: "test", at: LedgerFixture.now)
                }
                // when each orders a top-up, then each is refused with the card's state and what to do
                await #expect(throws: CardError.cardLost) { try await Self.order(f, holders[0], .yuan(50), key: "L", on: db) }
                await #expect(throws: CardError.cardFrozen) { try await Self.order(f, holders[1], .yuan(50), key: "F", on: db) }
                // a replaced card's purse lives on with the new card: it takes top-ups
                let replaced = try await Self.order(f, holders[2], .yuan(50), key: "R", on: db)
                #expect(replaced.status == .created)
                // and the refused ones reserved nothing of the day's limit and left no order
                for holder in holders[0...1] {
                    #expect(
                        try await TopUpOrders(db).reserved(cardholderID: holder.id, on: LocalDate(LedgerFixture.now, in: f.school.timeZone))
                            == .zero)
                    #expect(try await TopUpOrders(db).orders(of: holder.id).isEmpty)
                }
            }
        }
    }

    @Test(arguments: Engine.available)
    func twoConcurrentOrdersThatTogetherPassTheDailyLimitOneIsRefused(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let db = runtime.database
                let f = try await LedgerFixture.make(on: runtime, cardholders: 1)
                let holder = try await Self.holders(f, on: db)[0]
                // given ¥1,500 of today's ¥2,000 already reserved
                for i in 0..<3 { _ = try await Self.order(f, holder, .yuan(500), key: "R\(i)", on: db) }
                // when two orders of ¥500 arrive together (from two pools, as two processes)
                let outcomes = try await test.connect { other in
                    async let a = Result.of { try await Self.order(f, holder, .yuan(500), key: "A", on: db) }
                    async let b = Result.of { try await Self.order(f, holder, .yuan(500), key: "B", on: other.database) }
                    return await [a, b]
                }
                // then exactly one is taken, and the refusal says what is left and when it resets
                #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
                let refusal = outcomes.compactMap { if case .failure(let e as CardError) = $0 { e } else { nil } }.first
                #expect(refusal?.code == .topUpDailyLimit)
                #expect(refusal?.details["left_today"] == "0.00")
                #expect(refusal?.details["resets_at_local"] == "2026-09-22 00:00")
                // and a retry of an order is the same order; the same key for another amount is a conflict
                let again = try await Self.order(f, holder, .yuan(500), key: "R0", on: db)
                #expect(again.requestKey == "R0")
                await #expect(throws: CardError.idempotencyConflict) { try await Self.order(f, holder, .yuan(400), key: "R0", on: db) }
            }
        }
    }

    @Test(arguments: Engine.available)
    func anAbandonedOrdersLimitComesBackWhenItExpires(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let db = runtime.database
                let f = try await LedgerFixture.make(on: runtime, cardholders: 1)
                let holder = try await Self.holders(f, on: db)[0]
                for i in 0..<4 { _ = try await Self.order(f, holder, .yuan(500), key: "R\(i)", on: db) }
                await #expect(throws: CardError.self) { try await Self.order(f, holder, .yuan(10), key: "X", on: db) }
                // fifteen minutes later the unpaid orders close and give the day back
                #expect(try await TopUpOrders(db).closeExpired(at: LedgerFixture.now.addingTimeInterval(14 * 60)).isEmpty)
                let closed = try await TopUpOrders(db).closeExpired(at: LedgerFixture.now.addingTimeInterval(15 * 60))
                #expect(closed.count == 4)
                let later = LedgerFixture.now.addingTimeInterval(16 * 60)
                #expect(try await Self.order(f, holder, .yuan(500), key: "Y", on: db, at: later).status == .created)
                // a payment that still arrives for a closed order is credited, not lost
                let outcome = try await TopUpCrediting(db).credit(
                    PaymentNotice(provider: .alipay, orderNo: closed[0].orderNo, channelTradeNo: "2026X", paidTotal: .yuan(500)), at: later)
                #expect(outcome == .credited(outcome.order))
                #expect(try await LedgerStore(db.sql).balance(of: holder.purse.id) == .yuan(500))
            }
        }
    }

    @Test(arguments: Engine.available)
    func aThousandDuplicatedAndReorderedNoticesCreditAHundredOrdersOnceEach(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let db = runtime.database
                let f = try await LedgerFixture.make(on: runtime, cardholders: 10)
                let holders = try await Self.holders(f, on: db)
                // given 100 quick ¥50 orders (fee ¥0.15 each), ten per cardholder, on two channels
                var orders: [TopUpOrder] = []
                for (h, holder) in holders.enumerated() {
                    for i in 0..<10 {
                        orders.append(
                            try await Self.order(
                                f, holder, .yuan(50), kind: .quick, key: "Q\(i)", provider: h % 2 == 0 ? .alipay : .wechatPay, on: db))
                    }
                }
                #expect(orders.allSatisfy { $0.fee == Money(fen: 15) && $0.payable == Money(fen: 5_015) })
                // when each is notified ten times, shuffled, eight at a time
                let notices = (orders + orders + orders + orders + orders + orders + orders + orders + orders + orders).shuffled().map {
                    PaymentNotice(provider: $0.provider, orderNo: $0.orderNo, channelTradeNo: "CH-\($0.orderNo)", paidTotal: $0.payable)
                }
                let outcomes = try await withThrowingTaskGroup(of: [CreditOutcome].self) { group in
                    for lane in 0..<8 {
                        group.addTask {
                            var done: [CreditOutcome] = []
                            for notice in notices[lane...].enumerated().filter({ $0.offset % 8 == 0 }).map(\.element) {
                                done.append(try await TopUpCrediting(db).credit(notice, at: LedgerFixture.now))
                            }
                            return done
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                // then each order is credited once: ¥500 a purse, ¥15 of fees, the ledger balanced
                #expect(outcomes.count == 1_000)
                #expect(outcomes.filter { if case .credited = $0 { true } else { false } }.count == 100)
                for holder in holders { #expect(try await LedgerStore(db.sql).balance(of: holder.purse.id) == .yuan(500)) }
                try await HotAccountRollup(db).run()
                let fees = try await LedgerStore(db.sql).balance(of: try await SchoolStore(db.sql).account(.feeIncome, of: f.school.id).id)
                #expect(fees == Money(fen: 1_500))
                #expect(try await LedgerAuditor(db).audit().holds)
                // and a notice with another amount, another channel or an unknown order changes nothing
                let first = orders[0]
                await #expect(throws: PaymentNoticeRefusal.wrongAmount(expected: first.payable, paid: .yuan(50))) {
                    try await TopUpCrediting(db).credit(
                        .init(provider: .alipay, orderNo: first.orderNo, channelTradeNo: nil, paidTotal: .yuan(50)), at: LedgerFixture.now)
                }
                await #expect(throws: PaymentNoticeRefusal.wrongProvider) {
                    try await TopUpCrediting(db).credit(
                        .init(provider: .wechatPay, orderNo: first.orderNo, channelTradeNo: nil, paidTotal: first.payable),
                        at: LedgerFixture.now)
                }
                await #expect(throws: PaymentNoticeRefusal.unknownOrder) {
                    try await TopUpCrediting(db).credit(
                        .init(provider: .alipay, orderNo: "T0", channelTradeNo: nil, paidTotal: first.payable), at: LedgerFixture.now)
                }
            }
        }
    }

    @Test(arguments: Engine.available)
    func aPaymentForAFrozenPurseIsHeldAndEveryNoticeIsLoggedWithItsOutcome(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let db = runtime.database
                let f = try await LedgerFixture.make(on: runtime, cardholders: 2)
                let holders = try await Self.holders(f, on: db)
                let paid = try await Self.order(f, holders[0], .yuan(50), key: "P", on: db)
                let frozen = try await Self.order(f, holders[1], .yuan(50), key: "F", on: db)
                // given the second cardholder's purse frozen (a leaver) after the order was made
                try await db.sql.raw("UPDATE accounts SET status = 'frozen' WHERE id = \(bind: holders[1].purse.id)").run()
                // when both are notified twice, logged
                for order in [paid, frozen, paid, frozen] {
                    _ = try await TopUpCrediting(db).credit(
                        PaymentNotice(provider: .alipay, orderNo: order.orderNo, channelTradeNo: "CH", paidTotal: order.payable),
                        at: LedgerFixture.now, logging: order.payable.yuanString)
                }
                // then the first is credited once; the frozen one is held as paid, its purse untouched
                #expect(try await LedgerStore(db.sql).balance(of: holders[0].purse.id) == .yuan(50))
                #expect(try await LedgerStore(db.sql).balance(of: holders[1].purse.id) == .zero)
                #expect(try await TopUpOrders(db).order(number: frozen.orderNo)?.status == .paid)
                #expect(try await TopUpOrders(db).order(number: paid.orderNo)?.status == .credited)
                // and each notice has its log line, written with its outcome
                let logged = try await db.sql.raw("SELECT order_no, outcome FROM channel_notifications ORDER BY id").all().map {
                    "\(try $0.decode(column: "order_no", as: String.self)) \(try $0.decode(column: "outcome", as: String.self))"
                }
                #expect(
                    logged == [
                        "\(paid.orderNo) credited", "\(frozen.orderNo) held", "\(paid.orderNo) duplicate", "\(frozen.orderNo) duplicate",
                    ])
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }

    /// The batch statement is PostgreSQL's; SQLite credits in steps, tested above.
    @Test(arguments: Engine.available.filter { $0 == .postgres })
    func aBatchOfNoticesIsAnsweredNoticeByNotice(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let db = runtime.database
                let f = try await LedgerFixture.make(on: runtime, cardholders: 3)
                let holders = try await Self.holders(f, on: db)
                // given two quick orders of one cardholder (fees ¥0.15 and ¥0.30), one of another, one of a frozen purse
                let first = try await Self.order(f, holders[0], .yuan(50), kind: .quick, key: "A1", on: db)
                let second = try await Self.order(f, holders[0], .yuan(100), kind: .quick, key: "A2", on: db)
                let other = try await Self.order(f, holders[1], .yuan(50), key: "B1", on: db)
                let frozen = try await Self.order(f, holders[2], .yuan(50), key: "C1", on: db)
                func item(_ order: TopUpOrder, paid: Money? = nil) -> TopUpCrediting.Item {
                    .init(
                        notice: PaymentNotice(
                            provider: .alipay, orderNo: order.orderNo, channelTradeNo: "CH", paidTotal: paid ?? order.payable),
                        at: LedgerFixture.now, detail: "batch")
                }
                // when one batch holds both orders of one purse, a duplicate and a wrong amount
                let crediting = TopUpCrediting(db)
                let batch = [item(first), item(second), item(first), item(other, paid: .yuan(1))]
                let together = await crediting.creditTogether(batch)
                // then the statement credits the two orders; the copy still open in its snapshot and the wrong amount are left to the steps
                let credited = try #require(together[0]?.order)
                #expect(together.map { $0?.order.orderNo } == [first.orderNo, second.orderNo, nil, nil])
                #expect(together[0] == .credited(credited) && credited.status == .credited)
                #expect(try await crediting.creditInSteps(batch[2]) == .alreadyCredited(credited))
                await #expect(throws: PaymentNoticeRefusal.wrongAmount(expected: .yuan(50), paid: .yuan(1))) {
                    try await crediting.creditInSteps(batch[3])
                }
                // when the channel repeats the first notice in a later batch, the statement answers it from the record and logs it
                #expect(await crediting.creditTogether([item(first), batch[3]]) == [.alreadyCredited(credited), nil])
                let logged = try await db.sql.raw(
                    "SELECT outcome FROM channel_notifications WHERE order_no = \(bind: first.orderNo) ORDER BY id"
                ).all().map { try $0.decode(column: "outcome", as: String.self) }
                #expect(logged == ["credited", "duplicate", "duplicate"])
                // and the purse's entries carry each balance in turn
                #expect(try await LedgerStore(db.sql).balance(of: holders[0].purse.id) == .yuan(150))
                let after = try await db.sql.raw(
                    """
                    SELECT e.balance_after FROM entries e JOIN transfers t ON t.id = e.transfer_id
                    WHERE e.account_id = \(bind: holders[0].purse.id) AND t.idempotency_scope = 'topup' ORDER BY e.balance_after
                    """
                ).all().map { try $0.decode(column: "balance_after", as: Int64.self) }
                // (the statement credits a batch by order number)
                let creditedFirst = first.orderNo < second.orderNo ? first : second
                #expect(after == [creditedFirst.amount.fen, 15_000])
                #expect(try await TopUpOrders(db).order(number: second.orderNo)?.transferID != nil)
                // when a batch holds a frozen purse's order, the statement fails, writes nothing, and each notice goes alone
                try await db.sql.raw("UPDATE accounts SET status = 'frozen' WHERE id = \(bind: holders[2].purse.id)").run()
                #expect(await crediting.creditTogether([item(frozen), item(other)]) == [nil, nil])
                #expect(try await TopUpOrders(db).order(number: other.orderNo)?.status == other.status)
                let held = try await crediting.credit(item(frozen).notice, at: LedgerFixture.now, logging: "alone")
                #expect(held == .heldForServiceCenter(held.order))
                let alone = try await crediting.credit(item(other).notice, at: LedgerFixture.now, logging: "alone")
                #expect(alone == .credited(alone.order))
                try await HotAccountRollup(db).run()
                let fees = try await LedgerStore(db.sql).balance(of: try await SchoolStore(db.sql).account(.feeIncome, of: f.school.id).id)
                #expect(fees == Money(fen: 45))
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }
}
