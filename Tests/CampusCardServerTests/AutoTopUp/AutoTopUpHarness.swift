import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Vapor

/// A school with cardholders on one database, each given an auto top-up agreement on a test card
/// of the in-memory bank, and services whose clock the test sets.
struct AutoTopUpHarness: Sendable {
    let fixture: LedgerFixture
    let bank: InMemoryAutoDebit
    let key: MasterKey
    let runtime: DatabaseRuntime

    var school: SchoolRecord { fixture.school }
    var db: StoreDatabase { runtime.database }
    var timeZone: TimeZone { fixture.school.timeZone }

    static func with(_ engine: Engine, cardholders: Int = 2, _ body: (TestDatabase, AutoTopUpHarness) async throws -> Void) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let fixture = try await LedgerFixture.make(on: runtime, cardholders: cardholders)
                let harness = AutoTopUpHarness(fixture: fixture, bank: InMemoryAutoDebit(), key: MasterKey.generate().key, runtime: runtime)
                try await body(test, harness)
            }
        }
    }

    /// The services as one process runs them at `now` (another process: another runtime's database).
    func context(at now: Date, on store: StoreDatabase? = nil) -> ServiceContext {
        var context = ServiceContext(
            store: store ?? db, now: now, logger: Logger(label: "auto-top-up-test"), masterKey: key, channels: nil, transport: NoTransport()
        )
        context.autoDebit = bank
        return context
    }

    /// The school's local time as "yyyy-MM-dd HH:mm".
    func local(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.date(from: text.count == 16 ? text + ":00" : text)!
    }

    func cardholderID(_ i: Int) async throws -> Int64 {
        try await CardStore(db.sql).card(schoolID: school.id, number: CardNumber(rawValue: LedgerFixture.staffNumber(i))!)!.cardholderID
    }

    /// Cardholder `i` signed at `at` with `card`: threshold and amount as given.
    @discardableResult
    func sign(
        _ i: Int, card: InMemoryAutoDebit.Card = .funds, threshold: Money = .yuan(20), amount: Money = .yuan(50), at: Date
    ) async throws -> AutoTopUpAgreement {
        let agreements = AutoTopUpAgreements(db)
        let opened = try await agreements.open(
            schoolID: school.id, cardholderID: try await cardholderID(i), purse: fixture.purses[i], token: bank.token(for: card),
            cardLastFour: String(card.rawValue.suffix(4)), defaults: (threshold, amount), actor: "test", at: at)
        let terms = AutoTopUpTerms(settings: school.settings, timeZone: timeZone)
        return try await agreements.sign(
            opened.id, threshold: threshold, amount: amount, expiresAt: terms.expiry(signedAt: at), actor: "test", at: at)
    }

    /// Cardholder `i` with ¥`balance`, signed "below ¥20, ¥50" on `card`, then a spend that leaves
    /// ¥`left`: the agreement is due.
    func dipped(_ i: Int, card: InMemoryAutoDebit.Card, balance: Money = .yuan(25), left: Money = .yuan(15), at: Date) async throws {
        _ = try await fixture.topUp(fixture.purses[i], balance, key: "seed\(i)", on: db)
        try await sign(i, card: card, at: at)
        try await spend(i, balance - left, key: "dip\(i)", at: at)
    }

    func balance(_ i: Int) async throws -> Money {
        Money(
            fen: try await db.sql.raw("SELECT balance FROM accounts WHERE id = \(bind: fixture.purses[i].id)").first(
                decodingColumn: "balance", as: Int64.self) ?? -1)
    }

    /// A canteen charge on purse `i`, on `store` (the spend path's purse update, with its watch).
    func spend(_ i: Int, _ amount: Money, key: String, at: Date, on store: StoreDatabase? = nil) async throws {
        let request = try TransferRequest(
            kind: .spend, from: fixture.purses[i], to: fixture.canteen.account, amount: amount,
            key: IdempotencyKey(scope: "terminal:T1", key: key))
        _ = try await (store ?? db).transaction { [school] sql in try await LedgerStore(sql).post(request, schoolID: school.id, at: at) }
    }

    /// The auto top-up notices of cardholder `i`: kind and when, oldest first.
    func notices(_ i: Int) async throws -> [(kind: String, at: Date, body: String)] {
        try await db.sql.raw(
            """
            SELECT kind, at_ms, body FROM cardholder_notices WHERE cardholder_id = \(bind: try await cardholderID(i)) AND kind LIKE 'auto_top_up%'
            ORDER BY id
            """
        ).all().map {
            (
                try $0.decode(column: "kind", as: String.self), Date(epochMilliseconds: try $0.decode(column: "at_ms", as: Int64.self)),
                try $0.decode(column: "body", as: String.self)
            )
        }
    }

    func orders(_ i: Int) async throws -> [TopUpOrder] {
        try await TopUpOrders(db).orders(of: try await cardholderID(i)).filter { $0.kind == .auto }
    }
}

/// No channel is reached in these tests but the in-memory bank.
struct NoTransport: ChannelTransport {
    func send(_ call: ChannelCall) async throws -> ChannelAnswer {
        throw CardError.paymentChannelUnavailable(.unionPay)
    }
}
