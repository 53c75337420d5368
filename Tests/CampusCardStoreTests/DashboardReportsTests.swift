import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@testable import CampusCardStore

/// The dashboard's report queries on a clock the test sets, in the school's own time (Shanghai):
/// credited top-ups by clock hour and channel on a day and the same weekday a week before, spends
/// by merchant within the day only, and the day's failed and closed orders by reason.
@Suite struct DashboardReportsTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// `2026-09-21 08:30` in Shanghai.
    func at(_ day: String, _ hour: Int, _ minute: Int) -> Date {
        LocalDate(day)!.start(in: shanghai).addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    @Test(arguments: Engine.available)
    func topUpsByHourAndChannelAgainstTheSameDayLastWeek(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let db = runtime.database
                let f = try await LedgerFixture.make(on: runtime, cardholders: 2)
                let holders = try await TopUpOrderTests.holders(f, on: db)
                func credited(_ holder: Int, _ yuan: Int64, _ provider: PaymentProvider, at: Date, key: String) async throws {
                    let order = try await TopUpOrderTests.order(
                        f, holders[holder], .yuan(yuan), key: key, provider: provider, on: db, at: at)
                    let notice = PaymentNotice(provider: provider, orderNo: order.orderNo, channelTradeNo: nil, paidTotal: order.payable)
                    _ = try await TopUpCrediting(db).credit(notice, at: at.addingTimeInterval(60))
                }
                // given credited top-ups at known school hours on Monday 21 September and the Monday before
                try await credited(0, 50, .alipay, at: at("2026-09-21", 8, 30), key: "a1")
                try await credited(1, 20, .alipay, at: at("2026-09-21", 8, 59), key: "a2")
                try await credited(0, 30, .wechatPay, at: at("2026-09-21", 8, 0), key: "w1")
                try await credited(1, 10, .unionPay, at: at("2026-09-21", 23, 59), key: "u1")
                try await credited(0, 40, .alipay, at: at("2026-09-14", 12, 10), key: "b1")
                // the day before and the day after count for neither
                try await credited(0, 15, .alipay, at: at("2026-09-20", 23, 59), key: "x1")
                try await credited(1, 15, .alipay, at: at("2026-09-22", 0, 0), key: "x2")
                // an order not paid is not counted
                _ = try await TopUpOrderTests.order(f, holders[0], .yuan(99), key: "open", on: db, at: at("2026-09-21", 9, 0))

                let (day, weekBefore) = try await HourlyTopUps(db.sql).credited(
                    schoolID: f.school.id, on: LocalDate("2026-09-21")!, in: shanghai)
                #expect(
                    day == [
                        HourlyTopUp(provider: .alipay, hour: 8, count: 2, amount: .yuan(70)),
                        HourlyTopUp(provider: .wechatPay, hour: 8, count: 1, amount: .yuan(30)),
                        HourlyTopUp(provider: .unionPay, hour: 23, count: 1, amount: .yuan(10)),
                    ])
                #expect(weekBefore == [HourlyTopUp(provider: .alipay, hour: 12, count: 1, amount: .yuan(40))])
                // another school sees none of it
                let none = try await HourlyTopUps(db.sql).credited(schoolID: f.school.id + 1, on: LocalDate("2026-09-21")!, in: shanghai)
                #expect(none.day.isEmpty && none.weekBefore.isEmpty)
            }
        }
    }

    @Test(arguments: Engine.available)
    func failedAndClosedTopUpsByReasonMostFirst(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let db = runtime.database
                let f = try await LedgerFixture.make(on: runtime, cardholders: 1)
                let holder = try await TopUpOrderTests.holders(f, on: db)[0]
                let orders = TopUpOrders(db)
                func order(_ key: String, _ yuan: Int64, _ day: String = "2026-09-21") async throws -> TopUpOrder {
                    try await TopUpOrderTests.order(f, holder, .yuan(yuan), key: key, provider: .unionPay, on: db, at: at(day, 10, 0))
                }
                // given two orders closed unpaid, one refused by the bank for want of funds, one credited
                try await orders.close(try await order("c1", 20), reason: "expired unpaid", at: at("2026-09-21", 11, 0))
                try await orders.close(try await order("c2", 30), reason: "expired unpaid", at: at("2026-09-21", 11, 0))
                try await orders.fail(
                    try await order("f1", 50), reason: CardError.Code.bankInsufficientFunds.rawValue, at: at("2026-09-21", 10, 1))
                let paid = try await order("p1", 10)
                _ = try await TopUpCrediting(db).credit(
                    PaymentNotice(provider: .unionPay, orderNo: paid.orderNo, channelTradeNo: nil, paidTotal: paid.payable),
                    at: at("2026-09-21", 10, 2))
                // and one closed the day before
                try await orders.close(try await order("old", 10, "2026-09-20"), reason: "expired unpaid", at: at("2026-09-21", 0, 1))

                let reasons = try await FailedTopUps(db.sql).reasons(schoolID: f.school.id, on: LocalDate("2026-09-21")!)
                #expect(
                    reasons == [
                        FailedTopUpReason(status: .closed, reason: "expired unpaid", count: 2, amount: .yuan(50)),
                        FailedTopUpReason(status: .failed, reason: "bank_insufficient_funds", count: 1, amount: .yuan(50)),
                    ])
                #expect(try await FailedTopUps(db.sql).reasons(schoolID: f.school.id, on: LocalDate("2026-09-22")!).isEmpty)
            }
        }
    }

    @Test(arguments: Engine.available)
    func spendsByMerchantWithinTheSchoolsDay(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let db = runtime.database
                let f = try await LedgerFixture.make(on: runtime, cardholders: 1)
                let shop = try await MerchantStore(db.sql, box: MasterKey.generate().key.secretBox).createMerchant(
                    schoolID: f.school.id, campusID: nil, code: "SHOP1", name: "超市", at: LedgerFixture.now)
                _ = try await f.topUp(f.purses[0], .yuan(500), key: "fund", on: db)
                func spend(_ merchant: MerchantRecord, _ fen: Int64, at: Date, key: String) async throws {
                    let request = try TransferRequest(
                        kind: .spend, from: f.purses[0], to: merchant.account, amount: Money(fen: fen),
                        key: IdempotencyKey(scope: "terminal:T1", key: key))
                    _ = try await db.transaction { sql in try await LedgerStore(sql).post(request, schoolID: f.school.id, at: at) }
                }
                // given spends at both merchants on the day, one a minute before it starts and one as the next begins
                try await spend(f.canteen, 1_200, at: at("2026-09-21", 0, 0), key: "s1")
                try await spend(f.canteen, 350, at: at("2026-09-21", 12, 5), key: "s2")
                try await spend(shop, 2_550, at: at("2026-09-21", 23, 59), key: "s3")
                try await spend(shop, 999, at: at("2026-09-20", 23, 59), key: "s4")
                try await spend(f.canteen, 999, at: at("2026-09-22", 0, 0), key: "s5")
                _ = try await HotAccountRollup(db).run()

                let day = LocalDate("2026-09-21")!
                let takings = try await MerchantTakings(db.sql).takings(
                    schoolID: f.school.id, from: day.start(in: shanghai), until: day.addingDays(1).start(in: shanghai))
                #expect(
                    takings.map { [$0.code, String($0.spends), $0.spent.formatted] } == [
                        ["CANTEEN1", "2", "¥15.50"], ["SHOP1", "1", "¥25.50"],
                    ])
            }
        }
    }
}
