import CampusCardCore
import CampusCardStore
import Foundation
import SQLKit

/// Setting a school up and keeping it running: the school and its campuses, staff accounts,
/// canteens and their POS terminals. Each change is one transaction with its audit record; the
/// API, the console's pages, the `campuscard` commands, the demo seeder and the bench loader all
/// make schools through these same functions.
public struct Onboarding: Sendable {
    let store: StoreDatabase
    let masterKey: MasterKey
    let now: Date

    public init(_ context: ServiceContext) {
        self.init(store: context.store, masterKey: context.masterKey, now: context.now)
    }

    /// For the command line, which runs without channels or a server.
    public init(store: StoreDatabase, masterKey: MasterKey, now: Date) {
        (self.store, self.masterKey, self.now) = (store, masterKey, now)
    }

    /// A password or terminal secret is in the answer once: it is stored only hashed or sealed.
    public struct IssuedPassword: Sendable {
        public var member: StaffMember
        public var password: String
    }

    public struct IssuedTerminal: Sendable {
        public var terminal: TerminalEntry
        public var secret: String
    }

    /// Writes `body` and its audit record (`action` on `subject`, with what `body` says of it:
    /// never a secret) in one transaction.
    func audited<T: Sendable>(
        _ action: String, school: Int64?, subject: String, by user: ConsoleUser,
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> (T, detail: [String: String])
    ) async throws -> T {
        try await store.transaction { [now] sql in
            let (result, detail) = try await body(sql)
            try await AuditLog(sql).record(
                schoolID: school, actor: user.auditName, action: action, subject: subject, detail: detail, at: now)
            return result
        }
    }
}
