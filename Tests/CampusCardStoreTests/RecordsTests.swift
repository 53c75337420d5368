import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@testable import CampusCardStore

@Suite struct RecordsTests {
    @Test(arguments: Engine.available)
    func everyMovementNewestFirstPagedAndFiltered(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(100), key: "A1", on: db)
                for i in 0..<7 { _ = try await f.spend(f.purses[0], .yuan(Int64(i + 1)), key: "S\(i)", on: db) }
                _ = try await f.topUp(f.purses[1], .yuan(1), key: "A2", on: db)
                _ = try await f.spend(f.purses[1], .yuan(1), key: "OTHER", on: db)
                // pages of three, newest first, until the top-up
                var seen: [PurseRecord] = []
                var query = PurseRecords.Query(limit: 3)
                while true {
                    let page = try await PurseRecords(db.sql).page(of: f.purses[0].id, query)
                    seen += page
                    guard page.count == 3 else { break }
                    query.before = page.last!.transferID
                }
                #expect(seen.count == 8)
                #expect(seen.map(\.transferID) == seen.map(\.transferID).sorted(by: >))
                #expect(seen.first?.amount == .yuan(-7) && seen.first?.balanceAfter == .yuan(72))
                #expect(seen.last?.kind == .topUp && seen.last?.amount == .yuan(100))
                let topUps = try await PurseRecords(db.sql).page(of: f.purses[0].id, .init(kinds: [.topUp]))
                #expect(topUps.map(\.kind) == [.topUp])
                let none = try await PurseRecords(db.sql).page(of: f.purses[0].id, .init(from: LedgerFixture.now.addingTimeInterval(1)))
                #expect(none.isEmpty)
            }
        }
    }

    @Test(arguments: Engine.available)
    func aTerminalVoidsTodaysChargeOnceAndNotYesterdays(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(20), key: "A1", on: db)
                let terminal = try await MerchantStore(db.sql, box: MasterKey.generate().key.secretBox).createTerminal(
                    merchant: f.canteen, schoolID: f.school.id, code: "POS-V", at: LedgerFixture.now)
                let card = CardNumber(rawValue: LedgerFixture.staffNumber(0))!
                let shanghai = TimeZone(identifier: "Asia/Shanghai")!
                let charge = { (id: String, at: Date) in
                    try await TerminalSpend(db).charge(
                        TerminalSpendRequest(
                            terminal: terminal, nonce: "n-\(id)-000000000000", card: card, amount: .yuan(5), transactionID: id), at: at)
                }
                _ = try await charge("T1", LedgerFixture.now)
                _ = try await charge("T2", LedgerFixture.now.addingTimeInterval(-86_400))
                // when
                let voided = try await TerminalVoid(db).void(
                    terminal: terminal, nonce: "v-T1-000000000000", transactionID: "T1", timeZone: shanghai, at: LedgerFixture.now)
                let again = try await TerminalVoid(db).void(
                    terminal: terminal, nonce: "v-T1-000000000001", transactionID: "T1", timeZone: shanghai, at: LedgerFixture.now)
                // then
                #expect(voided.purseBalanceAfter == .yuan(15) && again.isReplay && again.transferID == voided.transferID)
                await #expect(throws: CardError.voidWindowClosed) {
                    try await TerminalVoid(db).void(
                        terminal: terminal, nonce: "v-T2-000000000000", transactionID: "T2", timeZone: shanghai, at: LedgerFixture.now)
                }
                await #expect(throws: CardError.self) {
                    try await TerminalVoid(db).void(
                        terminal: terminal, nonce: "v-T9-000000000000", transactionID: "T9", timeZone: shanghai, at: LedgerFixture.now)
                }
                let day = try await MerchantDayReport(db.sql).day(LocalDate(LedgerFixture.now, in: shanghai), school: f.school)
                let canteen = day.first { $0.merchantCode == "CANTEEN1" }
                #expect(canteen?.spends == 1 && canteen?.voids == 1 && canteen?.net == .zero)
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }
}

extension RecordsTests {
    /// PostgreSQL's top-up batch numbers its transfer before it can lock the purse; a spend that
    /// holds the purse meanwhile gets a later number but changes the balance first. The records
    /// still list in the order the balance changed, each balance the one before it plus the amount,
    /// and so do their pages.
    @Test(arguments: Engine.available.filter { $0 == .postgres })
    func aPursesRecordsListInTheOrderItsBalanceChanged(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                // given a purse with ¥10 and a paid top-up order of ¥50
                let f = try await LedgerFixture.make(on: runtime, cardholders: 1)
                let db = runtime.database
                let purse = f.purses[0]
                _ = try await f.topUp(purse, .yuan(10), key: "A0", on: db)
                let holder = try await TopUpOrderTests.holders(f, on: db)[0]
                let order = try await TopUpOrderTests.order(f, holder, .yuan(50), key: "O1", on: db)
                let notice = PaymentNotice(provider: .alipay, orderNo: order.orderNo, channelTradeNo: "CH", paidTotal: order.payable)
                // when a spend holds the purse while the top-up batch takes its transfer number and waits for the purse
                let spend = try TransferRequest(
                    kind: .spend, from: purse, to: f.canteen.account, amount: .yuan(3), key: IdempotencyKey(scope: "test", key: "S1"),
                    memo: f.canteen.name)
                let (held, holding) = AsyncStream.makeStream(of: Void.self)
                let spending = Task {
                    try await db.transaction { sql in
                        try await sql.raw("UPDATE accounts SET balance = balance WHERE id = \(bind: purse.id)").run()
                        holding.finish()
                        // until the batch waits for this transaction (pg_locks is read afresh each time, unlike pg_stat_activity)
                        while try await sql.raw(
                            "SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
                        )
                        .first(decodingColumn: "n", as: Int64.self) == 0 { try await Task.sleep(for: .milliseconds(20)) }
                        return try await LedgerStore(sql).post(spend, schoolID: f.school.id, at: LedgerFixture.now)
                    }
                }
                for await _ in held {}
                let crediting = Task {
                    await TopUpCrediting(db).creditTogether([.init(notice: notice, at: LedgerFixture.now, detail: nil)])
                }
                let spent = try await spending.value
                let credited = try #require(await crediting.value.first ?? nil)
                // (the top-up's transfer was numbered before the spend's, yet came after it)
                #expect(credited.order.transferID.map { $0 < spent.transferID } == true)
                // then the records list newest first in the order the balance changed: ¥57, ¥7, ¥10
                let records = try await PurseRecords(db.sql).page(of: purse.id, .init())
                #expect(records.map(\.balanceAfter) == [.yuan(57), .yuan(7), .yuan(10)])
                for (newer, older) in zip(records, records.dropFirst()) {
                    #expect(newer.balanceAfter?.fen == older.balanceAfter.map { $0.fen + newer.amount.fen })
                }
                // and a page at a time, each after the last one's transfer, they list the same
                var paged: [PurseRecord] = []
                var query = PurseRecords.Query(limit: 1)
                while let next = try await PurseRecords(db.sql).page(of: purse.id, query).first {
                    paged.append(next)
                    query.before = next.transferID
                }
                #expect(paged.map(\.transferID) == records.map(\.transferID))
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }
}
