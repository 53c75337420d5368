import CampusCardCore
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

    public func load(schools: Int, cardholders: Int, terminals: Int, openingBalance: Money, at now: Date) async throws -> Loaded {
        var loaded = Loaded(terminals: [], importSeconds: 0)
        let perSchool = cardholders / schools
        for s in 1...schools {
            let code = SchoolCode(rawValue: "BENCH\(s)")!
            let school = try await SchoolStore(db.sql).create(
                code: code, name: "压测大学\(s)", timeZone: TimeZone(identifier: "Asia/Shanghai")!,
                campuses: [(CampusCode(rawValue: "MAIN")!, "主校区")], at: now)
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
            let box = key.secretBox
            for t in 0..<(terminals / schools) {
                let merchant = try await MerchantStore(db.sql, box: box).createMerchant(
                    schoolID: school.id, campusID: nil, code: "CANTEEN\(t)", name: "食堂\(t)", at: now)
                let terminal = try await MerchantStore(db.sql, box: box).createTerminal(
                    merchant: merchant, schoolID: school.id, code: "POS-\(s)-\(t)", at: now)
                loaded.terminals.append(
                    Terminal(
                        code: terminal.code, secret: terminal.secret, schoolCode: code.rawValue, cardPrefix: "2\(s)", cardCount: perSchool))
            }
        }
        return loaded
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
                INSERT INTO entries (transfer_id, account_id, amount, balance_after, pending, at_ms)
                SELECT id, to_account_id, amount, amount, \(bind: false), at_ms FROM transfers WHERE school_id = \(bind: school.id) AND idempotency_scope = 'bench-seed'
                UNION ALL
                SELECT id, from_account_id, -amount, NULL, \(bind: true), at_ms FROM transfers WHERE school_id = \(bind: school.id) AND idempotency_scope = 'bench-seed'
                """
            ).run()
            try await sql.raw(
                "UPDATE accounts SET balance = \(bind: amount.fen) WHERE school_id = \(bind: school.id) AND kind = 'purse' AND balance = 0"
            ).run()
        }
    }

    /// A valid national ID (correct check character) per index.
    public static func nationalID(_ i: Int) -> String {
        let body = "1101052000" + String(format: "%07d", i)
        return body + String(NationalID.checkCharacter(forFirst17: body)!)
    }
}
