/// How the order page opens the channel's cashier. Paying inside Alipay or WeChat is their
/// apps' own bridge, which only their script can call: there the button needs JavaScript, and
/// the page says so to a browser without it.
public enum CashierHandOff: Sendable, Equatable {
    /// A page to go to: the sandbox's cashier (demo) or WeChat Pay's `h5_url` (the school app).
    case page(String)
    /// Inside Alipay: `AlipayJSBridge.call("tradePay", {tradeNO})`.
    case alipayTradePay(tradeNo: String)
    /// Inside WeChat: `WeixinJSBridge.invoke("getBrandWCPayRequest", …)` with the signed parameters.
    case weChatJSAPI([String: String])
    /// UnionPay ACP's front transaction: our signed fields, posted by the browser to the bank's
    /// cashier (`frontTransReq.do`); a plain form, so it needs no JavaScript.
    case formPost(action: String, fields: [String: String])

    /// The key of the channel parameters that holds where a front transaction's form goes.
    public static let formAction = "form_action"

    /// From what the channel answered for the order.
    public init?(channelParameters parameters: [String: String]) {
        if let action = parameters[Self.formAction] {
            self = .formPost(action: action, fields: parameters.filter { $0.key != Self.formAction })
        } else if let url = parameters["h5_url"] {
            self = .page(url)
        } else if parameters["paySign"] != nil, parameters["package"] != nil {
            self = .weChatJSAPI(parameters)
        } else if let tradeNo = parameters["trade_no"] {
            self = .alipayTradePay(tradeNo: tradeNo)
        } else {
            return nil
        }
    }

    static let weChatFields = ["appId", "timeStamp", "nonceStr", "package", "signType", "paySign"]

    func render(_ c: PageContext) -> Node {
        switch self {
        case .page(let url):
            return Components.link(c.t("去收银台付款", "Pay at the cashier"), to: url, class: "primary")
        case .alipayTradePay(let tradeNo):
            return bridgeButton(c.t("用支付宝付款", "Pay with Alipay"), c, [.data("alipay-trade-no", tradeNo)])
        case .formPost(let action, let fields):
            return el("form", attributes: [Attribute("method", "post"), Attribute("action", action), .class("cashier")]) {
                for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
                    void("input", [.type("hidden"), .name(name), .value(value)])
                }
                Components.submit(c.t("去银联付款", "Pay with a bank card (UnionPay)"))
            }
        case .weChatJSAPI(let parameters):
            return bridgeButton(
                c.t("用微信支付付款", "Pay with WeChat Pay"), c,
                Self.weChatFields.compactMap { field in
                    parameters[field].map { .data("wechat-\(field.lowercased())", $0) }
                })
        }
    }

    private func bridgeButton(_ title: String, _ c: PageContext, _ data: [Attribute]) -> Node {
        el("div", .class("cashier")) {
            el("button", attributes: [.type("button"), .class("primary"), .data("cashier", "bridge")] + data) { title }
            el("noscript") {
                Components.note(c.t("请在支付宝或微信中打开本页付款。", "Open this page in Alipay or WeChat to pay."))
            }
        }
    }
}
