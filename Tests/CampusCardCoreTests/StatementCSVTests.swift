import CampusCardCore
import Foundation
import Testing

@Suite struct StatementCSVTests {
    @Test func aStatementReadsInTheSchoolsTimeAndQuotesWhatNeedsIt() {
        let records = [
            PurseRecord(
                transferID: 7, kind: .spend, amount: Money(fen: -1250), balanceAfter: Money(fen: 8750),
                at: Date(timeIntervalSince1970: 1_790_000_000), memo: "第一食堂, 二楼"),
            PurseRecord(
                transferID: 9, kind: .refund, amount: Money(fen: -500), balanceAfter: Money(fen: 8250),
                at: Date(timeIntervalSince1970: 1_790_000_060), memo: "=HYPERLINK(\"x\")"),
        ]
        let csv = StatementCSV.render(records, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let lines = csv.dropFirst().split(separator: "\r\n").map(String.init)
        #expect(csv.hasPrefix("\u{FEFF}"))
        #expect(lines[1] == "2026-09-21 22:13:20,消费 spend,-12.50,87.50,\"第一食堂, 二楼\",7")
        #expect(lines[2] == "2026-09-21 22:14:20,误充退款 refund,-5.00,82.50,\"'=HYPERLINK(\"\"x\"\")\",9")
    }
}
