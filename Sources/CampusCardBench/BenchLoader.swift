import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation
import SQLKit

/// Loads the benchmark's data set: schools with generated rosters, one merchant and terminal per
/// canteen, and an opening balance on every purse, posted set-based (one statement per school)
/// as real top-ups from the school's clearing account so the audit holds on the result.
public struct BenchLoader: Sendable {
    let db: StoreDatabase
    let key: MasterKey

    public init(_ db: StoreDatabase, key: MasterKey) {
        self.db = db
        self.key = key
    }

    public struct Terminal: Sendable {
        public var code: String
        public var secret: String
        public var schoolCode: String
        /// Cards of the terminal's school are `cardPrefix` + 8 digits, 0 ..< cardCount.
        public var cardPrefix: String
        public var cardCount: Int
    }

    public struct Loaded: Sendable {
        public var terminals: [Terminal]
        public var importSeconds: Double
    }

    public static func cardNumber(school: Int, index: Int) -> String {
        "2\(school)" + String(format: "%08d", index)
    }

    /// The benchmark's clerk, to read records over the console API.
    public static let clerk = (username: "bench-clerk", password: "bench-clerk-pass")

    public func load(schools: Int, cardholders: Int, terminals: Int, openingBalance: Money, history: Int = 0, at now: Date) async throws
        -> Loaded
    {
        var loaded = Loaded(terminals: [], importSeconds: 0)
        let perSchool = cardholders / schools
        // Schools, canteens, terminals and the clerk made as a card office makes them.
        let onboarding = Onboarding(store: db, masterKey: key, now: now)
        let bench = ConsoleUser.shell(user: "bench")
        for s in 1...schools {
            let code = SchoolCode(rawValue: "BENCH\(s)")!
            let school = try await onboarding.createSchool(
                .init(code: code.rawValue, name: "压测大学\(s)", campuses: [("MAIN", "主校区")]), by: bench
            ).school
            var csv = "staff_number,name,kind,campus,national_id\n"
            csv.reserveCapacity(perSchool * 50)
            for j in 0..<perSchool {
                csv += "\(Self.cardNumber(school: s, index: j)),学生,student,MAIN,\(Self.nationalID(j))\n"
            }
            let started = Date()
            let report = try await RosterImporter(db, secrets: key.cardSecrets).importRoster(
                csv: csv, school: school, actor: "bench", at: now)
            loaded.importSeconds += Date().timeIntervalSince(started)
            guard report.problems.isEmpty else {
                throw CardError.rosterFileInvalid("压测名单有误", "bench roster rejected: \(report.problems[0])")
            }
            try await openingBalances(school: school, amount: openingBalance, at: now)
            for t in 0..<(terminals / schools) {
                _ = try await onboarding.addMerchant(code: "CANTEEN\(t)", name: "食堂\(t)", campus: nil, in: school, by: bench)
                let issued = try await onboarding.addTerminal(code: "POS-\(s)-\(t)", merchant: "CANTEEN\(t)", in: school, by: bench)
                loaded.terminals.append(
                    Terminal(
                        code: issued.terminal.code, secret: issued.secret, schoolCode: code.rawValue, cardPrefix: "2\(s)",
                        cardCount: perSchool))
            }
        }
        let first = try await SchoolStore(db.sql).find(SchoolCode(rawValue: "BENCH1")!)!
        _ = try await onboarding.addStaff(
            username: Self.clerk.username, displayName: "压测柜员", role: .clerk, in: first,
            password: try await .hashing(StaffPassword(chosen: Self.clerk.password)),
            by: bench)
        if history > 0 {
            try await recordHistory(
                school: first, card: CardNumber(rawValue: Self.cardNumber(school: 1, index: 0))!, count: history, at: now)
        }
        // The opening balances' clearing entries folded in, as a live school's upkeep would have:
        // left pending, the server's first roll-up flipped a million of them in the middle of the
        // one-million-cardholder scenario (p99 300-400 ms).
        try await HotAccountRollup(db).run()
        return loaded
    }

