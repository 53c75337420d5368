import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation

/// Auto top-up (自动代扣): opening it with a bank card (the bank's SMS step), choosing the
/// threshold and amount within the school's bounds and signing with the payment password and
/// face; then pausing, resuming, changing or cancelling it, each confirmed; the recent debits
/// with their state, and a refund button while a debit's window lasts (its end date shown).
public struct AutoTopUpPage: Sendable {
    public enum Step: Sendable {
        case overview
        /// The bank sent its code: the form for it.
        case smsSent(openingNo: String, maskedPhone: String)
    }

    public var overview: AutoTopUpService.Overview
    public var step: Step
    public var done: String?
    public var error: CardError?

    public init(overview: AutoTopUpService.Overview, step: Step = .overview, done: String? = nil, error: CardError? = nil) {
        (self.overview, self.step, self.done, self.error) = (overview, step, done, error)
    }

    public func render(_ c: PageContext) -> String {
        let base = (c.schoolPath ?? "") + "/auto-top-up"
        let agreement = overview.agreement
        return PageLayout(title: c.t("自动充值", "Auto top-up"), tab: .topUp).render(c) {
            if let error { Components.alert(c.message(error)) }
            if let done { el("p", .class("note"), .role("status")) { done } }
            el("p", .class("hint")) {
                c.t(
                    "余额低于您设定的金额时，自动从银行卡代扣充值；每次代扣都会通知您，可在次月\(overview.settings.autoTopUpRefundDeadlineDay)日前申请退款。协议每年\(overview.settings.autoTopUpRenewalMonth)月到期，须重新签约。",
                    "When the balance falls below your threshold, your bank card is debited; every debit is notified and can be refunded until the \(overview.settings.autoTopUpRefundDeadlineDay)th of the next month. Agreements expire every year in month \(overview.settings.autoTopUpRenewalMonth) and must be signed again."
                )
            }
            if !overview.offered {
                Components.note(c.t("自动充值暂不可用，请稍后再试。", "Auto top-up is not available now; try again later."))
            } else if let agreement, agreement.status.isCurrent {
                if agreement.status == .opened { signForm(c, base, agreement) } else { current(c, base, agreement) }
            } else {
                if let agreement, agreement.status == .expired {
                    Components.note(
                        c.t(
                            "您的自动充值协议已于 \(agreement.expiresAt.map(c.date) ?? "") 到期，不再自动代扣。请重新签约。",
                            "Your agreement expired on \(agreement.expiresAt.map(c.date) ?? ""): nothing is debited any more. Sign again to continue."
                        ))
                }
                if case .smsSent(let openingNo, let maskedPhone) = step {
                    smsForm(c, base, openingNo: openingNo, maskedPhone: maskedPhone)
                } else {
                    openingForm(c, base)
                }
            }
            debits(c, base)
        }
    }

    private func openingForm(_ c: PageContext, _ base: String) -> Node {
        el("section", .aria("labelledby", "open-title")) {
            el("h2", .id("open-title")) { c.t("开通：绑定银行卡", "Open: your bank card") }
            PostForm(action: "\(base)/opening", csrf: c.csrfToken) {
                Components.field(
                    "card_number", label: c.t("银行卡号", "Bank card number"), inputMode: "numeric", pattern: "[0-9 ]{12,23}", maxLength: 23)
                Components.field("holder_name", label: c.t("持卡人姓名", "Cardholder's name"), autocomplete: "name", maxLength: 40)
                Components.field(
                    "id_number", label: c.t("身份证号", "ID number"),
                    hint: c.t("仅用于银行核验，本系统不保存。", "Only for the bank to check; not kept here."), maxLength: 18)
                Components.field(
                    "phone", label: c.t("银行预留手机号", "Phone number the bank has"), type: "tel", inputMode: "numeric", autocomplete: "tel",
                    pattern: "1[0-9]{10}", maxLength: 11)
                Components.submit(c.t("获取银行验证码", "Get the bank's code"))
            }.node
        }
    }

