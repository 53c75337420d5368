import Vapor

/// The card office's console pages (`/console/…`), over the same services as `/api/v1/console`.
struct ConsolePageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let console = routes.grouped(ConsolePageErrors.middleware).grouped("console")
        let entry = ConsoleEntryPages()
        console.get(use: entry.home)
        console.post("sign-in", use: entry.signIn)
        console.post("sign-out", use: entry.signOut)
        console.post("language", use: entry.language)

        console.get("graduates", use: ConsoleGraduatePages().list)

        // The upload's body is read by the handler, up to the file's limit (the default is 16 KB).
        let imports = ConsoleRosterImportPages()
        console.get("roster", use: imports.form)
        console.on(.POST, "roster", body: .stream, use: imports.upload)
        console.get("roster", "imports", ":import", use: imports.show)

        let reports = ConsoleReportPages()
        console.get("reports", "reconciliation", use: reports.reconciliation)
        console.get("reports", "reconciliation.csv", use: reports.reconciliationCSV)
        console.post("reports", "reconciliation", "bill", use: reports.checkBill)
        console.get("reports", "takings", use: reports.takings)
        console.get("dashboard", use: reports.dashboard)

        let settings = ConsoleSettingsPages()
        console.get("settings", use: settings.show)
        console.post("settings", "confirm", use: settings.confirm)
        console.post("settings", use: settings.save)

        let notices = ConsoleNoticePages()
        console.get("notices", ":kind", use: notices.list)
        console.post("notices", ":kind", use: notices.publish)
        console.get("notices", ":kind", ":id", "withdraw", use: notices.confirmWithdrawal)
        console.post("notices", ":kind", ":id", "withdraw", use: notices.withdraw)

        let cardholders = ConsoleCardholderPages()
        console.get("cardholders", use: cardholders.search)
        console.get("cardholders", ":staff_number", use: cardholders.profile)

        let refunds = ConsoleRefundPages()
        console.get("cardholders", ":staff_number", "refund", use: refunds.choose)
        console.post("cardholders", ":staff_number", "refund", "confirm", use: refunds.confirm)
        console.post("cardholders", ":staff_number", "refund", use: refunds.refund)
        let autoTopUp = ConsoleAutoTopUpPages()
        console.get("cardholders", ":staff_number", "auto-top-up", use: autoTopUp.show)
        console.post("cardholders", ":staff_number", "auto-top-up", "refund", use: autoTopUp.refund)

        let counter = ConsoleCounterPages()
        console.get("cardholders", ":staff_number", "counter", ":action", use: counter.confirm)
        console.post("cardholders", ":staff_number", "counter", ":action", use: counter.perform)

        let replacements = ConsoleReplacePages()
        console.get("cardholders", ":staff_number", "replace", use: replacements.form)
        console.post("cardholders", ":staff_number", "replace", "confirm", use: replacements.confirm)
        console.post("cardholders", ":staff_number", "replace", use: replacements.replace)

        let payouts = ConsolePayoutPages()
        console.get("cardholders", ":staff_number", "payout", use: payouts.form)
        console.post("cardholders", ":staff_number", "payout", "confirm", use: payouts.confirm)
        console.post("cardholders", ":staff_number", "payout", use: payouts.payOut)

        let roster = ConsoleRosterPages()
        console.get("cardholders", ":staff_number", "roster", ":kind", use: roster.form)
        console.post("cardholders", ":staff_number", "roster", ":kind", "confirm", use: roster.confirm)
        console.post("cardholders", ":staff_number", "roster", ":kind", use: roster.correct)

        try console.register(collection: ConsoleOnboardingRoutes())
    }
}
