import Foundation

/// An account as a transfer names it: its id and what it is, which decides how its balance moves
/// (a purse's running balance row, or a hot account's insert-only entries).
public struct LedgerAccount: Hashable, Sendable, Codable {
    public var id: AccountID
    public var kind: AccountKind

    public init(id: AccountID, kind: AccountKind) {
        self.id = id
        self.kind = kind
    }
}
