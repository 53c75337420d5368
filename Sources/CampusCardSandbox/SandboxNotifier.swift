import CampusCardChannels
import CampusCardCore
import CampusCardServer
import CampusCardServices
import Foundation
import Vapor

/// Sends a paid trade's notification the way the provider does: after a delay, more than once,
/// and again until it is answered as the provider expects (Alipay: the body `success`, 4 m,
/// 10 m, 10 m, 1 h … apart; WeChat Pay: 200 or 204, 15 s, 15 s, 30 s, 3 m … apart; UnionPay:
/// HTTP 200; here the sandbox's own, shorter, schedule).
struct SandboxNotifier {
    let sandbox: SandboxGateway
    let application: Application

    /// Notifies the trade the cashier just settled, unless the request says `?notify=false`: the
    /// notification is lost on the way, as happens, and only a query finds the payment. (Read as
    /// text: Vapor decodes a missing Bool as false.)
    func notify(_ trade: SandboxTrades.Trade, asked req: Request) {
        if req.query[String.self, at: "notify"] != "false" { notifyPaid(trade, at: req.now) }
    }

    /// Notifies a settled trade: paid, or (bank cards) refused.
    func notifyPaid(_ trade: SandboxTrades.Trade, at now: Date) {
        let delay = trade.quick ? sandbox.quickNotificationDelay : sandbox.customNotificationDelay
        for _ in 0..<sandbox.notificationCopies {
            let wait = Double.random(in: delay)
            application.sandboxDeliveries?.start { [sandbox, application] in
                try? await Task.sleep(for: .seconds(wait))
                for pause in [0] + sandbox.retryPauses {
                    try? await Task.sleep(for: .seconds(pause))
                    if Task.isCancelled { return }
                    guard let (headers, body) = try? message(trade, sandbox: sandbox, at: now) else { return }
                    let answer = try? await ApplicationTransport(application: application).send(
                        ChannelCall(
                            method: "POST", url: trade.notifyURL, headers: headers.map { ($0.name, $0.value) }, body: Data(body.utf8)))
                    if let answer, Self.accepted(answer, by: trade.provider) { return }
                }
            }
        }
    }

    /// The notification as the provider signs it; each retry is signed afresh, as WeChat's are.
    private func message(_ trade: SandboxTrades.Trade, sandbox: SandboxGateway, at now: Date) throws -> (HTTPHeaders, String) {
        var headers = HTTPHeaders()
        switch trade.provider {
        case .alipay:
            let notification = AlipayTradeNotification(
                appID: sandbox.alipayAppID, outTradeNo: trade.outTradeNo, tradeNo: trade.tradeNo, tradeStatus: .tradeSuccess,
                totalFen: trade.totalFen, notifyID: "notify-\(trade.tradeNo)", notifyTime: now, gmtPayment: trade.paidAt ?? now,
                buyerID: trade.payer,
                sellerID: sandbox.alipaySellerID)
            headers.contentType = .urlEncodedForm
            return (headers, try AlipayNotificationSigner(alipayPrivateKey: sandbox.alipayKey).signedFormBody(notification.formParameters))
        case .unionPay:
            let code = trade.bankCode ?? UnionPayResponseCode.success
            let fields = [
                "version": UnionPayMessage.version, "encoding": UnionPayMessage.encoding, "bizType": trade.bizType ?? "000201",
                "txnType": "01", "txnSubType": "01", "accessType": UnionPayMessage.directAccess, "merId": SandboxUnionPay.merchantID,
                "orderId": trade.outTradeNo, "txnTime": trade.txnTime ?? "", "txnAmt": String(trade.totalFen),
                "currencyCode": UnionPayMessage.currencyCode, "queryId": trade.tradeNo, "respCode": code,
                "respMsg": code == UnionPayResponseCode.success ? "成功[0000000]" : "[\(code)]",
            ]
            headers.contentType = .urlEncodedForm
            return (headers, FormURLEncoding.encode(try sandbox.unionPay.signer.signedAnswer(fields)))
        case .wechatPay:
            let transaction = sandbox.weChatTransaction(trade, at: now)
            let (signature, body) = try WeChatPayCallbackSigner(
                platformSigner: sandbox.weChatPlatformSigner, apiV3Key: sandbox.weChatAPIv3Key
            )
            .signedCallback(for: transaction, id: "EV-\(trade.tradeNo)", at: application.clock.now())
            headers.contentType = .json
            for (name, value) in signature.fields { headers.add(name: name, value: value) }
            return (headers, body)
        }
    }

    private static func accepted(_ answer: ChannelAnswer, by provider: PaymentProvider) -> Bool {
        switch provider {
        case .alipay: String(decoding: answer.body, as: UTF8.self) == "success"
        case .unionPay: answer.status == 200
        case .wechatPay: answer.status == 200 || answer.status == 204
        }
    }
}
