import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/cardholders/{学工号}`: what the service center sees of one cardholder: the roster's
/// data, their cards, bindings and devices, records with the running balance, and the audit
/// trail, each table with its own pages.
public struct CardholderProfilePage: Sendable {
    public var staff: StaffMember
    public var cardholder: CardholderEntry
    public var cards: [HeldCard]
    public var bindings: [BoundChannel]
    public var records: [PurseRecord]
    /// The first record of the next page; nil: the last page.
    public var nextRecords: TransferID?
    /// Whether the records shown are the newest (else a link back to them).
    public var newestRecords: Bool
    public var audit: [AuditEntry]
    public var auditPage: Int
    public var moreAudit: Bool
    /// The counter's action just done, said at the top (after its redirect here).
    public var done: CounterDone?

    public init(
        staff: StaffMember, cardholder: CardholderEntry, cards: [HeldCard], bindings: [BoundChannel], records: [PurseRecord],
        nextRecords: TransferID?, newestRecords: Bool, audit: [AuditEntry], auditPage: Int, moreAudit: Bool, done: CounterDone? = nil
    ) {
        self.done = done
        (self.staff, self.cardholder, self.cards, self.bindings, self.records) = (staff, cardholder, cards, bindings, records)
        (self.nextRecords, self.newestRecords, self.audit, self.auditPage, self.moreAudit) = (
            nextRecords, newestRecords, audit, auditPage, moreAudit
        )
    }

    var path: String { ConsoleSearchPage.profilePath(cardholder.staffNumber) }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: cardholder.name + " · " + cardholder.staffNumber, staff: staff).render(c) {
            el("p") { Components.link(c.t("← 查找其他持卡人", "← Find another cardholder"), to: ConsoleSearchPage.path) }
            // The counter's actions, for the roles that serve cardholders (an auditor only reads).
            if staff.role.may(.serveCardholders) {
                el("nav", .class("actions"), .aria("label", c.t("服务中心业务", "The counter"))) {
                    Components.link(
                        c.t("退还误充值", "Refund a mistaken top-up"), to: RefundTopUpPage.path(cardholder.staffNumber), class: "secondary")
                    Components.link(AutoTopUpDeskPage.title(c), to: AutoTopUpDeskPage.path(cardholder.staffNumber), class: "secondary")
                    for action in CounterAction.allCases where action.fits(cardholder.cardStatus) {
                        Components.link(
                            CounterActionPage.title(action, c), to: CounterActionPage.path(cardholder.staffNumber, action),
                            class: "secondary")
                    }
                    if cardholder.cardStatus?.isReplaceable == true {
                        Components.link(ReplaceCardPage.title(c), to: ReplaceCardPage.path(cardholder.staffNumber), class: "secondary")
                    }
                    if PayoutPage.fits(cardholder) {
                        Components.link(PayoutPage.title(c), to: PayoutPage.path(cardholder.staffNumber), class: "secondary")
                    }
                    for kind in RosterCorrectionPage.Kind.allCases where RosterCorrectionPage.fits(kind, cardholder) {
                        Components.link(
                            RosterCorrectionPage.title(kind, c), to: RosterCorrectionPage.path(cardholder.staffNumber, kind),
                            class: "secondary")
                    }
                }
            }
            if let done {
                el("p", .class("note"), .role("status"), .id("done")) { c.t("已办理：", "Done: ") + done.title(c) }
            }
            el("div", .class("columns")) {
                roster(c)
                cardsSection(c)
            }
            bindingsSection(c)
            recordsSection(c)
            auditSection(c)
        }
    }

    private func section(_ id: String, _ title: String, @NodeBuilder content: () -> Node) -> Node {
        el("section", .class("card"), .aria("labelledby", id)) {
            el("h2", .id(id)) { title }
            content()
        }
    }

    /// `amounts`: how many of the last columns hold money (right-aligned, as their figures).
    private func table(_ headers: [String], amounts: Int = 0, @NodeBuilder rows: () -> Node) -> Node {
        el("table", .class("grid")) {
            el("thead") {
                el("tr") {
                    for (index, header) in headers.enumerated() {
                        el("th", attributes: [Attribute("scope", "col"), index >= headers.count - amounts ? .class("amount") : nil]) {
                            header
                        }
                    }
                }
            }
            el("tbody") { rows() }
        }
    }

    private func roster(_ c: PageContext) -> Node {
        section("roster", c.t("名单信息", "Roster")) {
            ConsoleFacts.list([
                .init(term: c.t("学工号", "Student or staff no."), detail: cardholder.staffNumber),
                .init(term: c.t("姓名", "Name"), detail: cardholder.name),
                .init(term: c.t("类别", "Kind"), detail: ConsoleNames.kind(cardholder.kind, c)),
                .init(term: c.t("校区", "Campus"), detail: cardholder.campus ?? c.t("未指定", "None")),
                .init(term: c.t("状态", "Status"), detail: ConsoleNames.holder(cardholder.status, c), id: "holder-status"),
                .init(term: c.t("离校日期", "Leaves on"), detail: cardholder.leaveDate ?? c.t("无", "None")),
                cardholder.passport.map { .init(term: c.t("护照号", "Passport"), detail: $0) },
                .init(term: c.t("余额", "Balance"), detail: cardholder.balance.formatted, id: "balance"),
            ])
        }
    }

    private func cardsSection(_ c: PageContext) -> Node {
        section("cards", c.t("校园卡", "Cards")) {
            if cards.isEmpty {
                Components.empty(c.t("尚未发卡。", "No card issued yet."))
            } else {
                table([c.t("卡号", "Card"), c.t("状态", "Status"), c.t("发卡时间", "Issued")]) {
                    for card in cards {
                        el("tr") {
                            el("td") { card.number }
                            el("td", .class("status-\(card.status.rawValue)")) { ConsoleNames.card(card.status, c) }
                            el("td") { el("time") { c.dateTime(card.issuedAt) } }
                        }
                    }
                }
            }
        }
    }

    private func bindingsSection(_ c: PageContext) -> Node {
        section("bindings", c.t("绑定与设备", "Bindings and devices")) {
            if bindings.isEmpty {
                Components.empty(c.t("尚未在任何渠道绑定。", "Not bound in any channel."))
            } else {
                table([c.t("渠道", "Channel"), c.t("绑定时间", "Bound"), c.t("设备", "Device"), c.t("设备状态", "Device state")]) {
                    for binding in bindings {
                        if binding.devices.isEmpty {
                            el("tr") {
                                el("td") { ConsoleNames.channel(binding.channel, c) }
                                el("td") { el("time") { c.dateTime(binding.boundAt) } }
                                el("td") { "" }
                                el("td") { c.t("无设备", "No device") }
                            }
                        }
                        for device in binding.devices {
                            el("tr") {
                                el("td") { ConsoleNames.channel(binding.channel, c) }
                                el("td") { el("time") { c.dateTime(binding.boundAt) } }
                                el("td", .class("digits")) { String(device.deviceID.suffix(12)) }
                                el("td") { deviceState(device, c) }
                            }
                        }
                    }
                }
            }
        }
    }

    private func deviceState(_ device: BoundChannel.Device, _ c: PageContext) -> String {
        if let revoked = device.revokedAt { return c.t("已移除 ", "Removed ") + c.dateTime(revoked) }
        if let verified = device.verifiedAt { return c.t("已验证 ", "Verified ") + c.dateTime(verified) }
        return c.t("未验证", "Not verified")
    }

    private func recordsSection(_ c: PageContext) -> Node {
        section("records", c.t("账单", "Records")) {
            if records.isEmpty {
                Components.empty(c.t(newestRecords ? "还没有记录。" : "没有更早的记录。", newestRecords ? "No records yet." : "No older records."))
            } else {
                table(
                    [c.t("时间", "When"), c.t("类型", "Kind"), c.t("说明", "Detail"), c.t("金额", "Amount"), c.t("余额", "Balance after")], amounts: 2
                ) {
                    for record in records {
                        el("tr") {
                            el("td") { el("time") { c.dateTime(record.at) } }
                            el("td") { RecordList.kindName(record.kind, c) }
                            el("td") { record.memo }
                            el("td", .class(record.amount.isPositive ? "amount in" : "amount")) {
                                (record.amount.isPositive ? "+" : "") + record.amount.formatted
                            }
                            el("td", .class("amount")) { record.balanceAfter?.formatted ?? "" }
                        }
                    }
                }
            }
            el("nav", .class("pager"), .aria("label", c.t("账单分页", "Pages of records"))) {
                if !newestRecords { Components.link(c.t("最新记录", "Newest records"), to: path + "#records") }
                if let nextRecords { Components.link(c.t("更早的记录", "Older records"), to: "\(path)?before=\(nextRecords)#records") }
            }
        }
    }

    private func auditSection(_ c: PageContext) -> Node {
        section("audit", c.t("审计记录", "Audit trail")) {
            if audit.isEmpty {
                Components.empty(c.t("没有审计记录。", "Nothing in the audit log."))
            } else {
                table([c.t("时间", "When"), c.t("操作人", "Who"), c.t("操作", "What"), c.t("对象", "On"), c.t("详情", "Detail")]) {
                    for entry in audit {
                        el("tr") {
                            el("td") { el("time") { c.dateTime(entry.at) } }
                            el("td") { entry.actor }
                            el("td") { ConsoleNames.action(entry.action, c) }
                            el("td") { entry.subject }
                            el("td") { entry.detail.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
                        }
                    }
                }
            }
            ConsolePager.links(page: auditPage, hasMore: moreAudit, c, label: c.t("审计记录分页", "Pages of the audit trail")) { page in
                "\(path)?audit_page=\(page)#audit"
            }
        }
    }
}
