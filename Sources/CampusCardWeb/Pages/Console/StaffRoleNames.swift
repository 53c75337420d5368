import CampusCardCore

/// What the console calls each role and each kind of action, in the reader's language.
enum StaffRoleNames {
    static func role(_ role: StaffRole, _ c: PageContext) -> String {
        switch role {
        case .operator: c.t("平台运维", "Platform operator")
        case .admin: c.t("信息化办公室管理员", "Administrator")
        case .clerk: c.t("校园卡服务中心", "Service-center clerk")
        case .auditor: c.t("审计（只读）", "Auditor (read-only)")
        }
    }

    static func action(_ action: StaffAction, _ c: PageContext) -> String {
        switch action {
        case .read: c.t("查询持卡人、账单与报表", "Look up cardholders, records and reports")
        case .serveCardholders:
            c.t("服务中心业务：更正名单、挂失解挂、补卡、退款、结清", "The counter: roster corrections, lost and found cards, refunds, payouts")
        case .audit: c.t("账务核查与审计记录", "The ledger's audit and the audit trail")
        case .runSchool: c.t("学校设置、公告、员工账号、食堂与终端", "Settings, announcements, staff accounts, canteens and terminals")
        case .runPlatform: c.t("开通学校及其管理员", "Schools and their first administrators")
        }
    }
}
