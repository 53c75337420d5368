import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct LedgerStoreTests {
    @Test(arguments: Engine.available)
    func anAccountThatIsNotThereIsALedgerInconsistencyNotANotFound(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                // given a purse, and a transfer to an account the database does not have
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                let missing = LedgerAccount(id: 987_654_321, kind: .purse)
                // when / then
                await #expect(throws: CardError.ledgerInconsistent("account 987654321")) {
                    try await LedgerStore(db.sql).balance(of: missing.id)
                }
                let request = try TransferRequest(
                    kind: .topUp, from: f.clearing, to: missing, amount: .yuan(1), key: IdempotencyKey(scope: "alipay", key: "X1"))
                let error = await #expect(throws: CardError.self) {
                    try await db.transaction { [school = f.school] sql in
                        try await LedgerStore(sql).post(request, schoolID: school.id, at: LedgerFixture.now)
                    }
                }
                #expect(error?.code == .ledgerInconsistent)
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }

    @Test(arguments: Engine.available)
    func moneyMovesExactlyAndTheAuditHolds(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                // given
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                // when
                let topUp = try await f.topUp(f.purses[0], .yuan(100), key: "A1", on: db)
                let spend = try await f.spend(f.purses[0], Money(fen: 1250), key: "S1", on: db)
                // then
                #expect(topUp.purseBalanceAfter == .yuan(100))
                #expect(spend.purseBalanceAfter == Money(fen: 8750))
                #expect(try await LedgerStore(db.sql).balance(of: f.purses[0].id) == Money(fen: 8750))
                #expect(try await LedgerStore(db.sql).balance(of: f.canteen.account.id) == Money(fen: 1250))
                #expect(try await LedgerStore(db.sql).balance(of: f.clearing.id) == .yuan(-100))
                let audit = try await LedgerAuditor(db).audit()
                #expect(audit.holds, "\(audit.violations)")
                #expect(audit.transfersChecked == 2)
            }
        }
    }

    @Test(arguments: Engine.available)
    func aRepeatedKeyIsAnsweredWithTheFirstResultAndAppliedOnce(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(50), key: "A1", on: db)
                let first = try await f.spend(f.purses[0], .yuan(5), key: "S1", on: db)
                _ = try await f.spend(f.purses[0], .yuan(5), key: "S2", on: db)
                // when the first spend is retried after the second
                let again = try await f.spend(f.purses[0], .yuan(5), key: "S1", on: db)
                // then it answers as the first time did
                #expect(again.isReplay && !first.isReplay)
                #expect(again.transferID == first.transferID)
                #expect(again.purseBalanceAfter == .yuan(45))
                #expect(try await LedgerStore(db.sql).balance(of: f.purses[0].id) == .yuan(40))
            }
        }
    }

    @Test(arguments: Engine.available)
    func theSameKeyWithOtherContentIsAConflictAndChangesNothing(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(50), key: "A1", on: db)
                _ = try await f.spend(f.purses[0], .yuan(5), key: "S1", on: db)
                await #expect(throws: CardError.idempotencyConflict) { try await f.spend(f.purses[0], .yuan(6), key: "S1", on: db) }
                await #expect(throws: CardError.idempotencyConflict) { try await f.spend(f.purses[1], .yuan(5), key: "S1", on: db) }
                #expect(try await LedgerStore(db.sql).balance(of: f.purses[0].id) == .yuan(45))
                #expect(try await LedgerAuditor(db).audit().transfersChecked == 2)
            }
        }
    }

    @Test(arguments: Engine.available)
    func aPurseNeverGoesBelowZeroAndARefusalWritesNothing(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(10), key: "A1", on: db)
                await #expect(throws: CardError.insufficientBalance(balance: .yuan(10), amount: Money(fen: 1001))) {
                    try await f.spend(f.purses[0], Money(fen: 1001), key: "S1", on: db)
                }
                // the refused key was not used up: the same id with an amount that fits goes through
                #expect(try await f.spend(f.purses[0], .yuan(10), key: "S1", on: db).purseBalanceAfter == .zero)
                let audit = try await LedgerAuditor(db).audit()
                #expect(audit.holds && audit.transfersChecked == 2)
            }
        }
    }

    @Test(arguments: Engine.available)
    func aFrozenPursePaysOutAndNothingElse(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(30), key: "A1", on: db)
                try await db.sql.raw("UPDATE accounts SET status = 'frozen' WHERE id = \(bind: f.purses[0].id)").run()
                await #expect(throws: CardError.cardFrozen) { try await f.spend(f.purses[0], .yuan(1), key: "S1", on: db) }
                await #expect(throws: CardError.cardFrozen) { try await f.topUp(f.purses[0], .yuan(1), key: "A2", on: db) }
                let payout = try TransferRequest(
                    kind: .payout, from: f.purses[0], to: f.cash, amount: .yuan(30), key: IdempotencyKey(scope: "staff:1", key: "P1"))
                let receipt = try await db.transaction { [f] sql in
                    try await LedgerStore(sql).post(payout, schoolID: f.school.id, at: LedgerFixture.now)
                }
                #expect(receipt.purseBalanceAfter == .zero)
            }
        }
    }

    @Test(arguments: Engine.available)
    func rollingUpAHotAccountKeepsItsBalance(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(100), key: "A1", on: db)
                for i in 0..<5 { _ = try await f.spend(f.purses[0], .yuan(3), key: "S\(i)", on: db) }
                // when
                let folded = try await HotAccountRollup(db).run()
                _ = try await f.spend(f.purses[0], .yuan(3), key: "S5", on: db)
                // then: 5 canteen entries + 1 clearing entry were folded, the later one stays pending
                #expect(folded == 6)
                #expect(try await LedgerStore(db.sql).balance(of: f.canteen.account.id) == .yuan(18))
                #expect(
                    try await db.sql.raw("SELECT balance FROM accounts WHERE id = \(bind: f.canteen.account.id)").first(
                        decodingColumn: "balance", as: Int64.self) == 1500)
                #expect(try await LedgerAuditor(db).audit().holds)
                #expect(try await HotAccountRollup(db).run() == 1)
            }
        }
    }

    @Test(arguments: Engine.available)
    func theAuditNamesABalanceAlteredByHand(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[1], .yuan(20), key: "A1", on: db)
                try await db.sql.raw("UPDATE accounts SET balance = balance + 100 WHERE id = \(bind: f.purses[1].id)").run()
                let audit = try await LedgerAuditor(db).audit()
                #expect(!audit.holds)
                #expect(
                    audit.violations.contains(
                        .balanceDiffersFromEntries(
                            accountID: f.purses[1].id, label: "purse:\(LedgerFixture.staffNumber(1))", balance: Money(fen: 2100),
                            entriesSum: .yuan(20))))
            }
        }
    }

    @Test(arguments: Engine.available)
    func theAuditFindsATransferToAnAccountThatDoesNotExist(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(20), key: "A1", on: db)
                // when a transfer is rewritten by hand to name an account nobody has
                try await db.sql.raw("UPDATE transfers SET to_account_id = 999999").run()
                try await db.sql.raw("UPDATE entries SET account_id = 999999 WHERE amount > 0").run()
                // then
                let audit = try await LedgerAuditor(db).audit()
                #expect(audit.violations.contains(.unknownAccount(accountID: 999999)))
            }
        }
    }

    @Test(arguments: Engine.available)
    func aRetryAfterThePurseRanDryStillGetsItsFirstAnswer(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(10), key: "A1", on: db)
                let first = try await f.spend(f.purses[0], .yuan(10), key: "S1", on: db)
                // when the same charge is retried with the purse now empty
                let again = try await f.spend(f.purses[0], .yuan(10), key: "S1", on: db)
                // then it is the first answer, not a refusal, and other content under the key is a conflict
                #expect(again.isReplay && again.transferID == first.transferID)
                await #expect(throws: CardError.idempotencyConflict) { try await f.spend(f.purses[0], .yuan(3), key: "S1", on: db) }
                #expect(try await LedgerStore(db.sql).balance(of: f.purses[0].id) == .zero)
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }
}
