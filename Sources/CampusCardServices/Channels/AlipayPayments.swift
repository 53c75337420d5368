import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// Alipay's open platform: `alipay.trade.create` for the signed-in buyer, `alipay.trade.query`,
/// `alipay.trade.close`, the trade bill; every request signed RSA2 with our key, every answer verified with
/// Alipay's.
struct AlipayPayments: TradeBillChannel {
    let access: ChannelAccess.Alipay
    let notifyURL: String
    let transport: any ChannelTransport

    var provider: PaymentProvider { .alipay }

    private var signer: AlipayRequestSigner { AlipayRequestSigner(appID: access.appID, appPrivateKey: access.appPrivateKey) }
    private var verifier: AlipayResponseVerifier { AlipayResponseVerifier(alipayPublicKey: access.alipayPublicKey) }

    func requestPayment(for order: TopUpOrder, payer: ChannelIdentity, clientIP: String?, at: Date) async throws -> PaymentRequest {
        let parameters = try AlipayTradeCreate.requestParameters(
            outTradeNo: order.orderNo, totalFen: order.payable.fen, subject: order.subject, buyer: AlipayBuyer(payer.userID),
            opAppID: access.opAppID, passback: "kind=\(order.kind.rawValue)", notifyURL: notifyURL,
            signer: signer, at: at)
        let answer = try await transport.send(.form(access.gatewayURL, parameters))
        let tradeNo = try AlipayTradeCreate.tradeNo(fromResponse: String(decoding: answer.body, as: UTF8.self), verifier: verifier)
        // The page calls my.tradePay({tradeNO}) inside Alipay.
        return PaymentRequest(channelTradeNo: tradeNo, pageParameters: ["trade_no": tradeNo])
    }

    func query(_ order: TopUpOrder, at: Date) async throws -> PaymentState {
        let answer = try await transport.send(
            .form(
                access.gatewayURL,
                try AlipayTradeQuery.requestParameters(
                    method: AlipayTradeQuery.queryMethod, outTradeNo: order.orderNo, signer: signer, at: at)))
        let state = try AlipayTradeQuery.state(fromResponse: String(decoding: answer.body, as: UTF8.self), verifier: verifier)
        switch state.status {
        case nil: return .unknown
        case .waitBuyerPay?: return .unpaid
        case .tradeClosed?: return .closed
        case .tradeSuccess?, .tradeFinished?:
            guard let total = state.totalFen else { throw ChannelError.missingField("total_amount") }
            return .paid(
                PaymentNotice(provider: .alipay, orderNo: order.orderNo, channelTradeNo: state.tradeNo, paidTotal: Money(fen: total)))
        }
    }

    func close(_ order: TopUpOrder, at: Date) async throws -> Bool {
        let answer = try await transport.send(
            .form(
                access.gatewayURL,
                try AlipayTradeQuery.requestParameters(
                    method: AlipayTradeQuery.closeMethod, outTradeNo: order.orderNo, signer: signer, at: at)))
        struct Node: Decodable {
            var code: String
            var sub_code: String?
        }
        let node = try JSONDecoder().decode(
            Node.self,
            from: Data(
                try verifier.verifiedNode(
                    AlipayResponseVerifier.responseKey(forMethod: AlipayTradeQuery.closeMethod),
                    in: String(decoding: answer.body, as: UTF8.self)
                )
                .utf8))
        // A trade the cardholder never opened does not exist at Alipay: nothing to close.
        return node.code == "10000" || node.sub_code == "ACQ.TRADE_NOT_EXIST"
    }

    /// The bill's download address from the gateway, then the zip from there (a plain GET: the
    /// address carries Alipay's own token).
    func tradeBill(of day: LocalDate, at: Date) async throws -> TradeBill {
        let answer = try await transport.send(
            .form(access.gatewayURL, try AlipayTradeBill.requestParameters(billDate: day.description, signer: signer, at: at)))
        let url = try AlipayTradeBill.downloadURL(fromResponse: answer.text, verifier: verifier)
        let file = try await transport.send(ChannelCall(method: "GET", url: url))
        guard file.status == 200 else { throw ChannelError.rejected("bill download \(file.status)") }
        return try AlipayTradeBill.bill(fromZip: file.body)
    }
}
