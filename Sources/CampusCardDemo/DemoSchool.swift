import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation
import SQLKit

/// The school `campuscard serve` shows on a new laptop: two campuses, a student, a staff member,
/// an international student, a graduate about to be frozen, a canteen with a POS terminal and
/// two staff accounts. Seeding twice changes nothing.
public enum DemoSchool {
    public static let code = SchoolCode(rawValue: "DEMO")!
    public static let terminalCode = "POS-DEMO-1"

    public struct Credentials: Sendable {
        public var staff: [(username: String, password: String, role: StaffRole)]
        public var cardholders: [(staffNumber: String, name: String, secret: String)]
        public var terminalCode: String
        public var terminalSecret: String
    }

    /// Demo-only passwords, printed at start; a real school creates its own staff accounts.
    static let staff: [(username: String, name: String, password: String, role: StaffRole)] = [
        ("demo-admin", "演示管理员", "demo-admin-pass", .admin),
        ("demo-clerk", "演示服务中心", "demo-clerk-pass", .clerk),
    ]

    /// The demo's passwords are printed for anyone to read: hashed once per process, they spare a
    /// test run's hundreds of demo schools a quarter of a second of scrypt each.
    private static let hashedStaff = Task {
        var hashed: [String: StaffCredential] = [:]
        for member in staff { hashed[member.username] = try await .hashing(StaffPassword(chosen: member.password)) }
        return hashed
    }

    @discardableResult
    public static func seed(_ db: StoreDatabase, key: MasterKey, at now: Date) async throws -> Credentials {
        let timeZone = TimeZone(identifier: "Asia/Shanghai")!
        // The graduate left long enough ago to be frozen two weeks from today.
        let today = LocalDate(now, in: timeZone)
        let graduateLeft = today.adding(months: -3).addingDays(14)
        let roster = """
            staff_number,name,kind,campus,national_id,passport,leave_date,card_number
            20260001,张三,student,MAIN,440305200001011235,,,
            20169001,李老师,staff,EAST,310115199908154565,,,
            20269001,Anna Smith,international,MAIN,,E12345678,,
            20220001,王五,student,EAST,110108200102037890,,\(graduateLeft),
            """
        let existing = try await SchoolStore(db.sql).find(code)
        let school: SchoolRecord
        if let existing {
            school = existing
        } else {
            // Made as a card office makes its school (`campuscard school add`, `merchant add`, …).
            let onboarding = Onboarding(store: db, masterKey: key, now: now)
            let demo = ConsoleUser.shell(user: "demo")
            school = try await onboarding.createSchool(
                .init(
                    code: code.rawValue, name: "示范大学", nameEn: "Demo University", timeZone: timeZone.identifier,
                    campuses: [("MAIN", "主校区（海淀）"), ("EAST", "东校区（昌平）")]), by: demo
            ).school
            _ = try await onboarding.addMerchant(code: "CANTEEN1", name: "第一食堂", campus: "MAIN", in: school, by: demo)
            _ = try await onboarding.addTerminal(code: terminalCode, merchant: "CANTEEN1", in: school, by: demo)
            for member in staff {
                _ = try await onboarding.addStaff(
                    username: member.username, displayName: member.name, role: member.role, in: school,
                    password: try await hashedStaff.value[member.username], by: demo)
            }
            _ = try await RosterImporter(db, secrets: key.cardSecrets).importRoster(csv: roster, school: school, actor: "demo", at: now)
            try await openingBalance("20260001", .yuan(100), school: school, db: db, at: now)
            try await openingBalance("20220001", Money(fen: 3550), school: school, db: db, at: now)
        }
        guard let terminal = try await TerminalDirectory(db, box: key.secretBox).terminal(code: terminalCode) else {
            throw CardError.notFound("demo terminal")
        }
        return Credentials(
            staff: staff.map { ($0.username, $0.password, $0.role) },
            cardholders: [
                ("20260001", "张三", "011235"), ("20169001", "李老师", "154565"), ("20269001", "Anna Smith", "E12345678"),
                ("20220001", "王五", "037890"),
            ],
            terminalCode: terminal.code, terminalSecret: terminal.secret)
    }

    /// Demo money arrives as an Alipay top-up, so the ledger balances from the first minute.
    private static func openingBalance(_ staffNumber: String, _ amount: Money, school: SchoolRecord, db: StoreDatabase, at: Date)
        async throws
    {
        try await db.transaction { sql in
            guard let card = try await CardStore(sql).card(schoolID: school.id, number: CardNumber(rawValue: staffNumber)!) else {
                throw CardError.unknownCard
            }
            let request = try TransferRequest(
                kind: .topUp, from: try await SchoolStore(sql).account(.clearing(.alipay), of: school.id), to: card.purse, amount: amount,
                key: IdempotencyKey(scope: "demo-seed", key: staffNumber), memo: "演示开户余额")
            _ = try await LedgerStore(sql).post(request, schoolID: school.id, at: at)
        }
    }
}
