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

    @Test func theDetailsFormOffersTheSchoolsCampusesAndTheConfirmationShowsEachChange() {
        let campuses: [BindStepPage.Campus] = [.init(code: "EAST", name: "东校区"), .init(code: "MAIN", name: "主校区")]
        func render(_ stage: RosterCorrectionPage.Stage, _ language: PageLanguage = .zh) -> String {
            RosterCorrectionPage(staff: .demoClerk, cardholder: .zhangSan(), kind: .details, stage: stage, campuses: campuses)
                .render(.console(language, path: "/console/cardholders"))
        }
        let form = render(.form(typed: [:], error: nil))
        #expect(form.contains(#"value="张三""#) && form.contains(#"<option value="MAIN" selected>主校区</option>"#))
        #expect(form.contains(#"action="/console/cardholders/20260001/roster/details/confirm""#))
        let unchanged = render(.form(typed: [:], error: .invalidField("correction", zh: "没有要更正的内容", en: "nothing to correct")))
        #expect(unchanged.contains(#"class="alert" role="alert""#) && unchanged.contains("没有要更正的内容"))
        let moon = render(.form(typed: ["name": "张三", "campus": "MOON"], error: .unknownCampus("MOON")), .en)
        #expect(moon.contains(#"id="campus-error""#) && moon.contains(#"aria-describedby="campus-error""#))
        let confirm = render(.confirm(changes: ["name": "张叁", "campus": "EAST"]))
        #expect(confirm.contains("姓名 张三 → 张叁；校区 主校区 → 东校区") && confirm.contains(#"name="campus" value="EAST""#))
        #expect(render(.confirm(changes: ["campus": "EAST"]), .en).contains("will be corrected: Campus 主校区 → 东校区."))
    }
}
