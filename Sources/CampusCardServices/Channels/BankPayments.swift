import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// Bank cards through the UnionPay gateway: a front transaction the school app opens the bank's
/// cashier with, query and close; requests signed with our key, answers verified with the
/// gateway's. The bank's answer to the payment itself (paid, or refused and why) comes by
/// notification.
struct BankPayments: PaymentChannel {
    let access: ChannelAccess.Bank
    let transport: any ChannelTransport

    var provider: PaymentProvider { .unionPay }

    func requestPayment(for order: TopUpOrder, payer: ChannelIdentity, clientIP: String?, at: Date) async throws -> PaymentRequest {
        let answer = try await call(
            "frontTrans",
            [
                "orderId": order.orderNo, "txnAmt": String(order.payable.fen), "currencyCode": "156",
                "txnTime": String(Int64(at.timeIntervalSince1970)),
                "backUrl": access.notifyURL, "orderDesc": order.subject,
            ])
        guard answer["respCode"] == BankGatewayMessage.Result.success.rawValue, let tn = answer["tn"] else {
            throw ChannelError.rejected(answer["respCode"] ?? "no respCode")
        }
        return PaymentRequest(channelTradeNo: tn, pageParameters: ["tn": tn])
    }

    func query(_ order: TopUpOrder, at: Date) async throws -> PaymentState {
        let answer = try await call("query", ["orderId": order.orderNo])
        switch answer["respCode"] {
        case "34": return .unknown
        case BankGatewayMessage.Result.success.rawValue?: break
        default: throw ChannelError.rejected(answer["respCode"] ?? "no respCode")
        }
        switch answer["origRespCode"] {
        case BankGatewayMessage.Result.success.rawValue?:
            guard let total = answer["txnAmt"].flatMap(Int64.init) else { throw ChannelError.missingField("txnAmt") }
            return .paid(
                PaymentNotice(provider: .unionPay, orderNo: order.orderNo, channelTradeNo: answer["queryId"], paidTotal: Money(fen: total)))
        case "05"?: return .unpaid
        default: return .closed
        }
    }

    func close(_ order: TopUpOrder, at: Date) async throws -> Bool {
        try await call("close", ["orderId": order.orderNo])["respCode"] == BankGatewayMessage.Result.success.rawValue
    }

    private func call(_ operation: String, _ fields: [String: String]) async throws -> [String: String] {
        var fields = fields
        fields["merId"] = access.merchantID
        fields["version"] = "5.1.0"
        fields["signMethod"] = "01"
        let answer = try await transport.send(
            .form("\(access.baseURL)/gateway/\(operation)", try BankGatewayMessage.signed(fields, with: access.merchantKey)))
        return try BankGatewayMessage.verified(formBody: String(decoding: answer.body, as: UTF8.self), key: access.gatewayKey)
    }
}