    private func smsForm(_ c: PageContext, _ base: String, openingNo: String, maskedPhone: String) -> Node {
        el("section", .aria("labelledby", "sms-title")) {
            el("h2", .id("sms-title")) { c.t("银行短信验证", "The bank's SMS code") }
            Components.note(c.t("银行已向 \(maskedPhone) 发送验证码。", "Your bank sent a code to \(maskedPhone)."))
            PostForm(action: "\(base)/opening/verify", csrf: c.csrfToken) {
                void("input", [.type("hidden"), .name("opening_no"), .value(openingNo)])
                void("input", [.type("hidden"), .name("masked_phone"), .value(maskedPhone)])
                Components.field(
                    "sms_code", label: c.t("验证码", "Code"), inputMode: "numeric", pattern: "[0-9]{4,8}",
                    maxLength: 8)
                Components.submit(c.t("验证", "Verify"))
            }.node
            // A wrong or lost code: a new one from the bank, without typing the card again.
            PostForm(action: "\(base)/opening/new-code", csrf: c.csrfToken) {
                void("input", [.type("hidden"), .name("opening_no"), .value(openingNo)])
                Components.submit(c.t("重新获取验证码", "Send a new code"), class: "secondary")
            }.node
        }
    }

    private func bounds(_ c: PageContext) -> (threshold: String, amount: String) {
        let s = overview.settings
        let most = min(s.autoTopUpMaxAmount, s.singleTopUpLimit)
        return (
            c.t("大于 ¥0，不超过 \(s.autoTopUpMaxThreshold.formatted)", "above ¥0, at most \(s.autoTopUpMaxThreshold.formatted)"),
            c.t(
                "\(AutoTopUpTerms.minimumAmount.formatted)–\(most.formatted)", "\(AutoTopUpTerms.minimumAmount.formatted)–\(most.formatted)"
            )
        )
    }

    private func termsFields(_ c: PageContext, _ agreement: AutoTopUpAgreement) -> Node {
        let hints = bounds(c)
        return el("div") {
            Components.field(
                "threshold", label: c.t("余额低于（元）时充值", "Top up when below (yuan)"), value: agreement.threshold.yuanString,
                hint: hints.threshold, inputMode: "decimal", maxLength: 10)
            Components.field(
                "amount", label: c.t("每次充值金额（元）", "Amount each time (yuan)"), value: agreement.amount.yuanString, hint: hints.amount,
                inputMode: "decimal", maxLength: 10)
        }
    }

    private func signForm(_ c: PageContext, _ base: String, _ agreement: AutoTopUpAgreement) -> Node {
        el("section", .aria("labelledby", "sign-title")) {
            el("h2", .id("sign-title")) { c.t("签约：尾号 \(agreement.cardLastFour) 的银行卡", "Sign: bank card ending \(agreement.cardLastFour)") }
            PostForm(action: "\(base)/sign", csrf: c.csrfToken) {
                termsFields(c, agreement)
                Components.field(
                    "payment_password", label: c.t("支付密码", "Payment password"), type: "password", inputMode: "numeric",
                    autocomplete: "current-password", pattern: "[0-9]{6}", maxLength: 6)
                Components.field(
                    "id_number", label: c.t("身份证号", "National ID number"),
                    hint: c.t(
                        "只发给人脸识别服务，不会保存。下一步将进行人脸识别。", "It goes to the face service only and is not kept. Face verification comes next."),
                    maxLength: 18)
                Components.submit(c.t("刷脸签约", "Verify face and sign"))
            }.node
        }
    }

