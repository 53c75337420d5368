import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

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
