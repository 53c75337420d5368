import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// The counter's confirmations rendered without a server: what each will do, in each language;
/// none offered where the card's state does not allow it.
@Suite struct ConsoleCounterViewTests {
    let clerk = StaffMember.demoClerk

    func holder(_ card: CardStatus?) -> CardholderEntry { .zhangSan(card: card) }

    func render(_ action: CounterAction, _ card: CardStatus?, _ language: PageLanguage = .zh) -> String {
        CounterActionPage(staff: clerk, cardholder: holder(card), action: action).render(.console(language, path: "/console/cardholders"))
    }

    @Test func eachConfirmationSaysWhatWillHappenToWhomAndPostsWithTheToken() {
        let lost = render(.reportLost, .active)
        #expect(lost.contains("将挂失 张三（20260001）的校园卡 20260001") && lost.contains("余额 ¥123.45 保留"))
        #expect(lost.contains(#"action="/console/cardholders/20260001/counter/lost""#) && lost.contains(#"value="TOKEN""#))
        #expect(lost.contains(#"class="danger""#) && lost.contains("确认挂失") && lost.contains("取消"))
        let found = render(.markFound, .lost, .en)
        #expect(found.contains("will work again") && found.contains("Mark found") && found.contains("/counter/found"))
        let unlock = render(.unlockPhone, nil)
        #expect(unlock.contains("将解除 张三（20260001）的手机绑定锁定") && unlock.contains("/counter/unlock-phone"))
    }

    @Test func anActionTheCardsStateDoesNotAllowHasNoButton() {
        let html = render(.markFound, .active)
        #expect(html.contains(#"role="alert""#) && html.contains("不能办理解挂校园卡") && !html.contains(#"class="danger""#))
        #expect(!render(.reportLost, nil).contains(#"class="danger""#), "no card, nothing to report lost")
        #expect(render(.reportLost, .replaced, .en).contains("does not apply"))
    }

    @Test func theProfileOffersWhatFitsTheCardAndSaysWhatWasDone() {
        func profile(_ card: CardStatus, staff: StaffMember, done: CounterDone? = nil) -> String {
            CardholderProfilePage(
                staff: staff, cardholder: holder(card), cards: [], bindings: [], records: [], nextRecords: nil, newestRecords: true,
                audit: [], auditPage: 1, moreAudit: false, done: done
            ).render(.console(path: "/console/cardholders"))
        }
        let active = profile(.active, staff: clerk)
        #expect(active.contains("/counter/lost") && !active.contains("/counter/found") && active.contains("/counter/unlock-phone"))
        #expect(!active.contains(#"id="done""#))
        let lost = profile(.lost, staff: clerk, done: .reportLost)
        #expect(lost.contains("/counter/found") && !lost.contains("/counter/lost") && lost.contains("已办理：挂失校园卡"))
        let auditor = StaffMember(id: 3, schoolID: 1, username: "demo-auditor", displayName: "审计", role: .auditor)
        #expect(!profile(.active, staff: auditor).contains("/counter/"))
    }
}
