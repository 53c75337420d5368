import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/cardholders/{学工号}/refund`: refunding a mistaken top-up. First the clerk picks one
/// of the cardholder's credited top-ups and says how much and why; then a confirmation says
/// exactly what will happen before anything does.
public struct RefundTopUpPage: Sendable {
    /// A credited top-up that can still be refunded, and how much of it.
    public struct Choice: Sendable {
        public var orderNo: String
        public var createdAt: Date
        public var provider: PaymentProvider
        public var amount: Money
        public var refunded: Money
        public var left: Money { amount - refunded }

        public init(orderNo: String, createdAt: Date, provider: PaymentProvider, amount: Money, refunded: Money) {
            (self.orderNo, self.createdAt, self.provider, self.amount, self.refunded) = (orderNo, createdAt, provider, amount, refunded)
        }

        public init(_ order: TopUpOrder) {
            self.init(
                orderNo: order.orderNo, createdAt: order.createdAt, provider: order.provider, amount: order.amount, refunded: order.refunded
            )
        }
    }

    public enum Stage: Sendable {
        /// The form: the choices, and what was typed with the refusal, if any.
        case choose(choices: [Choice], order: String?, amount: String, reason: String, error: CardError?)
        /// The confirmation; `requestID` makes the refund happen once however often it is posted.
        case confirm(choice: Choice, amount: Money, reason: String, requestID: String)
    }

    public var staff: StaffMember
    public var cardholder: CardholderEntry
    public var stage: Stage

    public init(staff: StaffMember, cardholder: CardholderEntry, stage: Stage) {
        (self.staff, self.cardholder, self.stage) = (staff, cardholder, stage)
    }

    public static func path(_ staffNumber: String) -> String { ConsoleSearchPage.profilePath(staffNumber) + "/refund" }

    public func render(_ c: PageContext) -> String {
        CounterSteps.page(c.t("退还误充值", "Refund a mistaken top-up"), staff: staff, cardholder: cardholder, c) {
            switch stage {
            case .choose(let choices, let order, let amount, let reason, let error):
                choose(choices, order: order, amount: amount, reason: reason, error: error, c)
            case .confirm(let choice, let amount, let reason, let requestID):
                confirm(choice, amount: amount, reason: reason, requestID: requestID, c)
            }
        }
    }

    private func orderLine(_ choice: Choice, _ c: PageContext) -> String {
        "\(c.dateTime(choice.createdAt)) · \(c.t(choice.provider.chineseName, choice.provider.englishName)) · \(choice.amount.formatted)"
    }

    private func choose(_ choices: [Choice], order: String?, amount: String, reason: String, error: CardError?, _ c: PageContext) -> Node {
        // One top-up to choose from: chosen already.
        let selected = order ?? (choices.count == 1 ? choices[0].orderNo : nil)
        return el("section", .class("card")) {
            if choices.isEmpty {
                Components.empty(c.t("此持卡人没有可退的充值。", "This cardholder has no top-up left to refund."))
            } else {
                // The fields show their own refusal; anything else (the order) above the form.
                if let error, !["amount", "reason"].contains(error.details["field"] ?? "") { Components.alert(c.message(error)) }
                PostForm(action: Self.path(cardholder.staffNumber) + "/confirm", csrf: c.csrfToken) {
                    el("fieldset", .class("orders")) {
                        el("legend") {
                            c.t(
                                "选择误充的充值（余额 \(cardholder.balance.formatted)）",
                                "Choose the mistaken top-up (balance \(cardholder.balance.formatted))")
                        }
                        for choice in choices {
                            el("label", .class("choice")) {
                                void(
                                    "input",
                                    [
                                        .type("radio"), .name("order"), .value(choice.orderNo), .required,
                                        choice.orderNo == selected ? .checked : nil,
                                    ])
                                el("strong") { orderLine(choice, c) }
                                el("small") {
                                    c.t("订单 ", "Order ") + choice.orderNo + " · "
                                        + c.t(
                                            "已退 \(choice.refunded.formatted)，可退 \(choice.left.formatted)",
                                            "refunded \(choice.refunded.formatted), \(choice.left.formatted) left")
                                }
                            }
                        }
                    }
                    Components.field(
                        "amount", label: c.t("退款金额（元）", "Amount (yuan)"), value: amount,
                        hint: c.t("不超过所选充值的可退金额", "At most what is left of the chosen top-up"),
                        error: error.flatMap { $0.details["field"] == "amount" ? c.message($0) : nil }, inputMode: "decimal", maxLength: 12)
                    Components.field(
                        "reason", label: c.t("退款原因", "Reason"), value: reason,
                        hint: c.t("例如：家长误充，持卡人到柜台申请", "For example: a parent topped up by mistake"),
                        error: error.flatMap { $0.details["field"] == "reason" ? c.message($0) : nil }, maxLength: 200)
                    Components.submit(c.t("下一步：确认", "Next: confirm"))
                }.node
            }
        }
    }

    private func confirm(_ choice: Choice, amount: Money, reason: String, requestID: String, _ c: PageContext) -> Node {
        CounterSteps.confirm(
            .init(
                consequence: c.t(
                    "将以现金退还 \(amount.formatted) 给 \(cardholder.name)（\(cardholder.staffNumber)），其校园卡余额从 \(cardholder.balance.formatted) 减为 \((cardholder.balance - amount).formatted)。此操作记入审计日志，不能撤销。",
                    "\(amount.formatted) will be paid in cash to \(cardholder.name) (\(cardholder.staffNumber)); the card's balance goes from \(cardholder.balance.formatted) to \((cardholder.balance - amount).formatted). It is recorded in the audit log and cannot be undone."
                ),
                facts: [
                    .init(term: c.t("充值", "Top-up"), detail: orderLine(choice, c)),
                    .init(term: c.t("订单号", "Order"), detail: choice.orderNo),
                    .init(term: c.t("退款金额", "Refund"), detail: amount.formatted, id: "refund-amount"),
                    .init(term: c.t("原因", "Reason"), detail: reason),
                ],
                action: Self.path(cardholder.staffNumber),
                hidden: [("order", choice.orderNo), ("amount", amount.yuanString), ("reason", reason), ("request_id", requestID)],
                button: c.t("确认退款 \(amount.formatted)", "Refund \(amount.formatted)"),
                back: (c.t("返回修改", "Change"), Self.path(cardholder.staffNumber))), c)
    }
}
