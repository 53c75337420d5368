import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// Correcting roster data rendered without a server: the passport's form with what the roster
/// says now, its refusal on the field, the confirmation with the old and the new, each language.
@Suite struct ConsoleRosterViewTests {
    let anna = CardholderEntry.zhangSan(kind: .international, passport: "E12345678")

    func render(_ stage: RosterCorrectionPage.Stage, _ cardholder: CardholderEntry? = nil, _ language: PageLanguage = .zh) -> String {
        RosterCorrectionPage(staff: .demoClerk, cardholder: cardholder ?? anna, kind: .passport, stage: stage)
            .render(.console(language, path: "/console/cardholders"))
    }

    @Test func thePassportsFormShowsTheRegisteredOneAndItsRefusalOnTheField() {
        let html = render(.form(typed: [:], error: nil))
        #expect(html.contains("E12345678") && html.contains(#"name="passport""#) && html.contains("留学生"))
        #expect(html.contains(#"action="/console/cardholders/20260001/roster/passport/confirm""#) && html.contains(#"value="TOKEN""#))
        let refused = render(.form(typed: ["passport": "E1"], error: .passportInvalid), nil, .en)
        #expect(refused.contains(#"id="passport-error""#) && refused.contains("malformed") && refused.contains(#"value="E1""#))
        #expect(render(.form(typed: [:], error: nil), .zhangSan()).contains("护照号只为留学生登记"), "not an international student")
    }

    @Test func theConfirmationShowsTheOldAndTheNewAndCarriesTheNew() {
        let html = render(.confirm(changes: ["passport": "E98765432"]))
        #expect(html.contains("登记护照号 E98765432") && html.contains("原护照号 E12345678 不再可用") && html.contains("E12345678 → E98765432"))
        #expect(html.contains(#"name="passport" value="E98765432""#) && html.contains(#"class="danger""#))
        let first = render(.confirm(changes: ["passport": "E98765432"]), .zhangSan(kind: .international), .en)
        #expect(first.contains("will be registered for 张三 (20260001)") && !first.contains("old number") && first.contains("Not registered"))
    }

    @Test func theProfileOffersItToInternationalStudentsOnly() {
        func profile(_ cardholder: CardholderEntry, done: CounterDone? = nil) -> String {
            CardholderProfilePage(
                staff: .demoClerk, cardholder: cardholder, cards: [], bindings: [], records: [], nextRecords: nil, newestRecords: true,
                audit: [], auditPage: 1, moreAudit: false, done: done
            ).render(.console(path: "/console/cardholders"))
        }
        #expect(profile(anna).contains("/roster/passport") && !profile(.zhangSan()).contains("/roster/passport"))
        #expect(profile(anna, done: .registerPassport).contains("已办理：登记护照号"))
    }
}
