import CampusCardCore
import Foundation
import Testing

@Suite struct ReconciliationReportTests {
    @Test func everyDisagreementBetweenUsAndTheChannelIsADifference() {
        let day = LocalDate("2026-09-21")!
        let lines: [ReconciliationReport.Line] = [
            .init(orderNo: "A", status: .credited, payable: Money(fen: 5_015), fee: Money(fen: 15), channel: .paid(Money(fen: 5_015))),
            .init(orderNo: "B", status: .credited, payable: .yuan(20), fee: .zero, channel: .unpaid),
            .init(orderNo: "C", status: .awaitingPayment, payable: .yuan(30), fee: .zero, channel: .paid(.yuan(30))),
            .init(orderNo: "D", status: .credited, payable: .yuan(40), fee: .zero, channel: .paid(.yuan(41))),
            .init(orderNo: "E", status: .closed, payable: .yuan(50), fee: .zero, channel: .closed),
            .init(orderNo: "F", status: .awaitingPayment, payable: .yuan(60), fee: .zero, channel: .unreachable),
        ]
        let report = ReconciliationReport(day: day, provider: .alipay, lines: lines, refusedNotifications: [(nil, "not verified")])
        #expect(
            report.differences.map(\.kind) == [
                .creditedNotPaid, .paidNotCredited, .amountMismatch, .channelUnreachable, .refusedNotification,
            ])
        #expect(report.differences.map(\.orderNo) == ["B", "C", "D", "F", nil])
        #expect(report.creditedCount == 3 && report.creditedTotal == Money(fen: 11_015) && report.fees == Money(fen: 15))
        #expect(report.channelPaidCount == 3 && report.channelPaidTotal == Money(fen: 12_115))
        #expect(report.csv.hasPrefix("\u{FEFF}日期 day"))
        #expect(report.csv.contains("2026-09-21,alipay,3,110.15,0.15,3,121.15,5"))
    }
}
