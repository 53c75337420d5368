import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// Replacing a card rendered without a server: the form, its refusals on the field, the
/// confirmation that says which card stops working, each language; nothing offered for a card
/// that cannot be replaced.
@Suite struct ConsoleCardViewTests {
    let clerk = StaffMember.demoClerk

    func holder(_ card: CardStatus?) -> CardholderEntry { .zhangSan(card: card) }

    func render(_ stage: ReplaceCardPage.Stage, card: CardStatus? = .lost, _ language: PageLanguage = .zh) -> String {
        ReplaceCardPage(staff: clerk, cardholder: holder(card), stage: stage).render(.console(language, path: "/console/cardholders"))
    }

    @Test func theFormAsksForTheNewNumberAndPostsItToTheConfirmation() {
        let html = render(.form(newNumber: "", error: nil))
        #expect(html.contains(#"action="/console/cardholders/20260001/replace/confirm""#) && html.contains(#"value="TOKEN""#))
        #expect(html.contains(#"name="new_card_number""#) && html.contains("现卡号") && html.contains("已挂失"))
        #expect(!html.contains(#"role="alert""#) && !html.contains(#"class="danger""#), "nothing is replaced from the form")
    }

    @Test func aRefusedNumberIsShownUnderTheFieldWithWhatWasTyped() {
        let taken = render(.form(newNumber: "C2026", error: .cardNumberTaken))
        #expect(taken.contains(#"id="new_card_number-error""#) && taken.contains("新卡号已被使用") && taken.contains(#"value="C2026""#))
        let malformed = render(
            .form(newNumber: "c-1", error: .invalidField("new_card_number", zh: "卡号应为4–32位数字或大写字母", en: "4–32 digits or capital letters")),
            .en)
        #expect(malformed.contains(#"id="new_card_number-error""#) && malformed.contains("4–32 digits or capital letters"))
    }

    @Test func theConfirmationSaysWhichCardStopsAndWhatTheNewOneKeeps() {
        let html = render(.confirm(newNumber: "C20260001"))
        #expect(html.contains("将为 张三（20260001）补卡：原卡 20260001 立即作废") && html.contains("新卡 C20260001 即刻可用，余额 ¥123.45"))
        #expect(html.contains(#"name="new_card_number" value="C20260001""#) && html.contains(#"class="danger""#))
        #expect(html.contains(#"action="/console/cardholders/20260001/replace""#) && html.contains("确认补卡"))
        #expect(render(.confirm(newNumber: "C20260001"), .en).contains("the old card 20260001 is void at once"))
    }

    @Test func aCardThatCannotBeReplacedHasNoFormAndTheProfileNoLink() {
        for card in [CardStatus.frozen, .replaced] {
            let html = render(.form(newNumber: "", error: nil), card: card)
            #expect(html.contains("不能补卡") && !html.contains("new_card_number"), "\(card)")
        }
        func profile(_ card: CardStatus, done: CounterDone? = nil) -> String {
            CardholderProfilePage(
                staff: clerk, cardholder: holder(card), cards: [], bindings: [], records: [], nextRecords: nil, newestRecords: true,
                audit: [], auditPage: 1, moreAudit: false, done: done
            ).render(.console(path: "/console/cardholders"))
        }
        #expect(profile(.active).contains("/replace") && profile(.lost).contains("/replace") && !profile(.frozen).contains("/replace"))
        #expect(profile(.active, done: .replaceCard).contains("已办理：补办校园卡"))
    }
}
