import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct ServiceCenterTests {
    /// A clerk of the fixture's school.
    private func clerk(_ f: LedgerFixture, _ db: StoreDatabase) async throws -> StaffMember {
        try await StaffStore(db.sql).create(
            schoolID: f.school.id, username: "clerk-\(UUID())", displayName: "柜员", role: .clerk, password: "pw", at: LedgerFixture.now)
    }

    private func card(_ i: Int, _ f: LedgerFixture, _ db: StoreDatabase) async throws -> CardRecord {
        try await CardStore(db.sql).card(schoolID: f.school.id, number: CardNumber(rawValue: LedgerFixture.staffNumber(i))!)!
    }

    @Test(arguments: Engine.available)
    func aMistakenTopUpIsRefundedInCashOnceAndNeverThroughTheChannel(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(200), key: "ORDER-1", on: db)
                let (staff, card) = (try await clerk(f, db), try await card(0, f, db))
                // when the clerk refunds ¥150 of it, and the click is repeated
                let refund = { @Sendable in
                    try await db.transaction { sql in
                        try await ServiceCenterCash(sql).refundMistakenTopUp(
                            card: card, amount: .yuan(150), originalOrder: "ORDER-1", reason: "多充了150元", staff: staff, requestID: "R-1",
                            at: LedgerFixture.now)
                    }
                }
                let first = try await refund()
                let again = try await refund()
                // then the money went to the counter's cash, once; the channel's account did not move
                #expect(!first.isReplay && again.isReplay && again.transferID == first.transferID)
                #expect(first.purseBalanceAfter == .yuan(50))
                #expect(try await LedgerStore(db.sql).balance(of: f.cash.id) == .yuan(150))
                #expect(try await LedgerStore(db.sql).balance(of: f.clearing.id) == .yuan(-200))
                let memo = try await db.sql.raw("SELECT memo FROM transfers WHERE id = \(bind: first.transferID)").first(
                    decodingColumn: "memo", as: String.self)
                #expect(memo?.contains("ORDER-1") == true)
                let logged = try await db.sql.raw("SELECT actor FROM audit_log WHERE action = 'refund'").all(
                    decodingColumn: "actor", as: String.self)
                #expect(logged == ["staff:\(staff.username)"])
                // a refund larger than the purse is refused and changes nothing
                await #expect(throws: CardError.insufficientBalance(balance: .yuan(50), amount: .yuan(51))) {
                    try await db.transaction { sql in
                        try await ServiceCenterCash(sql).refundMistakenTopUp(
                            card: card, amount: .yuan(51), originalOrder: "ORDER-1", reason: "再退", staff: staff, requestID: "R-2",
                            at: LedgerFixture.now)
                    }
                }
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
