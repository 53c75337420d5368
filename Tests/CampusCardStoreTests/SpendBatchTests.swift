import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@testable import CampusCardStore

extension TerminalSpend {
    /// A batch as the server writes it (SQLite's on a writer's own connection and loop), each
    /// charge then answered as its request would be.
    fileprivate func chargeTogether(_ items: [Item], at location: DatabaseLocation) async throws -> [Result<TransferReceipt, any Error>] {
        let batched: [Result<TransferReceipt?, any Error>]
        if case .sqlite(let path) = location {
            let writer = try SQLiteWriter(path: path, logger: DatabaseRuntime.quietLogger)
            batched = await writer.run { await TerminalSpend(writer.database).chargeBatch(items) }
            await writer.shutdown()
        } else {
            batched = await chargeBatch(items)
        }
        var answers: [Result<TransferReceipt, any Error>] = []
        for (item, batched) in zip(items, batched) { answers.append(await answer(item, batched: batched)) }
        return answers
    }
}

/// A batch of charges is answered charge by charge, exactly as each would be alone.
@Suite struct SpendBatchTests {
    @Test(arguments: Engine.available)
    func everyChargeOfABatchGetsItsOwnAnswer(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                // given three purses with ¥10 each and a terminal at the canteen
                let f = try await LedgerFixture.make(on: runtime, cardholders: 3)
                let db = runtime.database
                for (i, purse) in f.purses.enumerated() { _ = try await f.topUp(purse, .yuan(10), key: "A\(i)", on: db) }
                let key = MasterKey.generate().key
                let terminal = try await MerchantStore(db.sql, box: key.secretBox).createTerminal(
                    merchant: f.canteen, schoolID: f.school.id, code: "POS-BATCH", at: LedgerFixture.now)
                func item(_ card: String, _ fen: Int64, _ transaction: String, nonce: String? = nil) throws -> TerminalSpend.Item {
                    let request = TerminalSpendRequest(
                        terminal: terminal, nonce: nonce ?? "nonce-\(transaction)-0000000000", card: CardNumber(rawValue: card)!,
                        amount: Money(fen: fen),
                        transactionID: transaction)
                    return TerminalSpend.Item(
                        request: request, key: try IdempotencyKey(scope: "terminal:\(terminal.id)", key: transaction), at: LedgerFixture.now
                    )
                }
                let (a, b, c) = (LedgerFixture.staffNumber(0), LedgerFixture.staffNumber(1), LedgerFixture.staffNumber(2))
                // when one batch holds: two charges on one purse, a short purse, an unknown card, a plain charge
                let results = try await TerminalSpend(db).chargeTogether(
                    [
                        try item(a, 300, "T1"), try item(a, 400, "T2"), try item(b, 1_001, "T3"), try item("99999999", 100, "T4"),
                        try item(c, 1_000, "T5"),
                    ], at: runtime.location)
                // then
                #expect(try results[0].get().purseBalanceAfter != nil)
                #expect(try results[1].get().purseBalanceAfter != nil)
                #expect(throws: CardError.insufficientBalance(balance: .yuan(10), amount: Money(fen: 1_001))) { try results[2].get() }
                #expect(throws: CardError.unknownCard) { try results[3].get() }
                #expect(try results[4].get().purseBalanceAfter == .zero)
                #expect(try await LedgerStore(db.sql).balance(of: f.purses[0].id) == Money(fen: 300))
                // and a batch repeating a nonce and a transaction id already used is settled charge by charge
                let again = try await TerminalSpend(db).chargeTogether(
                    [
                        try item(a, 300, "T1", nonce: "nonce-T9-0000000000"), try item(a, 100, "T6", nonce: "nonce-T1-0000000000"),
                        try item(b, 100, "T7"),
                    ], at: runtime.location)
                #expect(try again[0].get().isReplay)
                #expect(throws: CardError.requestReplayed) { try again[1].get() }
                #expect(try again[2].get().purseBalanceAfter == .yuan(9))
                // and one batch holding the same nonce twice and the same transaction twice, whose
                // twins are settled in arrival order and apart from an unrelated charge
                let twinItems = [
                    try item(c, 100, "T8", nonce: "nonce-twin-0000000"), try item(b, 100, "T10", nonce: "nonce-twin-0000000"),
                    try item(b, 100, "T11"), try item(b, 100, "T11", nonce: "nonce-T11-again-000"),
                ]
                #expect(TerminalSpend.conflictChains(twinItems + [try item(a, 1, "T12")]) == [[0, 1, 2, 3], [4]])
                let twins = try await TerminalSpend(db).chargeTogether(twinItems, at: runtime.location)
                #expect(throws: CardError.insufficientBalance(balance: .zero, amount: .yuan(1))) { try twins[0].get() }
                #expect(throws: CardError.requestReplayed) { try twins[1].get() }
                #expect(try twins[2].get().transferID == twins[3].get().transferID)
                #expect(try twins[3].get().isReplay)
                let audit = try await LedgerAuditor(db).audit()
                #expect(audit.holds, "\(audit.violations)")
                #expect(try await LedgerStore(db.sql).balance(of: f.canteen.account.id) == Money(fen: 1_900))
                // and SQLite's batches moved the canteen's balance row themselves: nothing is left to roll up
                let canteenPending = try await db.sql.raw(
                    "SELECT COUNT(*) AS n FROM entries WHERE pending AND account_id = \(bind: f.canteen.account.id)"
                ).first(decodingColumn: "n", as: Int.self)
                #expect(canteenPending == (engine == .sqlite ? 0 : 5))
            }
        }
    }

    @Test(arguments: Engine.available)
    func aChargeForATerminalChangedSinceItWasReadWritesNothing(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                // given two terminals as a server read them, one re-keyed and the other disabled since
                let f = try await LedgerFixture.make(on: runtime, cardholders: 2)
                let db = runtime.database
                for (i, purse) in f.purses.enumerated() { _ = try await f.topUp(purse, .yuan(10), key: "A\(i)", on: db) }
                let box = MasterKey.generate().key.secretBox
                let merchants = MerchantStore(db.sql, box: box)
                let rekeyed = try await merchants.createTerminal(
                    merchant: f.canteen, schoolID: f.school.id, code: "POS-R", at: LedgerFixture.now)
                let disabled = try await merchants.createTerminal(
                    merchant: f.canteen, schoolID: f.school.id, code: "POS-D", at: LedgerFixture.now)
                let current = try await merchants.createTerminal(
                    merchant: f.canteen, schoolID: f.school.id, code: "POS-C", at: LedgerFixture.now)
                try await db.sql.raw("UPDATE terminals SET sealed_secret = \(bind: try box.seal("new-key")) WHERE id = \(bind: rekeyed.id)")
                    .run()
                try await db.sql.raw("UPDATE terminals SET status = 'retired' WHERE id = \(bind: disabled.id)").run()
                func item(_ terminal: TerminalRecord, card: Int, _ transaction: String) throws -> TerminalSpend.Item {
                    let request = TerminalSpendRequest(
                        terminal: terminal, nonce: "nonce-\(transaction)-0000000000",
                        card: CardNumber(rawValue: LedgerFixture.staffNumber(card))!,
                        amount: .yuan(1), transactionID: transaction)
                    return TerminalSpend.Item(
                        request: request, key: try IdempotencyKey(scope: "terminal:\(terminal.id)", key: transaction), at: LedgerFixture.now
                    )
                }
                // when a batch and a single charge carry them beside a charge at a current terminal
                let batch = try await TerminalSpend(db).chargeTogether(
                    [
                        try item(rekeyed, card: 0, "T1"), try item(current, card: 1, "T2"), try item(disabled, card: 0, "T3"),
                    ], at: runtime.location)
                let alone = try await TerminalSpend(db).chargeTogether([try item(disabled, card: 0, "T4")], at: runtime.location)
                // then only the current terminal's charge is written, and the others' nonces stay unused
                #expect(throws: CardError.terminalChanged) { try batch[0].get() }
                #expect(try batch[1].get().purseBalanceAfter == .yuan(9))
                #expect(throws: CardError.terminalChanged) { try batch[2].get() }
                #expect(throws: CardError.terminalChanged) { try alone[0].get() }
                #expect(try await LedgerStore(db.sql).balance(of: f.purses[0].id) == .yuan(10))
                let nonces = try await db.sql.raw("SELECT nonce FROM terminal_nonces").all().map {
                    try $0.decode(column: "nonce", as: String.self)
                }
                #expect(nonces == ["nonce-T2-0000000000"])
                // and the void and the payment code of a disabled terminal are refused before they write
                await #expect(throws: CardError.terminalChanged) {
                    try await TerminalVoid(db).void(
                        terminal: disabled, nonce: "nonce-V1-0000000000", transactionID: "T3", timeZone: .current, at: LedgerFixture.now)
                }
                await #expect(throws: CardError.terminalChanged) {
                    try await PaymentCodes(db).redeem("280000000000000000", terminal: disabled, transactionID: "T5", at: LedgerFixture.now)
                }
                #expect(try await db.sql.raw("SELECT nonce FROM terminal_nonces").all().count == 1)
            }
        }
    }

    /// A refused charge's transaction id keeps its refusal: retried after the purse was topped up,
    /// in a batch, alone or in the steps, it is refused as it first was and never charged.
    @Test(arguments: Engine.available)
    func aRefusedChargeRetriedAfterATopUpIsRefusedAsFirstAndNeverCharged(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                // given two purses with ¥10 each and a terminal
                let f = try await LedgerFixture.make(on: runtime, cardholders: 2)
                let db = runtime.database
                for (i, purse) in f.purses.enumerated() { _ = try await f.topUp(purse, .yuan(10), key: "A\(i)", on: db) }
                let terminal = try await MerchantStore(db.sql, box: MasterKey.generate().key.secretBox).createTerminal(
                    merchant: f.canteen, schoolID: f.school.id, code: "POS-REFUSE", at: LedgerFixture.now)
                var nonces = 0
                func item(_ card: Int, _ fen: Int64, _ transaction: String) throws -> TerminalSpend.Item {
                    nonces += 1
                    let request = TerminalSpendRequest(
                        terminal: terminal, nonce: "nonce-\(nonces)-0000000000",
                        card: CardNumber(rawValue: LedgerFixture.staffNumber(card))!,
                        amount: Money(fen: fen), transactionID: transaction)
                    return TerminalSpend.Item(
                        request: request, key: try IdempotencyKey(scope: "terminal:\(terminal.id)", key: transaction), at: LedgerFixture.now
                    )
                }
                let first = CardError.insufficientBalance(balance: .yuan(10), amount: .yuan(20))
                // when ¥20 is refused for want of money, in a batch beside another charge
                let refused = try await TerminalSpend(db).chargeTogether(
                    [try item(0, 2_000, "R1"), try item(1, 100, "X1")], at: runtime.location)
                #expect(throws: first) { try refused[0].get() }
                // and the purse is then topped up by ¥100
                _ = try await f.topUp(f.purses[0], .yuan(100), key: "B0", on: db)
                // then the same transaction id is refused as it first was: in a batch, alone, and in the steps
                let batch = try await TerminalSpend(db).chargeTogether(
                    [try item(0, 2_000, "R1"), try item(1, 100, "X2")], at: runtime.location)
                #expect(throws: first) { try batch[0].get() }
                #expect(try batch[1].get().purseBalanceAfter == Money(fen: 800))
                let alone = try await TerminalSpend(db).chargeTogether([try item(0, 2_000, "R1")], at: runtime.location)
                #expect(throws: first) { try alone[0].get() }
                let steps = try item(0, 2_000, "R1")
                await #expect(throws: first) { try await TerminalSpend(db).chargeUnbatched(steps, nonceClaimed: false) }
                // a different charge under that id is a conflict, not a charge
                let other = try await TerminalSpend(db).chargeTogether([try item(0, 500, "R1")], at: runtime.location)
                #expect(throws: CardError.idempotencyConflict) { try other[0].get() }
                // and nothing was charged to the purse
                #expect(try await LedgerStore(db.sql).balance(of: f.purses[0].id) == .yuan(110))
                let audit = try await LedgerAuditor(db).audit()
                #expect(audit.holds, "\(audit.violations)")
            }
        }
    }

    /// PostgreSQL's batch locks the purses it charges in account order, whatever order the charges
    /// came in: a batch charging B then A, while another transaction holds A, waits for A before it
    /// touches B, so that transaction can still take B (no deadlock, 40P01, between them).
    @Test(arguments: Engine.available.filter { $0 == .postgres })
    func theBatchLocksItsPursesInAccountOrder(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                // given purses A and B (A's account id the lower) with ¥10 each
                let f = try await LedgerFixture.make(on: runtime, cardholders: 2)
                let db = runtime.database
                for (i, purse) in f.purses.enumerated() { _ = try await f.topUp(purse, .yuan(10), key: "A\(i)", on: db) }
                let (a, b) = (f.purses[0].id, f.purses[1].id)
                #expect(a < b)
                let terminal = try await MerchantStore(db.sql, box: MasterKey.generate().key.secretBox).createTerminal(
                    merchant: f.canteen, schoolID: f.school.id, code: "POS-ORDER", at: LedgerFixture.now)
                func item(_ card: Int, _ transaction: String) throws -> TerminalSpend.Item {
                    let request = TerminalSpendRequest(
                        terminal: terminal, nonce: "nonce-\(transaction)-0000000000",
                        card: CardNumber(rawValue: LedgerFixture.staffNumber(card))!, amount: .yuan(1), transactionID: transaction)
                    return TerminalSpend.Item(
                        request: request, key: try IdempotencyKey(scope: "terminal:\(terminal.id)", key: transaction), at: LedgerFixture.now
                    )
                }
                let items = [try item(1, "B1"), try item(0, "A1")]
                // when another transaction holds A's row while the batch charges B, then A
                let holder = Task {
                    try await db.transaction { sql in
                        try await sql.raw("UPDATE accounts SET balance = balance WHERE id = \(bind: a)").run()
                        try await Task.sleep(for: .seconds(2))
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                let batch = Task { try await db.execute(SpendBatchStatement(items)) }
                try await Task.sleep(for: .milliseconds(700))
                // then B is not locked by the waiting batch
                let bFree: Bool
                do {
                    try await db.transaction { sql in
                        try await sql.raw("SELECT id FROM accounts WHERE id = \(bind: b) FOR UPDATE NOWAIT").run()
                    }
                    bFree = true
                } catch {
                    bFree = false
                }
                #expect(bFree, "the batch locked B before A")
                try await holder.value
                // and once A is let go the batch charges both
                let rows = try await batch.value
                #expect(rows.map(\.2).allSatisfy { $0 != nil })
                #expect(try await LedgerStore(db.sql).balance(of: a) == .yuan(9))
                #expect(try await LedgerStore(db.sql).balance(of: b) == .yuan(9))
            }
        }
    }
}
