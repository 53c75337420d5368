import CampusCardCore
import Foundation
import Testing

@testable import CampusCardServices
@testable import CampusCardStore
@testable import CampusCardWeb

/// Each page's states, rendered without a server: what a student would read in each.
@Suite struct PageViewTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-12-03 12:05 in Shanghai: a peak hour.
    let noon = Date(timeIntervalSince1970: 1_796_270_700)

    func context(_ language: PageLanguage = .zh) -> PageContext {
        PageContext(
            language: language, csrfToken: "TOKEN", timeZone: shanghai, path: "/h5/DEMO", schoolPath: "/h5/DEMO", schoolName: "示范大学")
    }

    func record(_ kind: TransferKind, _ fen: Int64, after: Int64) -> PurseRecord {
        PurseRecord(transferID: 1, kind: kind, amount: Money(fen: fen), balanceAfter: Money(fen: after), at: noon, memo: "第一食堂")
    }

    func home(status: CardStatus?, since: Date? = nil, records: [PurseRecord] = [], unread: Int = 0) -> String {
        HomePage(
            name: "张三", balance: Money(fen: 1230), card: CardNumber(rawValue: "20260001"), cardStatus: status, statusSince: since,
            records: records, announcements: [], maintenance: [], unreadNotices: unread, now: noon
        ).render(context())
    }

    @Test func homeShowsBalanceStatusAndEmptyState() {
        let html = home(status: .active)
        #expect(html.contains("¥12.30"))
        #expect(html.contains("正常"))
        #expect(html.contains("还没有记录"))
        #expect(html.contains("谨防"))
        #expect(!html.contains("未读通知"))
        #expect(html.contains(#"aria-current="page""#))
    }

    @Test func homeShowsLostAndFrozenWithTheirDate() {
        let lost = home(status: .lost, since: noon)
        #expect(lost.contains("已挂失（2026-12-03 起）"))
        #expect(!lost.contains(#"href="/h5/DEMO/top-up" class="primary""#), "no top-up button on a lost card")
        #expect(home(status: .frozen, since: noon).contains("已冻结（2026-12-03 起）"))
    }

    @Test func homeListsRecordsWithRunningBalanceAndTheUnreadBanner() {
        let html = home(status: .active, records: [record(.spend, -1230, after: 8770)], unread: 2)
        #expect(html.contains("-¥12.30"))
        #expect(html.contains("余额 ¥87.70"))
        #expect(html.contains("您有 2 条未读通知"))
    }

    @Test func maintenanceWindowInForceIsAnAlert() {
        let window = ServiceNotice(
            id: 1, title: "系统维护", body: "暂停充值", startsAt: noon.addingTimeInterval(-60), endsAt: noon.addingTimeInterval(3600))
        let html = HomePage(
            name: "张三", balance: .zero, card: nil, cardStatus: .active, statusSince: nil, records: [], announcements: [],
            maintenance: [window], unreadNotices: 0, now: noon
        ).render(context())
        #expect(html.contains(#"<p class="alert" role="alert"><strong>系统维护</strong> · 2026-12-03 12:04 – 2026-12-03 13:05"#))
    }

    func options(left: Money = .yuan(2000), settings: SchoolSettings = .defaults) throws -> TopUpService.Options {
        TopUpService.Options(
            presets: try settings.quickTopUpPresets.map { try TopUpQuote(kind: .quick, amount: $0, settings: settings) }, feeRule: "规则",
            settings: settings, leftToday: left, paysWith: [.alipay])
    }

    @Test func topUpShowsFeesLeftTodayAndThePeakHint() throws {
        let html = TopUpPage(options: try options(left: .yuan(400)), now: noon, requestID: "R").render(context())
        #expect(html.contains("手续费 ¥0.15，共付 ¥50.15"))
        #expect(html.contains("今日还可充值 ¥400.00"))
        #expect(html.contains("00:00 恢复"))
        #expect(html.contains("现在是充值高峰"))
        #expect(html.contains("预计 6–8 分钟到账"))
        #expect(html.contains(#"data-left-fen="40000""#))
        let morning = TopUpPage(options: try options(), now: noon.addingTimeInterval(-3 * 3600), requestID: "R").render(context())
        #expect(!morning.contains("现在是充值高峰"))
    }

    @Test func topUpStatesTheMultipleRule() throws {
        var settings = SchoolSettings.defaults
        settings.customTopUpMultiple = .yuan(10)
        let html = TopUpPage(options: try options(settings: settings), now: noon, requestID: "R").render(context())
        #expect(html.contains("须为 10.00 元的整数倍"))
        #expect(html.contains(#"data-multiple-fen="1000""#))
    }

    @Test func topUpOnALostCardOffersNothingToPay() throws {
        let html = TopUpPage(options: try options(), now: noon, requestID: "R", cardUsable: false).render(context())
        #expect(html.contains("此卡当前不能充值"))
        #expect(!html.contains(#"name="kind""#))
    }

    @Test func paymentCodeDrawsBothSymbolsOrSaysWhyNot() {
        let page = PaymentCodePage(state: .code("284719305611827364", expiresAt: noon.addingTimeInterval(60)), now: noon).render(context())
        #expect(page.components(separatedBy: "<svg").count == 3)
        #expect(page.contains("2847 1930 5611 8273 64"))
        #expect(page.contains(#"data-refresh="55""#))
        let lost = PaymentCodePage(state: .unusable(.cardLost), now: noon).render(context())
        #expect(!lost.contains("<svg"))
        #expect(lost.contains(#"role="alert""#))
    }

    @Test func bindingStepShowsItsFieldsErrorOnTheField() {
        let page = BindStepPage(
            step: .identity, schoolName: "示范大学", campuses: [], values: ["staff_number": "138"], staffNumberDigits: 8...12,
            error: .staffNumberIsPhoneNumber
        ).render(context())
        #expect(page.contains(#"aria-invalid="true""#))
        #expect(page.contains(#"id="staff_number-error""#))
        #expect(page.contains("第 2 步，共 5 步"))
        #expect(page.contains(#"name="_csrf" value="TOKEN""#))
        let proof = BindStepPage(step: .proof, schoolName: "示范大学", campuses: [], staffNumberDigits: 8...12).render(context())
        #expect(proof.contains("身份证后6位，X用0代替"))
        let payment = BindStepPage(step: .payment, schoolName: "示范大学", campuses: [], staffNumberDigits: 8...12).render(context())
        #expect(payment.contains("不要使用银行卡密码"))
        let face = BindStepPage(step: .face, schoolName: "示范大学", campuses: [], staffNumberDigits: 8...12, error: .nationalIDInvalid)
            .render(context())
        #expect(face.contains(#"action="/h5/DEMO/bind/face""#) && face.contains(#"id="id_number-error""#))
    }

    @Test func errorPageSendsMismatchesToTheServiceCenterWithItsHours() {
        let page = ErrorPage(error: .infoMismatch, serviceCenter: "工作日 8:30–17:00", back: "/h5/DEMO/bind/identity").render(context())
        #expect(page.contains("信息不匹配"))
        #expect(page.contains("工作日 8:30–17:00"))
        #expect(page.contains(#"href="/h5/DEMO/bind/identity""#))
        let other = ErrorPage(error: .notFound("order"), serviceCenter: "工作日").render(context())
        #expect(!other.contains("工作日"))
    }

    @Test func englishIsComplete() {
        let html = home(status: .active, records: [record(.topUp, 5000, after: 6230)])
        let english = HomePage(
            name: "Anna", balance: Money(fen: 1230), card: nil, cardStatus: .lost, statusSince: noon,
            records: [record(.topUp, 5000, after: 6230)],
            announcements: [], maintenance: [], unreadNotices: 1, now: noon
        ).render(context(.en))
        #expect(html.contains(#"lang="zh-CN""#))
        #expect(english.contains(#"<html lang="en">"#))
        #expect(english.contains("Reported lost (since 2026-12-03)"))
        #expect(english.contains("Top-up"))
        #expect(english.contains("You have 1 unread notice<"))
        #expect(!english.contains("充值"))
    }

    @Test func recordsAndNoticesHaveEmptyStates() {
        #expect(RecordsPage(records: [], nextBefore: nil, kind: nil, month: "2026-12").render(context()).contains("这个月没有符合条件的记录"))
        #expect(NoticesPage(notices: [], unread: 0).render(context()).contains("30天内没有通知"))
        #expect(TopUpOrdersPage(orders: []).render(context()).contains("还没有充值订单"))
    }

    /// What each channel answered opens its own cashier: WeChat Pay's H5 page by a link, Alipay's
    /// and WeChat's in-app cashiers by their bridges (with the signed parameters), UnionPay's front
    /// transaction by a plain form of its signed fields (no JavaScript), none for a `tn`.
    @Test func eachChannelsCashierIsOpenedItsOwnWay() {
        #expect(
            CashierHandOff(channelParameters: ["h5_url": "https://wx.tenpay.com/x?prepay_id=1"])
                == .page("https://wx.tenpay.com/x?prepay_id=1"))
        #expect(CashierHandOff(channelParameters: ["trade_no": "2026120622001"]) == .alipayTradePay(tradeNo: "2026120622001"))
        #expect(CashierHandOff(channelParameters: ["tn": "761234"]) == nil)
        let acp = ["form_action": "https://gateway.95516.com/gateway/api/frontTransReq.do", "orderId": "TU1", "signature": "a+b/c=="]
        let front = CashierHandOff(channelParameters: acp)
        #expect(front == .formPost(action: acp["form_action"]!, fields: ["orderId": "TU1", "signature": "a+b/c=="]))
        let form = front?.render(context()).rendered ?? ""
        #expect(form.contains(#"action="https://gateway.95516.com/gateway/api/frontTransReq.do""#) && form.contains(#"method="post""#))
        #expect(form.contains(#"name="signature" value="a+b/c==""#) && !form.contains(#"name="form_action""#))
        #expect(form.contains("去银联付款") && !form.contains("<script"))
        let jsapi = [
            "appId": "wx1", "timeStamp": "1796270700", "nonceStr": "n<1>", "package": "prepay_id=wx2", "signType": "RSA", "paySign": "s+/=",
        ]
        let weChat = CashierHandOff(channelParameters: jsapi)
        #expect(weChat == .weChatJSAPI(jsapi))
        let button = weChat?.render(context()).rendered ?? ""
        #expect(button.contains(#"data-cashier="bridge""#) && button.contains(#"data-wechat-paysign="s+/=""#))
        #expect(button.contains(#"data-wechat-noncestr="n&lt;1&gt;""#) && button.contains(#"data-wechat-timestamp="1796270700""#))
        #expect(button.contains("用微信支付付款") && button.contains("<noscript>"))
        let alipay = CashierHandOff.alipayTradePay(tradeNo: "2026120622001").render(context(.en)).rendered
        #expect(alipay.contains(#"data-alipay-trade-no="2026120622001""#) && alipay.contains("Pay with Alipay"))
        #expect(PageAssets.script.contains("AlipayJSBridge.call(\"tradePay\"") && PageAssets.script.contains("getBrandWCPayRequest"))
    }

    @Test func noticesMarkTheUnreadOnes() {
        let notices = [
            CardholderNotice(id: "1", kind: .cardLost, title: "校园卡已挂失", body: "b", at: noon),
            CardholderNotice(id: "2", kind: .lowBalance, title: "余额不足", body: "b", at: noon.addingTimeInterval(-86_400)),
        ]
        let html = NoticesPage(notices: notices, unread: 1).render(context())
        #expect(html.components(separatedBy: "class=\"unread\"").count == 2)
        #expect(html.contains("全部标为已读（1 条未读）"))
    }
}
