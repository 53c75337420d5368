import CampusCardCore
import CampusCardStore

/// `/console/terminals`: the school's POS terminals with their merchant and state, read by all
/// its staff; an administrator adds one (its HMAC secret is shown once, on the answer), re-keys
/// one (a new secret, once; the old one stops working) or disables one (its next request is
/// refused), each change after a confirmation.
public struct TerminalsPage: Sendable {
    public enum Change: String, Sendable, CaseIterable {
        case rekey
        case disable
    }

    public static let path = "/console/terminals"
    static let fields: Set = ["terminal_code", "merchant_code"]

    public var staff: StaffMember
    public var terminals: [TerminalEntry]
    public var merchants: [MerchantRecord]
    /// The form's code and merchant, as typed.
    public var draft: (code: String, merchant: String)
    public var error: CardError?
    public var disabled: Bool

    public init(
        staff: StaffMember, terminals: [TerminalEntry], merchants: [MerchantRecord], draft: (code: String, merchant: String) = ("", ""),
        error: CardError? = nil, disabled: Bool = false
    ) {
        (self.staff, self.terminals, self.merchants, self.draft, self.error, self.disabled) = (
            staff, terminals, merchants, draft, error, disabled
        )
    }

    public static func changePath(_ code: String, _ change: Change) -> String { "\(path)/\(code)/\(change.rawValue)" }

    static func title(_ c: PageContext) -> String { c.t("POS 终端", "POS terminals") }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            if disabled { el("p", .class("note"), .role("status"), .id("done")) { c.t("终端已停用。", "The terminal is disabled.") } }
            let field = error?.details["field"].flatMap { Self.fields.contains($0) ? $0 : nil }
            if let error, field == nil { Components.alert(c.message(error)) }
            Self.table(terminals, acts: staff.role.may(.runSchool), c)
            if staff.role.may(.runSchool) { form(field: field, error.map(c.message), c) }
        }
    }

    static func table(_ terminals: [TerminalEntry], acts: Bool, _ c: PageContext) -> Node {
        el("section", .aria("labelledby", "terminals")) {
            el("h2", .id("terminals")) { c.t("终端", "Terminals") }
            if terminals.isEmpty {
                Components.empty(c.t("还没有终端。", "No terminals yet."))
            } else {
                el("table", .class("grid")) {
                    ConsoleGrid.head(
                        [c.t("终端编号", "Terminal"), c.t("商户", "Merchant"), c.t("状态", "Status"), c.t("添加于", "Added")], actions: acts, c)
                    el("tbody") {
                        for terminal in terminals {
                            el("tr", .id("terminal-\(terminal.code)")) {
                                el("td") { terminal.code }
                                el("td") { "\(terminal.merchantName)（\(terminal.merchantCode)）" }
                                el("td") { terminal.active ? c.t("在用", "Active") : c.t("已停用", "Disabled") }
                                el("td") { c.date(terminal.createdAt) }
                                if acts {
                                    el("td") {
                                        if terminal.active {
                                            el("div", .class("row-actions")) {
                                                Components.link(c.t("更换密钥", "Re-key"), to: changePath(terminal.code, .rekey))
                                                Components.link(c.t("停用", "Disable"), to: changePath(terminal.code, .disable))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private func form(field: String?, _ message: String?, _ c: PageContext) -> Node {
        el("section", .class("card"), .aria("labelledby", "add-terminal")) {
            el("h2", .id("add-terminal")) { c.t("添加终端", "Add a terminal") }
            if merchants.isEmpty {
                el("p") {
                    Components.link(c.t("请先添加商户。", "Add a merchant first."), to: MerchantsPage.path)
                }
            } else {
                PostForm(action: Self.path, csrf: c.csrfToken) {
                    Components.field(
                        "terminal_code", label: c.t("终端编号", "Terminal code"), value: draft.code,
                        hint: c.t("全平台唯一，如 POS-NEWU-1", "Unique on the platform, such as POS-NEWU-1"),
                        error: field == "terminal_code" ? message : nil, maxLength: 32)
                    el("div", .class("field")) {
                        el("label", .for("merchant_code")) { c.t("商户", "Merchant") }
                        el("select", .id("merchant_code"), .name("merchant_code")) {
                            for merchant in merchants {
                                el("option", attributes: [.value(merchant.code), merchant.code == draft.merchant ? .selected : nil]) {
                                    "\(merchant.name)（\(merchant.code)）"
                                }
                            }
                        }
                    }
                    el("p", .class("hint")) {
                        c.t("终端的 HMAC 密钥只在下一页显示一次。", "The terminal's HMAC secret is shown once, on the next page.")
                    }
                    Components.submit(c.t("添加终端", "Add the terminal"))
                }.node
            }
        }
    }

    /// The confirmation before `change` to `terminal`.
    public static func confirm(staff: StaffMember, terminal: TerminalEntry, change: Change, _ c: PageContext) -> String {
        let rekey = change == .rekey
        return ConsoleLayout(title: rekey ? c.t("更换终端密钥", "Re-key the terminal") : c.t("停用终端", "Disable the terminal"), staff: staff)
            .render(c) {
                CounterSteps.confirm(
                    .init(
                        consequence: rekey
                            ? c.t(
                                "将为终端 \(terminal.code) 生成新的 HMAC 密钥（只在下一页显示一次）：旧密钥立即失效，终端装入新密钥前的请求都会被拒绝。此操作记入审计日志。",
                                "Terminal \(terminal.code) gets a new HMAC secret, shown once on the next page: the old one stops working at once, and the terminal's requests are refused until it has the new one. It is recorded in the audit log."
                            )
                            : c.t(
                                "将停用终端 \(terminal.code)：它的下一笔请求起都会被拒绝，已有的消费记录保留；停用后不能恢复。此操作记入审计日志。",
                                "Terminal \(terminal.code) will be disabled: its next request and every one after is refused; its records stay. It cannot be enabled again. It is recorded in the audit log."
                            ),
                        facts: [
                            .init(term: c.t("终端编号", "Terminal"), detail: terminal.code, id: "confirm-terminal"),
                            .init(term: c.t("商户", "Merchant"), detail: "\(terminal.merchantName)（\(terminal.merchantCode)）"),
                        ],
                        action: changePath(terminal.code, change),
                        button: rekey ? c.t("确认更换密钥", "Re-key it") : c.t("确认停用", "Disable it"),
                        back: (c.t("不办理，返回", "Leave it, go back"), path)), c)
            }
    }
}
