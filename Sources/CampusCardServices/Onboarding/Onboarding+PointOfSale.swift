import CampusCardCore
import CampusCardStore
import Foundation

/// Canteens and shops, each with the ledger account its takings go to, and the POS terminals that
/// charge cards for them. A terminal's HMAC secret is in the answer when it is made and when it is
/// re-keyed, and never again: the database keeps it sealed with the master key.
extension Onboarding {
    public func addMerchant(code: String, name: String, campus: String?, in school: SchoolRecord, by user: ConsoleUser) async throws
        -> MerchantRecord
    {
        try user.require(.runSchool, in: school)
        let (code, name) = (try MerchantCode(entered: code), try DisplayName(name, field: "name"))
        let campusCode = try campus.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try Self.campusCode($0) }
        return try await audited("merchant_added", school: school.id, subject: code.rawValue, by: user) { [now, masterKey] sql in
            var campusID: Int64?
            if let campusCode {
                guard let campus = try await SchoolStore(sql).campuses(of: school.id).first(where: { $0.code == campusCode }) else {
                    throw CardError.unknownCampus(campusCode.rawValue)
                }
                campusID = campus.id
            }
            let merchant = try await MerchantStore(sql, box: masterKey.secretBox).createMerchant(
                schoolID: school.id, campusID: campusID, code: code.rawValue, name: name.text, at: now)
            return (merchant, ["name": name.text, "campus": campusCode?.rawValue ?? ""])
        }
    }

    public func merchants(of school: SchoolRecord, for user: ConsoleUser) async throws -> [MerchantRecord] {
        try user.require(.read, in: school)
        return try await MerchantStore(store.sql, box: masterKey.secretBox).merchants(schoolID: school.id)
    }

    /// A terminal that pays `merchant`, with its new secret (once).
    public func addTerminal(code: String, merchant: String, in school: SchoolRecord, by user: ConsoleUser) async throws -> IssuedTerminal {
        try user.require(.runSchool, in: school)
        let (code, merchantCode) = (try TerminalCode(entered: code), try MerchantCode(entered: merchant))
        return try await audited("terminal_added", school: school.id, subject: code.rawValue, by: user) { [now, masterKey] sql in
            let store = MerchantStore(sql, box: masterKey.secretBox)
            guard let merchant = try await store.merchant(schoolID: school.id, code: merchantCode.rawValue) else {
                throw CardError.notFound("merchant \(merchantCode.rawValue)")
            }
            let terminal = try await store.createTerminal(merchant: merchant, schoolID: school.id, code: code.rawValue, at: now)
            let entry = TerminalEntry(
                id: terminal.id, code: terminal.code, merchantCode: merchant.code, merchantName: merchant.name, active: true, createdAt: now
            )
            return (IssuedTerminal(terminal: entry, secret: terminal.secret), ["merchant": merchant.code])
        }
    }

    /// A new secret, in the answer once; requests signed with the old one are refused from now on.
    public func rekeyTerminal(_ code: String, in school: SchoolRecord, by user: ConsoleUser) async throws -> IssuedTerminal {
        try await changingTerminal(code, in: school, action: "terminal_rekeyed", by: user) { store, terminal in
            IssuedTerminal(terminal: terminal, secret: try await store.rekey(terminal))
        }
    }

    /// Its next request is refused; its records stay.
    public func disableTerminal(_ code: String, in school: SchoolRecord, by user: ConsoleUser) async throws -> TerminalEntry {
        try await changingTerminal(code, in: school, action: "terminal_disabled", by: user) { store, terminal in
            try await store.disable(terminal)
            var disabled = terminal
            disabled.active = false
            return disabled
        }
    }

    public func terminals(of school: SchoolRecord, for user: ConsoleUser) async throws -> [TerminalEntry] {
        try user.require(.read, in: school)
        return try await MerchantStore(store.sql, box: masterKey.secretBox).terminals(schoolID: school.id)
    }

    /// An active terminal of `school` changed by `body`, with its audit record.
    private func changingTerminal<T: Sendable>(
        _ code: String, in school: SchoolRecord, action: String, by user: ConsoleUser,
        _ body: @escaping @Sendable (MerchantStore, TerminalEntry) async throws -> T
    ) async throws -> T {
        try user.require(.runSchool, in: school)
        let code = try TerminalCode(entered: code)
        return try await audited(action, school: school.id, subject: code.rawValue, by: user) { [masterKey] sql in
            let store = MerchantStore(sql, box: masterKey.secretBox)
            guard let terminal = try await store.terminal(schoolID: school.id, code: code.rawValue), terminal.active else {
                throw CardError.notFound("terminal \(code.rawValue)")
            }
            return (try await body(store, terminal), ["merchant": terminal.merchantCode])
        }
    }
}
