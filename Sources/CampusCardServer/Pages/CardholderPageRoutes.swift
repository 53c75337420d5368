import Vapor

/// The cardholder's pages (`/h5/…`), over the same services as `/api/v1/h5`.
struct CardholderPageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pages = routes.grouped(PageErrorMiddleware())
        let entry = EntryPages()
        pages.get(use: entry.welcome)
        pages.get("h5", use: entry.welcome)
        pages.get("h5", "assets", "app.css", use: entry.stylesheet)
        pages.get("h5", "assets", "app.js", use: entry.script)
        pages.post("h5", "language", use: entry.language)

        let school = pages.grouped("h5", ":school")
        school.get(use: entry.schoolHome)
        school.get("sign-in", use: entry.signIn)
        school.get("signed-in", use: entry.signedIn)
        school.get("face", "signed-in", use: entry.faceSignedIn)
        school.post("sign-out", use: entry.signOut)

        let binding = BindingPages()
        school.get("bind", "face-done", use: binding.faceReturned)
        school.get("bind", ":step", use: binding.show)
        school.post("bind", ":step", use: binding.submit)

        let card = CardPages()
        school.get("verify", use: card.verify)
        school.post("verify", use: card.verifyPassword)
        school.post("verify", "face", use: card.verifyFaceStart)
        school.get("verify", "face-done", use: card.verifyFaceReturned)
        school.get("records", use: card.records)
        school.get("records", "statement.csv", use: card.statement)
        school.get("code", use: card.paymentCode)

        let topUp = TopUpPages()
        school.get("top-up", use: topUp.show)
        school.post("top-up", use: topUp.start)
        school.get("top-up", "orders", use: topUp.orders)
        school.get("top-up", "orders", ":order_no", use: topUp.order)

        let auto = AutoTopUpPages()
        school.get("auto-top-up", use: auto.show)
        school.post("auto-top-up", "opening", use: auto.open)
        school.post("auto-top-up", "opening", "verify", use: auto.verify)
        school.post("auto-top-up", "opening", "new-code", use: auto.newCode)
        school.post("auto-top-up", "sign", use: auto.sign)
        school.get("auto-top-up", "face-done", use: auto.faceReturned)
        school.post("auto-top-up", ":action", use: auto.act)

        let me = SecurityPages()
        school.get("me", use: me.show)
        school.get("me", "payment-password", use: me.changePasswordForm)
        school.post("me", "payment-password", use: me.changePassword)
        school.post("me", "devices", "remove", use: me.removeDevice)
        school.post("me", "lost", use: me.reportLost)
        school.post("me", "notices", use: me.setNotices)
        school.get("notices", use: me.notices)
        school.post("notices", "read", use: me.markRead)
    }
}
