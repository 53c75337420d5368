import CampusCardBench
import CampusCardCore
import CampusCardStore
import Foundation
import SQLKit

/// A school with a canteen and `cardholders` students, each with a purse, ready for money to move.
public struct LedgerFixture: Sendable {
    public let school: SchoolRecord
    public let clearing: LedgerAccount
    public let cash: LedgerAccount
    public let canteen: MerchantRecord
    public let purses: [LedgerAccount]

    public static let now = Date(timeIntervalSince1970: 1_790_000_000)

    public static func make(on runtime: DatabaseRuntime, cardholders: Int = 3) async throws -> LedgerFixture {
        let db = runtime.database
        let key = MasterKey.generate().key
        let school = try await SchoolStore(db.sql).create(
            code: SchoolCode(rawValue: "TEST")!, name: "测试大学", timeZone: TimeZone(identifier: "Asia/Shanghai")!,
            campuses: [(CampusCode(rawValue: "MAIN")!, "主校区")], at: now)
        let rows = (0..<cardholders).map { i in "\(staffNumber(i)),学生甲,student,MAIN,\(nationalID(i))," }
        let report = try await RosterImporter(db, secrets: key.cardSecrets).importRoster(
            csv: (["staff_number,name,kind,campus,national_id,leave_date"] + rows).joined(separator: "\n"), school: school, actor: "test",
            at: now)
        precondition(report.problems.isEmpty, "\(report.problems)")
        var purses: [LedgerAccount] = []
        for i in 0..<cardholders {
            purses.append(try await CardStore(db.sql).card(schoolID: school.id, number: CardNumber(rawValue: staffNumber(i))!)!.purse)
        }
        return LedgerFixture(
            school: school,
            clearing: try await SchoolStore(db.sql).account(.clearing(.alipay), of: school.id),
            cash: try await SchoolStore(db.sql).account(.serviceCenterCash, of: school.id),
            canteen: try await MerchantStore(db.sql, box: key.secretBox).createMerchant(
                schoolID: school.id, campusID: nil, code: "CANTEEN1", name: "一食堂", at: now),
            purses: purses)
    }

    public static func staffNumber(_ i: Int) -> String { "2026\(String(format: "%06d", i))" }

    /// A valid 18-character national ID (correct check character) for test cardholder `i`.
    public static func nationalID(_ i: Int) -> String { BenchLoader.nationalID(i) }

    public func topUp(_ purse: LedgerAccount, _ amount: Money, key: String, on db: StoreDatabase) async throws -> TransferReceipt {
        let request = try TransferRequest(
            kind: .topUp, from: clearing, to: purse, amount: amount, key: IdempotencyKey(scope: "alipay", key: key))
        return try await db.transaction { [school] sql in try await LedgerStore(sql).post(request, schoolID: school.id, at: Self.now) }
    }

    public func spend(_ purse: LedgerAccount, _ amount: Money, key: String, on db: StoreDatabase) async throws -> TransferReceipt {
        let request = try TransferRequest(
            kind: .spend, from: purse, to: canteen.account, amount: amount, key: IdempotencyKey(scope: "terminal:T1", key: key))
        return try await db.transaction { [school] sql in try await LedgerStore(sql).post(request, schoolID: school.id, at: Self.now) }
    }
}
