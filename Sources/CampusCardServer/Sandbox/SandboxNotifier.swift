import CampusCardChannels
import Foundation
import Vapor

/// Sends a paid trade's notification the way Alipay does: after a delay, more than once, and
/// again and again until the answer is `success` (Alipay: 4 m, 10 m, 10 m, 1 h, 2 h, 6 h, 15 h;
/// here the sandbox's own, shorter, schedule).
struct SandboxNotifier {
    let sandbox: SandboxGateway
    let application: Application

    func notifyPaid(_ trade: SandboxTrades.Trade, at now: Date) {
        let notification = AlipayTradeNotification(
            appID: sandbox.alipayAppID, outTradeNo: trade.outTradeNo, tradeNo: trade.tradeNo, tradeStatus: .tradeSuccess,
            totalFen: trade.totalFen,
            notifyID: RandomNonce.make(length: 32), notifyTime: now, gmtPayment: trade.paidAt ?? now, buyerID: trade.buyerID, sellerID: nil)
        let delay = trade.quick ? sandbox.quickNotificationDelay : sandbox.customNotificationDelay
        for _ in 0..<sandbox.notificationCopies {
            let wait = Double.random(in: delay)
            application.sandboxDeliveries?.start { [sandbox, application] in
                try? await Task.sleep(for: .seconds(wait))
                for pause in [0] + sandbox.retryPauses {
                    try? await Task.sleep(for: .seconds(pause))
                    if Task.isCancelled { return }
                    guard
                        let body = try? AlipayNotificationSigner(alipayPrivateKey: sandbox.alipayKey).signedFormBody(
                            notification.formParameters)
                    else { return }
                    var headers = HTTPHeaders()
                    headers.contentType = .urlEncodedForm
                    let answer = try? await GatewayTransport(application: application).send(
                        .POST, trade.notifyURL, headers: headers, body: Data(body.utf8))
                    if let answer, String(decoding: answer.body, as: UTF8.self) == "success" { return }
                }
            }
        }
    }
}
