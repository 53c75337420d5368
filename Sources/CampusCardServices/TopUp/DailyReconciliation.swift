import CampusCardCore
import CampusCardStore
import Foundation

/// The card office's daily reconciliation: every order of one school day with one provider asked
/// about at the channel (its query API) and set against our record, with the notifications that
/// were refused that day, and the day's T+1 bill check once it ran (`BillReconciliation`).
public struct DailyReconciliation: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func report(school: SchoolRecord, date: String?, provider name: String?) async throws -> ReconciliationReport {
        guard let date, let day = LocalDate(date) else {
            throw CardError.invalidField("date", zh: "日期格式应为 YYYY-MM-DD", en: "date must be YYYY-MM-DD")
        }
        guard let provider = name.flatMap(PaymentProvider.init(rawValue:)) else {
            throw CardError.invalidField(
                "provider", zh: "渠道应为 alipay、wechat_pay 或 unionpay", en: "provider is alipay, wechat_pay or unionpay")
        }
        let channel = try? context.paymentChannel(for: provider)
        var lines: [ReconciliationReport.Line] = []
        for order in try await TopUpOrders(context.store).orders(schoolID: school.id, provider: provider, day: day) {
            let view: ReconciliationReport.ChannelView
            switch try? await channel?.query(order, at: context.now) {
            case .paid(let notice)?: view = .paid(notice.paidTotal)
            case .unpaid?: view = .unpaid
            case .closed?: view = .closed
            case .unknown?: view = .unknown
            case nil: view = .unreachable
            }
            lines.append(.init(orderNo: order.orderNo, status: order.status, payable: order.payable, fee: order.fee, channel: view))
        }
        let refusals = try await ChannelNotificationLog(context.store.sql).refusals(
            provider, schoolID: school.id, from: day.start(in: school.timeZone), until: day.addingDays(1).start(in: school.timeZone))
        let bill = try await BillChecks(context.store).check(.init(schoolID: school.id, provider: provider, day: day))
        return ReconciliationReport(day: day, provider: provider, lines: lines, refusedNotifications: refusals, bill: bill)
    }
}