    private func current(_ c: PageContext, _ base: String, _ agreement: AutoTopUpAgreement) -> Node {
        let active = agreement.status == .active
        return el("section", .aria("labelledby", "agreement-title")) {
            el("h2", .id("agreement-title")) { c.t("我的自动充值", "My auto top-up") }
            el("dl", .class("facts")) {
                el("dt") { c.t("状态", "State") }
                el("dd", .id("agreement-status")) { AutoTopUpWords.status(agreement.status, c) }
                el("dt") { c.t("银行卡", "Bank card") }
                el("dd") { c.t("尾号 ", "ending ") + agreement.cardLastFour }
                el("dt") { c.t("规则", "Rule") }
                el("dd") {
                    c.t(
                        "余额低于 \(agreement.threshold.formatted) 时充值 \(agreement.amount.formatted)",
                        "below \(agreement.threshold.formatted), add \(agreement.amount.formatted)")
                }
                el("dt") { c.t("到期", "Expires") }
                el("dd") { agreement.expiresAt.map(c.date) ?? "" }
                if let next = agreement.nextAttemptAt, agreement.debitState == .due {
                    el("dt") { c.t("下次重试", "Next try") }
                    el("dd") { c.dateTime(next) }
                }
            }
            el("h3") { c.t("修改", "Change") }
            PostForm(action: "\(base)/change", csrf: c.csrfToken) {
                termsFields(c, agreement)
                confirm(c, "confirm-change", c.t("我确认修改自动充值规则", "I confirm the new rule"))
                Components.submit(c.t("保存修改", "Save"), class: "secondary")
            }.node
            PostForm(action: "\(base)/\(active ? "pause" : "resume")", csrf: c.csrfToken) {
                confirm(
                    c, active ? "confirm-pause" : "confirm-resume",
                    active ? c.t("我确认暂停自动充值", "I confirm: pause auto top-up") : c.t("我确认恢复自动充值", "I confirm: resume auto top-up"))
                Components.submit(active ? c.t("暂停", "Pause") : c.t("恢复", "Resume"), class: "secondary")
            }.node
            PostForm(action: "\(base)/cancel", csrf: c.csrfToken) {
                confirm(c, "confirm-cancel", c.t("我确认解约，银行卡授权将同时解除", "I confirm: cancel, and end the bank's authorization"))
                Components.submit(c.t("解约", "Cancel agreement"), class: "danger")
            }.node
        }
    }

    /// A box to tick before the form is taken, named after what it confirms (one name per form on
    /// the page: the server asks for the one of its action).
    private func confirm(_ c: PageContext, _ id: String, _ label: String) -> Node {
        el("label", .class("choice"), .for(id)) {
            void("input", [.id(id), .type("checkbox"), .name(id), .value("yes"), .required])
            label
        }
    }

    private func debits(_ c: PageContext, _ base: String) -> Node {
        el("section", .aria("labelledby", "debits-title")) {
            el("h2", .id("debits-title")) { c.t("最近代扣", "Recent debits") }
            if overview.debits.isEmpty {
                Components.empty(c.t("还没有代扣记录。", "No debits yet."))
            } else {
                el("ul", .class("debits")) {
                    for line in overview.debits {
                        el("li") {
                            el("p") {
                                c.dateTime(line.debit.at) + " " + line.debit.amount.formatted + " · " + state(c, line.debit)
                            }
                            refund(c, base, line)
                        }
                    }
                }
            }
        }
    }

    private func state(_ c: PageContext, _ debit: AutoTopUpDebits.Debit) -> String {
        AutoTopUpWords.result(debit, refunded: overview.refunded(debit), c)
    }

    private func refund(_ c: PageContext, _ base: String, _ line: AutoTopUpService.DebitLine) -> Node {
        guard let lastDay = line.refundLastDay else { return el("span") { "" } }
        guard line.refundable else {
            return el("p", .class("hint")) { c.t("退款期限：\(lastDay) 前（含）", "Refund window: until \(lastDay)") }
        }
        let id = "confirm-refund-\(line.debit.orderNo)"
        return PostForm(action: "\(base)/refund", csrf: c.csrfToken) {
            void("input", [.type("hidden"), .name("order_no"), .value(line.debit.orderNo)])
            el("p", .class("hint")) { c.t("可在 \(lastDay) 前（含）申请退款", "Refundable until \(lastDay)") }
            confirm(
                c, id,
                c.t(
                    "我确认退款 \(line.debit.amount.formatted) 到银行卡，从校园卡余额扣回",
                    "I confirm: refund \(line.debit.amount.formatted) to the bank card, taken from the card's balance"))
            Components.submit(c.t("申请退款", "Refund"), class: "secondary")
        }.node
    }
}
