import CampusCardCore
import CampusCardServer
import Vapor

/// The cashier the demo student pays on, `GET {base}/cashier/{alipay|wechat_pay|unionpay}/{order}`:
/// the channel's balance, or (the bank) one of the demo cards, each in one of the bank's states.
struct SandboxCashierPage: RouteCollection {
    let sandbox: SandboxGateway

    func boot(routes: any RoutesBuilder) throws {
        let base = sandbox.mounted(on: routes)
        base.get("cashier", ":provider", ":order_no", use: page)
    }

    static func payPath(_ provider: PaymentProvider) -> String {
        switch provider {
        case .alipay: "alipay"
        case .wechatPay: "wechat"
        case .unionPay: "unionpay"
        }
    }

    func page(req: Request) async throws -> Response {
        guard let provider = req.parameters.get("provider").flatMap(PaymentProvider.init(rawValue:)),
            let number = req.parameters.get("order_no"),
            let trade = await sandbox.trades.trade(number, of: provider)
        else { throw CardError.notFound("trade") }
        let action = "\(sandbox.basePath)/\(Self.payPath(provider))/trades/\(Self.escape(number))/pay"
        let choices: String
        switch provider {
        case .unionPay:
            choices = SandboxBankCard.allCases.filter { $0 != .mismatch }.map {
                #"<button onclick="pay({card_number:'\#($0.number)'})">\#($0.number) · \#($0.label)</button>"#
            }
            .joined(separator: "\n")
        case .alipay, .wechatPay:
            choices = #"<button onclick="pay({})">\#(provider.chineseName)余额支付 · pay with the balance</button>"#
        }
        let html = """
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>\(provider.chineseName) 收银台（沙箱）</title>
            <style>body{font-family:sans-serif;max-width:28em;margin:2em auto}button{display:block;width:100%;margin:.5em 0;padding:.8em}</style>
            </head><body>
            <h1>\(provider.chineseName) 收银台</h1><p>沙箱：演示支付，不涉及真实资金。Sandbox: no real money moves.</p>
            <p id="order">订单 \(Self.escape(number)) · ¥\(Money(fen: trade.totalFen).yuanString)</p>
            \(choices)
            <p id="result" role="status"></p>
            <script>
            const back = \(Self.jsonString(Self.returnURL(req)));
            async function pay(body) {
              const answer = await fetch("\(action)", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
              document.getElementById("result").textContent = answer.ok ? "已提交，请返回校园卡页面查看到账。Submitted: go back to see it arrive." : "未成功 Not done: " + await answer.text();
              if (answer.ok && back) location.href = back;
            }
            </script></body></html>
            """
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(headers: headers, body: .init(string: html))
    }

    /// Where the cardholder's page asked to come back to: a path of this server only.
    static func returnURL(_ req: Request) -> String? {
        guard let url = req.query[String.self, at: "return_url"], url.hasPrefix("/"), !url.hasPrefix("//") else { return nil }
        return url
    }

    static func jsonString(_ text: String?) -> String {
        guard let text, let data = try? JSONEncoder().encode(text) else { return "null" }
        // In a <script>, "</" must not appear: JSONEncoder escapes "/" already.
        return String(decoding: data, as: UTF8.self)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;"
        )
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
