import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// The search and the profile rendered without a server: empty, found, paged, each language.
@Suite struct ConsoleCardholderViewTests {
    let clerk = StaffMember(id: 2, schoolID: 1, username: "demo-clerk", displayName: "演示服务中心", role: .clerk)
    /// 2026-12-03 12:05 in Shanghai.
    let noon = Date(timeIntervalSince1970: 1_796_270_700)

    func context(_ language: PageLanguage = .zh) -> PageContext {
        .console(language, path: "/console/cardholders")
    }

    func holder(_ number: String = "20260001", name: String = "张三", card: CardStatus? = .active) -> CardholderEntry {
        CardholderEntry(
            id: 1, staffNumber: number, name: name, kind: .student, campus: "主校区", status: .active, passport: nil, leaveDate: nil,
            cardNumber: card == nil ? nil : number, cardStatus: card, balance: Money(fen: 12_345))
    }

    @Test func theSearchPageBeforeASearchHasOnlyTheForm() {
        let html = ConsoleSearchPage(staff: clerk, query: "").render(context())
        #expect(html.contains(#"role="search""#) && html.contains(#"method="get""#) && html.contains(#"name="q""#))
        #expect(!html.contains("<table") && !html.contains("没有找到"))
    }

    @Test func nobodyFoundSaysWhatWasSearched() {
        let html = ConsoleSearchPage(staff: clerk, query: "<李四>").render(context())
        #expect(html.contains("没有找到“&lt;李四&gt;”") && !html.contains("<table"))
    }

    @Test func foundCardholdersLinkToTheirProfileWithCardAndBalance() {
        let html = ConsoleSearchPage(
            staff: clerk, query: "张", cardholders: [holder(), holder("20260002", name: "张四", card: nil)], page: 2, hasMore: true
        )
        .render(context())
        #expect(html.contains(#"href="/console/cardholders/20260001""#) && html.contains("¥123.45") && html.contains("未发卡"))
        #expect(html.contains(#"scope="col""#) && html.contains("第 2 页"))
        #expect(html.contains("page=1") && html.contains("page=3") && html.contains("q=%E5%BC%A0"))
        let first = ConsoleSearchPage(staff: clerk, query: "张", cardholders: [holder()]).render(context(.en))
        #expect(!first.contains("page=0") && !first.contains("page=2") && first.contains("Balance") && first.contains("Active"))
        // one page only: no pager at all
        #expect(!first.contains(#"class="pager""#) && !first.contains("Page 1"))
    }

    @Test func aRefusedSearchIsShownOnTheField() {
        let error = CardError.invalidField("q", zh: "查询内容不超过64个字", en: "a search is at most 64 characters")
        let html = ConsoleSearchPage(staff: clerk, query: "x", error: error).render(context())
        #expect(html.contains(#"id="q-error""#) && html.contains("不超过64个字") && !html.contains("没有找到"))
    }

    func profile(
        records: [PurseRecord] = [], newest: Bool = true, next: TransferID? = nil, audit: [AuditEntry] = [], bindings: [BoundChannel] = []
    )
        -> String
    {
        CardholderProfilePage(
            staff: clerk, cardholder: holder(card: .lost), cards: [HeldCard(number: "20260001", status: .lost, issuedAt: noon)],
            bindings: bindings, records: records, nextRecords: next, newestRecords: newest, audit: audit, auditPage: 1, moreAudit: false
        ).render(context())
    }

    @Test func aProfileWithNothingYetSaysSoInEachSection() {
        let html = profile()
        for shown in ["张三", "主校区", "已挂失", "¥123.45", "还没有记录", "尚未在任何渠道绑定", "没有审计记录", "2026-12-03 12:05"] {
            #expect(html.contains(shown), "\(shown)")
        }
        #expect(!html.contains("更早的记录") && !html.contains("下一页"))
    }

    @Test func aProfileShowsRecordsWithTheirRunningBalanceDevicesAndTheAuditTrail() {
        let records = [
            PurseRecord(transferID: 9, kind: .topUp, amount: Money(fen: 5_000), balanceAfter: Money(fen: 12_345), at: noon, memo: "支付宝"),
            PurseRecord(transferID: 8, kind: .spend, amount: Money(fen: -1_250), balanceAfter: Money(fen: 7_345), at: noon, memo: "第一食堂"),
        ]
        let bound = BoundChannel(
            channel: "alipay", boundAt: noon,
            devices: [.init(deviceID: "web-abcdefghijklmnop", verifiedAt: noon, revokedAt: nil, addedAt: noon)])
        let audit = [AuditEntry(actor: "staff:demo-clerk", action: "card_lost", subject: "20260001", detail: ["was": "active"], at: noon)]
        let html = profile(records: records, next: 8, audit: audit, bindings: [bound])
        for shown in ["+¥50.00", "-¥12.50", "¥73.45", "第一食堂", "支付宝校园服务", "已验证", "staff:demo-clerk", "was=active", "before=8"] {
            #expect(html.contains(shown), "\(shown)")
        }
        #expect(!html.contains("web-abcdefghijklmnop"))
        let older = profile(records: [], newest: false)
        #expect(older.contains("没有更早的记录") && older.contains("最新记录"))
    }
}
