import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// The console's pages rendered without a server: each state, each role, both languages.
@Suite struct ConsolePageViewTests {
    func context(_ language: PageLanguage = .zh) -> PageContext {
        .console(language)
    }

    func staff(_ role: StaffRole) -> StaffMember {
        StaffMember(id: 1, schoolID: role == .operator ? nil : 1, username: "u-\(role.rawValue)", displayName: "王<老师>", role: role)
    }

    @Test func signInFormCarriesItsTokenAndNoStaffBar() {
        let html = ConsoleSignInPage().render(context())
        #expect(html.contains(#"action="/console/sign-in""#) && html.contains(#"name="_csrf" value="TOKEN""#))
        #expect(html.contains(#"autocomplete="current-password""#) && html.contains(#"type="password""#))
        #expect(html.contains(#"<body class="desk">"#))
        #expect(!html.contains("/console/sign-out") && !html.contains(#"role="alert""#))
        // the language switch posts to the console's own, with the console's token
        #expect(html.contains(#"action="/console/language""#) && !html.contains("/h5/language"))
    }

    @Test func aRefusalKeepsTheUsernameAndSaysSoInEachLanguage() {
        let zh = ConsoleSignInPage(username: "demo-clerk\"><script>", error: ConsoleSignInPage.refused).render(context())
        #expect(zh.contains(#"role="alert""#) && zh.contains("用户名或密码不正确"))
        #expect(zh.contains("demo-clerk&quot;&gt;&lt;script&gt;") && !zh.contains("<script>x"))
        let en = ConsoleSignInPage(error: ConsoleSignInPage.refused).render(context(.en))
        #expect(en.contains("do not match") && en.contains("Card office sign-in") && en.contains(#"lang="en""#))
    }

    @Test(arguments: StaffRole.allCases)
    func theHomePageShowsTheStaffMemberAndWhatTheirRoleMay(role: StaffRole) {
        let html = ConsoleHomePage(staff: staff(role), schoolName: role == .operator ? nil : "示范大学").render(context())
        #expect(html.contains("王&lt;老师&gt;") && html.contains(#"action="/console/sign-out""#))
        #expect(html.contains(StaffRoleNames.role(role, context())))
        for action in StaffAction.allCases {
            #expect(html.contains(StaffRoleNames.action(action, context())) == role.may(action), "\(role) \(action)")
        }
        #expect(html.contains("全平台") == (role == .operator))
    }
}
