import Foundation

/// The ledger's invariants, checked from totals the store reads in one snapshot: every account's
/// balance equals the sum of its entries, the entries of every transfer and of the whole ledger
/// sum to zero, and no purse is below zero.
public struct LedgerAudit: Sendable, Codable, Equatable {
    public struct AccountTotals: Sendable, Codable, Equatable {
        public var accountID: AccountID
        public var kind: AccountKind
        public var label: String
        /// The balance the ledger answers with (for a hot account: rolled-up total + entries
        /// not yet rolled up).
        public var balance: Money
        /// The sum of every entry ever posted to the account.
        public var entriesSum: Money

        public init(accountID: AccountID, kind: AccountKind, label: String, balance: Money, entriesSum: Money) {
            (self.accountID, self.kind, self.label, self.balance, self.entriesSum) = (accountID, kind, label, balance, entriesSum)
        }
    }

    public enum Violation: Sendable, Codable, Equatable, CustomStringConvertible {
        case balanceDiffersFromEntries(accountID: AccountID, label: String, balance: Money, entriesSum: Money)
        case negativePurse(accountID: AccountID, label: String, balance: Money)
        case unbalancedTransfer(transferID: TransferID)
        case unknownAccount(accountID: AccountID)
        case ledgerDoesNotSumToZero(total: Money)

        public var description: String {
            switch self {
            case let .balanceDiffersFromEntries(id, label, balance, sum):
                "account \(id) (\(label)): balance \(balance.formatted) but its entries sum to \(sum.formatted)"
            case let .negativePurse(id, label, balance):
                "account \(id) (\(label)): purse below zero at \(balance.formatted)"
            case let .unbalancedTransfer(id):
                "transfer \(id): its entries do not balance (must be one debit and one equal credit)"
            case let .unknownAccount(id):
                "account \(id): named by entries or transfers but does not exist"
            case let .ledgerDoesNotSumToZero(total):
                "all entries together sum to \(total.formatted), not zero"
            }
        }
    }

    public var accountsChecked: Int
    public var transfersChecked: Int
    public var violations: [Violation]

    public var holds: Bool { violations.isEmpty }

    public init(accounts: [AccountTotals], transfersChecked: Int, unbalancedTransfers: [TransferID], unknownAccounts: [AccountID] = []) {
        var violations: [Violation] = []
        var total = Money.zero
        for account in accounts {
            total += account.entriesSum
            if account.balance != account.entriesSum {
                violations.append(
                    .balanceDiffersFromEntries(
                        accountID: account.accountID, label: account.label, balance: account.balance, entriesSum: account.entriesSum))
            }
            if !account.kind.mayGoNegative && account.balance < .zero {
                violations.append(.negativePurse(accountID: account.accountID, label: account.label, balance: account.balance))
            }
        }
        violations += unbalancedTransfers.map(Violation.unbalancedTransfer)
        violations += unknownAccounts.map(Violation.unknownAccount)
        if total != .zero { violations.append(.ledgerDoesNotSumToZero(total: total)) }
        self.accountsChecked = accounts.count
        self.transfersChecked = transfersChecked
        self.violations = violations
    }
}
