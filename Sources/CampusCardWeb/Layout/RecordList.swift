import CampusCardCore

/// A purse's records as a list: what, where, when, how much, and what was left after it.
enum RecordList {
    static func render(_ records: [PurseRecord], _ c: PageContext) -> Node {
        el("ul", .class("records")) {
            for record in records {
                el("li") {
                    el("span") {
                        el("strong") { kindName(record.kind, c) }
                        if !record.memo.isEmpty { " · " + record.memo }
                    }
                    el("span", .class(record.amount.isPositive ? "amount in" : "amount")) {
                        (record.amount.isPositive ? "+" : "") + record.amount.formatted
                    }
                    el("span", .class("when")) { el("time") { c.dateTime(record.at) } }
                    el("span", .class("after")) {
                        record.balanceAfter.map { c.t("余额 ", "Balance ") + $0.formatted } ?? ""
                    }
                }
            }
        }
    }

    static func kindName(_ kind: TransferKind, _ c: PageContext) -> String {
        let en: String =
            switch kind {
            case .topUp: "Top-up"
            case .spend: "Spend"
            case .void: "Spend voided"
            case .refund: "Refund"
            case .fee: "Fee"
            case .autoDebit: "Auto top-up"
            case .payout: "Payout"
            case .correction: "Correction"
            }
        return c.t(kind.chineseName, en)
    }
}
