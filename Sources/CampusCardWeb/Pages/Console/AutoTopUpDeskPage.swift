import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation

/// `/console/cardholders/{学工号}/auto-top-up`: the cardholder's auto top-up as the service center
/// sees it (the agreement, every change with who and when, the debits), and a refund of a debit
/// inside its window, back to the bank card (never cash), confirmed by a ticked box.
public struct AutoTopUpDeskPage: Sendable {
    public var staff: StaffMember
    public var cardholder: CardholderEntry
    public var overview: AutoTopUpService.Overview
    public var done: String?
    public var error: CardError?

    public init(
        staff: StaffMember, cardholder: CardholderEntry, overview: AutoTopUpService.Overview, done: String? = nil, error: CardError? = nil
    ) {
        (self.staff, self.cardholder, self.overview, self.done, self.error) = (staff, cardholder, overview, done, error)
    }

    public static func path(_ staffNumber: String) -> String { ConsoleSearchPage.profilePath(staffNumber) + "/auto-top-up" }

    public static func title(_ c: PageContext) -> String { c.t("自动充值", "Auto top-up") }

    public func render(_ c: PageContext) -> String {
        CounterSteps.page(Self.title(c), staff: staff, cardholder: cardholder, c) {
            if let error { Components.alert(c.message(error)) }
            if let done { el("p", .class("note"), .role("status")) { done } }
            if let agreement = overview.agreement {
                el("dl", .class("facts")) {
                    el("dt") { c.t("协议状态", "Agreement") }
                    el("dd", .id("agreement-status")) { AutoTopUpWords.status(agreement.status, c) }
                    el("dt") { c.t("银行卡", "Bank card") }
                    el("dd") { "*" + agreement.cardLastFour }
                    el("dt") { c.t("规则", "Rule") }
                    el("dd") { "< \(agreement.threshold.formatted) → +\(agreement.amount.formatted)" }
                    el("dt") { c.t("到期", "Expires") }
                    el("dd") { agreement.expiresAt.map(c.date) ?? "" }
                    el("dt") { c.t("连续失败", "Failures in a row") }
                    el("dd") { "\(agreement.failures)" }
                }
            } else {
                Components.empty(c.t("此持卡人未开通自动充值。", "This cardholder has no auto top-up."))
            }
            el("h2") { c.t("变更记录", "Changes") }
            el("ul") {
                for change in overview.changes {
                    el("li") { "\(c.dateTime(change.at)) \(AutoTopUpWords.change(change, c))" }
                }
            }
            el("h2") { c.t("代扣记录", "Debits") }
            el("table") {
                el("thead") {
                    el("tr") {
                        for title in [
                            c.t("时间", "Time"), c.t("订单号", "Order"), c.t("金额", "Amount"), c.t("结果", "Result"), c.t("退款", "Refund"),
                        ] {
                            el("th", Attribute("scope", "col")) { title }
                        }
                    }
                }
                el("tbody") {
                    for line in overview.debits {
                        el("tr") {
                            el("td") { c.dateTime(line.debit.at) }
                            el("td") { line.debit.orderNo }
                            el("td") { line.debit.amount.formatted }
                            el("td") {
                                AutoTopUpWords.result(line.debit, refunded: overview.refunded(line.debit), c)
                                    + (line.debit.bankCode.map { c.t("（银行应答码 \($0)）", " (bank code \($0))") } ?? "")
                            }
                            el("td") { refund(line, c) }
                        }
                    }
                }
            }
        }
    }

    private func refund(_ line: AutoTopUpService.DebitLine, _ c: PageContext) -> Node {
        guard let lastDay = line.refundLastDay else { return el("span") { "" } }
        guard line.refundable, staff.role.may(.serveCardholders) else {
            return el("span") { c.t("期限 \(lastDay)", "until \(lastDay)") }
        }
        let id = "confirm-\(line.debit.orderNo)"
        return PostForm(action: Self.path(cardholder.staffNumber) + "/refund", csrf: c.csrfToken) {
            void("input", [.type("hidden"), .name("order_no"), .value(line.debit.orderNo)])
            void("input", [.id(id), .type("checkbox"), .name(id), .value("yes"), .required])
            el("label", .for(id)) {
                c.t(
                    "退 \(line.debit.amount.formatted) 到银行卡（\(lastDay) 前）",
                    "Refund \(line.debit.amount.formatted) to the bank card (until \(lastDay))")
            }
            Components.submit(c.t("退款", "Refund"), class: "secondary")
        }.node
    }
}
