import CampusCardBench
import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@testable import CampusCardStore

/// The benchmark's pending top-ups are real orders: spread over the schools, their limit
/// reserved, and credited once by the same crediting as a live notification.
@Suite struct BenchTopUpsTests {
    @Test(arguments: Engine.available)
    func pendingOrdersAreSpreadReservedAndCreditedOnce(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let db = runtime.database
                let loader = BenchLoader(db, key: MasterKey.generate().key)
                _ = try await loader.load(schools: 2, cardholders: 20, terminals: 2, openingBalance: .yuan(10), at: LedgerFixture.now)
                // the opening balances are rolled up, as a live school's upkeep leaves them
                #expect(try await db.sql.raw("SELECT transfer_id FROM entries WHERE pending").all().isEmpty)
                // when 15 orders of ¥50 are opened
                let pending = try await loader.pendingTopUps(count: 15, provider: .alipay, amount: .yuan(50), at: LedgerFixture.now)
                // then they take cardholders from both schools in turn, one order each, awaiting payment
                #expect(pending.count == 15)
                #expect(pending.allSatisfy { $0.payable == .yuan(50) })
                var orders: [TopUpOrder] = []
                for entry in pending { orders.append(try #require(try await TopUpOrders(db).order(number: entry.orderNo))) }
                #expect(Set(orders.map(\.cardholderID)).count == 15)
                #expect(Dictionary(grouping: orders, by: \.schoolID).mapValues(\.count).values.sorted() == [7, 8])
                #expect(orders.allSatisfy { $0.status == .awaitingPayment && $0.provider == .alipay })
                // and each holds its ¥50 of the day's limit
                for order in orders {
                    #expect(try await TopUpOrders(db).reserved(cardholderID: order.cardholderID, on: order.localDay) == .yuan(50))
                }
                // when each is notified twice, then it is credited once and the ledger balances
                for order in orders + orders {
                    _ = try await TopUpCrediting(db).credit(
                        PaymentNotice(provider: .alipay, orderNo: order.orderNo, channelTradeNo: "T\(order.id)", paidTotal: .yuan(50)),
                        at: LedgerFixture.now)
                }
                for order in orders {
                    #expect(try await LedgerStore(db.sql).balance(of: order.purse.id) == .yuan(60))
                }
                let audit = try await LedgerAuditor(db).audit()
                #expect(audit.holds, "\(audit.violations)")
            }
        }
    }
}