    /// `count` one-fen canteen charges on one card, a long history to page through, posted as
    /// real transfers (set-based, a thousand at a time) so the audit still holds.
    private func recordHistory(school: SchoolRecord, card number: CardNumber, count: Int, at now: Date) async throws {
        guard let card = try await CardStore(db.sql).card(schoolID: school.id, number: number),
            let merchant = try await db.sql.raw("SELECT account_id FROM merchants WHERE school_id = \(bind: school.id) ORDER BY id LIMIT 1")
                .first(decodingColumn: "account_id", as: Int64.self)
        else { throw CardError.unknownCard }
        var balance = try await LedgerStore(db.sql).balance(of: card.purse.id).fen
        var seq =
            try await db.sql.raw("SELECT entry_seq FROM accounts WHERE id = \(bind: card.purse.id)")
            .first(decodingColumn: "entry_seq", as: Int64.self) ?? 0
        for start in stride(from: 0, to: count, by: 1000) {
            let batch = start..<min(start + 1000, count)
            try await db.transaction { [balance, seq] sql in
                var transfers = sql.insert(into: "transfers").columns(
                    "school_id", "kind", "from_account_id", "to_account_id", "amount", "idempotency_scope", "idempotency_key", "memo",
                    "at_ms")
                for i in batch {
                    transfers = transfers.values(
                        SQLBind(school.id), SQLBind(TransferKind.spend.rawValue), SQLBind(card.purse.id), SQLBind(merchant),
                        SQLBind(Int64(1)),
                        SQLBind("bench-history"), SQLBind("\(i)"), SQLBind("食堂0"),
                        SQLBind(now.epochMilliseconds - Int64(count - i) * 60_000))
                }
                var entries = sql.insert(into: "entries").columns(
                    "transfer_id", "account_id", "amount", "balance_after", "seq", "pending", "at_ms")
                for row in try await transfers.returning("id", "idempotency_key", "at_ms").all() {
                    let i = Int64(try row.decode(column: "idempotency_key", as: String.self))!
                    let (id, at) = (try row.decode(column: "id", as: Int64.self), try row.decode(column: "at_ms", as: Int64.self))
                    entries = entries.values(
                        SQLBind(id), SQLBind(card.purse.id), SQLBind(Int64(-1)), SQLBind(balance - (i - Int64(batch.lowerBound)) - 1),
                        SQLBind(seq + (i - Int64(batch.lowerBound)) + 1), SQLBind(false), SQLBind(at))
                    entries = entries.values(
                        SQLBind(id), SQLBind(merchant), SQLBind(Int64(1)), SQLBind(Int64?.none), SQLBind(Int64?.none), SQLBind(true),
                        SQLBind(at))
                }
                try await entries.run()
                try await sql.raw(
                    """
                    UPDATE accounts SET balance = balance - \(bind: Int64(batch.count)), entry_seq = entry_seq + \(bind: Int64(batch.count))
                    WHERE id = \(bind: card.purse.id)
                    """
                ).run()
            }
            balance -= Int64(batch.count)
            seq += Int64(batch.count)
        }
    }

    private func openingBalances(school: SchoolRecord, amount: Money, at now: Date) async throws {
        let clearing = try await SchoolStore(db.sql).account(.clearing(.unionPay), of: school.id)
        try await db.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO transfers (school_id, kind, from_account_id, to_account_id, amount, idempotency_scope, idempotency_key, memo, at_ms)
                SELECT school_id, 'top_up', \(bind: clearing.id), id, \(bind: amount.fen), 'bench-seed', CAST(id AS TEXT), 'opening balance', \(bind: now.epochMilliseconds)
                FROM accounts WHERE school_id = \(bind: school.id) AND kind = 'purse' AND balance = 0
                """
            ).run()
            try await sql.raw(
                """
                INSERT INTO entries (transfer_id, account_id, amount, balance_after, seq, pending, at_ms)
                SELECT t.id, t.to_account_id, t.amount, t.amount, a.entry_seq + 1, \(bind: false), t.at_ms
                FROM transfers t JOIN accounts a ON a.id = t.to_account_id WHERE t.school_id = \(bind: school.id) AND t.idempotency_scope = 'bench-seed'
                UNION ALL
                SELECT id, from_account_id, -amount, NULL, NULL, \(bind: true), at_ms FROM transfers WHERE school_id = \(bind: school.id) AND idempotency_scope = 'bench-seed'
                """
            ).run()
            try await sql.raw(
                """
                UPDATE accounts SET balance = \(bind: amount.fen), entry_seq = entry_seq + 1
                WHERE school_id = \(bind: school.id) AND kind = 'purse' AND balance = 0
                """
            ).run()
        }
    }

    /// A valid national ID (correct check character) per index.
    public static func nationalID(_ i: Int) -> String {
        let body = "1101052000" + String(format: "%07d", i)
        return body + String(NationalID.checkCharacter(forFirst17: body)!)
    }
}
