import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation
import Testing
import VaporTesting

/// A staff member at the console in a `PageBrowser`: signed in through the sign-in form, as a
/// clerk types it.
extension PageBrowser {
    mutating func signInToConsole(_ username: String, _ password: String) async throws -> TestingHTTPResponse {
        let form = try await get("/console")
        return try await post("/console/sign-in", ["_csrf": Self.formToken(form), "username": username, "password": password])
    }

    mutating func signInToConsole(demo username: String) async throws {
        let password = fixture.credentials.staff.first { $0.username == username }!.password
        let signedIn = try await signInToConsole(username, password)
        #expect(signedIn.status == .seeOther && signedIn.headers.first(name: .location) == "/console", "\(username) signs in")
    }

    /// The `_csrf` of the console's current page.
    mutating func consoleToken() async throws -> String {
        Self.formToken(try await get("/console"))
    }
}

extension AppFixture {
    /// A staff account of the demo school made by its administrator, with its password.
    func addDemoStaff(_ username: String, role: StaffRole) async throws -> String {
        let onboarding = Onboarding(store: try app.store, masterKey: key, now: AppFixture.now)
        let school = try #require(try await SchoolStore.find(SchoolCode(rawValue: "DEMO")!, in: try app.store))
        let admin = try #require(try await StaffStore(try app.store.sql).member(username: "demo-admin"))
        return try await onboarding.addStaff(username: username, displayName: "测试\(username)", role: role, in: school, by: .staff(admin))
            .password
    }

    /// Another school (新大学, NEWU) with a clerk (`newu-clerk`) or another role (`newu-admin`…)
    /// of its own; their password.
    func addOtherSchoolClerk(role: StaffRole = .clerk) async throws -> String {
        let onboarding = Onboarding(store: try app.store, masterKey: key, now: AppFixture.now)
        let (school, _) = try await onboarding.createSchool(
            .init(code: "NEWU", name: "新大学", campuses: [(code: "MAIN", name: "主校区")]), by: .shell(user: "root"))
        return try await onboarding.addStaff(
            username: "newu-\(role.rawValue)", displayName: "新大学\(role.rawValue)", role: role, in: school, by: .shell(user: "root")
        )
        .password
    }

    /// A browser at the console signed in as a new auditor (read-only) of the demo school.
    func consoleAuditor() async throws -> PageBrowser {
        var auditor = PageBrowser(self)
        _ = try await auditor.signInToConsole("demo-auditor", try await addDemoStaff("demo-auditor", role: .auditor))
        return auditor
    }

    /// A browser at the console signed in as the clerk (or `role`) of another school (`addOtherSchoolClerk`).
    func otherSchoolConsoleClerk(role: StaffRole = .clerk) async throws -> PageBrowser {
        var other = PageBrowser(self)
        _ = try await other.signInToConsole("newu-\(role.rawValue)", try await addOtherSchoolClerk(role: role))
        return other
    }
}

extension AppFixture {
    /// Whom a counter action at `profile + action` (a form posting `form`) is refused to: an
    /// auditor (no link on the profile, 403 on every step), another school's clerk (404), a form
    /// without the session's token or with a forged one (403), a NUL for the 学工号 (404).
    func expectCounterActionRefused(profile: String, action: String, form: [String: String]) async throws {
        let path = profile + action
        var auditor = try await consoleAuditor()
        #expect(!(try await auditor.get(profile).body.string.contains(path)))
        #expect(try await auditor.get(path).status == .forbidden)
        let auditorToken = try await auditor.consoleToken()
        for step in [path, path + "/confirm"] {
            #expect(try await auditor.post(step, form.merging(["_csrf": auditorToken]) { a, _ in a }).status == .forbidden, "\(step)")
        }

        var other = try await otherSchoolConsoleClerk()
        #expect(try await other.get(path).status == .notFound)
        let otherToken = try await other.consoleToken()
        #expect(try await other.post(path, form.merging(["_csrf": otherToken]) { a, _ in a }).status == .notFound)

        var clerk = PageBrowser(self)
        try await clerk.signInToConsole(demo: "demo-clerk")
        #expect(try await clerk.post(path, form).status == .forbidden)
        #expect(try await clerk.post(path, form.merging(["_csrf": "forged"]) { a, _ in a }).status == .forbidden)
        let token = try await clerk.consoleToken()
        #expect(try await clerk.post("/console/cardholders/%00" + action, form.merging(["_csrf": token]) { a, _ in a }).status == .notFound)
    }
}
