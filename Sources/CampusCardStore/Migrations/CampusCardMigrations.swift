import FluentKit

/// Every migration, in the order it landed. Never edit one that has landed: add the next.
public enum CampusCardMigrations {
    public static let all: [any Migration] = [
        CreateSchools(),
        CreateAccounts(),
        CreateCardholders(),
        CreateTransfers(),
        CreateMerchants(),
        CreateStaff(),
        CreateTerminalNonces(),
        CreateBindings(),
        CreateTopUpOrders(),
        CreateServiceNotices(),
        CreatePaymentCodes(),
        LeaveRoomForBalanceUpdates(),
        IndexLeaversByDate(),
        UpdateTopUpOrdersAddQueryBackoff(),
        UpdateBindingAttemptsAddCard(),
        UpdateTopUpOrdersAddRefunded(),
        UpdateSchoolsAndStaffForOnboarding(),
        CreateSpendRefusals(),
        UpdateTopUpOrdersAddCashier(),
        UpdateEntriesAddSeq(),
        IndexTopUpOrdersBySchoolDay(),
        CreateRateLimits(),
        CreateBillChecks(),
        CreateFaceCertifications(),
        CreateAutoTopUps(),
        UpdateAccountsAddAutoTopUpThreshold(),
        UpdateFaceCertificationsAddSignOn(),
    ]

    /// The progress database's (`DatabaseLocation.progress`): after `all` in the main database on
    /// PostgreSQL, in a file of its own on SQLite.
    public static let progress: [any Migration] = [
        CreateRosterImports()
    ]
}
