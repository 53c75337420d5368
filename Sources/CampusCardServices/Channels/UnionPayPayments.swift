import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// The school app's bank-card top-ups through UnionPay ACP: a front transaction (消费, bizType
/// 000201, mobile channel) the cardholder's browser posts to the bank's cashier; the result comes
/// by notification to our back URL, or by `queryTrans.do`. `txnTime` is the order's creation
/// time, so a query names the same transaction the form did.
struct UnionPayPayments: PaymentChannel {
    let gateway: UnionPayGateway

    var provider: PaymentProvider { .unionPay }

    /// The key of the page parameters that holds where the form is posted (`CashierHandOff.formAction`).
    static let formAction = "form_action"

    func requestPayment(for order: TopUpOrder, payer: ChannelIdentity, clientIP: String?, at: Date) async throws -> PaymentRequest {
        let access = gateway.access
        let fields = gateway.request(
            order.orderNo, at: order.createdAt,
            [
                "txnType": "01", "txnSubType": "01", "bizType": "000201", "channelType": "08", "txnAmt": String(order.payable.fen),
                "currencyCode": UnionPayMessage.currencyCode, "frontUrl": access.returnURL, "backUrl": access.notifyURL,
                // The bank stops taking the payment when our order expires.
                "payTimeout": ChinaTime.compact(order.expiresAt),
            ])
        var form = try access.signer.signedRequest(fields)
        form[Self.formAction] = access.baseURL + UnionPayMessage.Endpoint.front.rawValue
        return PaymentRequest(channelTradeNo: nil, pageParameters: form)
    }

    /// Processing (03/04/05) is unpaid, never closed; a refusal closes the order.
    func query(_ order: TopUpOrder, at: Date) async throws -> PaymentState {
        switch try await gateway.query(order.orderNo, sentAt: order.createdAt, at: at) {
        case .succeeded(let fields): .paid(try UnionPayGateway.notice(fields, orderNo: order.orderNo))
        case .processing: .unpaid
        case .refused: .closed
        case .unknown: .unknown
        }
    }

    /// ACP has no closing of a front transaction: it ends at `payTimeout`. One the bank took, or
    /// is still processing, cannot be closed; one it never saw or refused has nothing to close.
    func close(_ order: TopUpOrder, at: Date) async throws -> Bool {
        switch try await gateway.query(order.orderNo, sentAt: order.createdAt, at: at) {
        case .succeeded, .processing: false
        case .refused, .unknown: true
        }
    }
}
