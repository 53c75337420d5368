import CampusCardCore
import Testing

@Suite struct LedgerAuditTests {
    @Test func aBalancedLedgerHolds() {
        let audit = LedgerAudit(
            accounts: [
                .init(accountID: 1, kind: .purse, label: "purse:1", balance: .yuan(50), entriesSum: .yuan(50)),
                .init(accountID: 2, kind: .channelClearing, label: "clearing", balance: .yuan(-50), entriesSum: .yuan(-50)),
            ], transfersChecked: 1, unbalancedTransfers: [])
        #expect(audit.holds)
    }

    @Test func namesTheAccountWhoseBalanceWasAltered() {
        let audit = LedgerAudit(
            accounts: [
                .init(accountID: 1, kind: .purse, label: "purse:1", balance: .yuan(60), entriesSum: .yuan(50)),
                .init(accountID: 2, kind: .channelClearing, label: "clearing", balance: .yuan(-50), entriesSum: .yuan(-50)),
            ], transfersChecked: 1, unbalancedTransfers: [])
        #expect(audit.violations == [.balanceDiffersFromEntries(accountID: 1, label: "purse:1", balance: .yuan(60), entriesSum: .yuan(50))])
        #expect(audit.violations[0].description.contains("purse:1"))
    }

    @Test func findsNegativePursesUnbalancedTransfersAndANonZeroLedger() {
        let audit = LedgerAudit(
            accounts: [.init(accountID: 1, kind: .purse, label: "purse:1", balance: Money(fen: -1), entriesSum: Money(fen: -1))],
            transfersChecked: 3, unbalancedTransfers: [7])
        #expect(audit.violations.contains(.negativePurse(accountID: 1, label: "purse:1", balance: Money(fen: -1))))
        #expect(audit.violations.contains(.unbalancedTransfer(transferID: 7)))
        #expect(audit.violations.contains(.ledgerDoesNotSumToZero(total: Money(fen: -1))))
    }

    @Test func transferRequestsRefuseNonPositiveAmountsAndSelfTransfers() throws {
        let key = try IdempotencyKey(scope: "test", key: "1")
        let purse = LedgerAccount(id: 1, kind: .purse)
        let merchant = LedgerAccount(id: 2, kind: .merchant)
        #expect(throws: CardError.self) { try TransferRequest(kind: .spend, from: purse, to: merchant, amount: .zero, key: key) }
        #expect(throws: CardError.self) { try TransferRequest(kind: .spend, from: purse, to: merchant, amount: Money(fen: -5), key: key) }
        #expect(throws: CardError.self) { try TransferRequest(kind: .spend, from: purse, to: purse, amount: .yuan(1), key: key) }
        #expect(throws: CardError.self) { try IdempotencyKey(scope: "test", key: "") }
        #expect(throws: CardError.self) { try IdempotencyKey(scope: "test", key: String(repeating: "a", count: 65)) }
    }
}
