/// Who a staff account is: the platform's operator above every school, or a school's
/// administrator (信息化办公室), service-center clerk (校园卡服务中心) or read-only auditor.
public enum StaffRole: String, Codable, Sendable, CaseIterable {
    /// Runs the deployment: creates schools and their first administrators; has no school of its own.
    case `operator`
    /// 信息化办公室: settings, windows, staff accounts, canteens and terminals, reconciliation, audit.
    case admin
    /// 校园卡服务中心: roster corrections, refunds, payouts, lost cards.
    case clerk
    /// Reads everything of the school (records, reports, the audit trail) and changes nothing.
    case auditor

    /// What the role may do, decided here once for the API, the pages and the commands alike.
    public func may(_ action: StaffAction) -> Bool {
        switch (self, action) {
        case (.operator, _): true
        case (_, .runPlatform): false
        case (.admin, _): true
        case (.clerk, .read), (.clerk, .serveCardholders): true
        case (.auditor, .read), (.auditor, .audit): true
        case (.clerk, _), (.auditor, _): false
        }
    }

    /// Roles a school's staff may hold (the operator is made only on the server's machine).
    public static let schoolRoles: [StaffRole] = [.admin, .clerk, .auditor]
}

/// The kinds of things staff do, each allowed to some roles (`StaffRole.may`).
public enum StaffAction: Sendable, CaseIterable {
    /// Look up cardholders, records, reports.
    case read
    /// The service center's counter: roster corrections, passports, cards, refunds, payouts.
    case serveCardholders
    /// The ledger's audit and the audit trail.
    case audit
    /// Settings, announcements, staff accounts, canteens and terminals of one school.
    case runSchool
    /// Schools and their first administrators.
    case runPlatform
}
