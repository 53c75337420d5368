import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// Our side of UnionPay ACP 5.1.0's back transactions: requests signed with our certificate and
/// posted form-encoded, answers read and checked against UnionPay's root before anything in them
/// counts. Top-ups and auto-debits both talk through it.
struct UnionPayGateway: Sendable {
    let access: ChannelAccess.UnionPay
    let transport: any ChannelTransport

    /// The verified answer to `fields` posted to `endpoint`, which must be about our merchant id.
    func call(_ endpoint: UnionPayMessage.Endpoint, _ fields: [String: String], at now: Date) async throws -> [String: String] {
        let answer = try await transport.send(.form(access.baseURL + endpoint.rawValue, try access.signer.signedRequest(fields)))
        guard answer.status == 200 else { throw ChannelError.rejected("HTTP \(answer.status)") }
        let fields = try await access.verifier.verified(
            UnionPayMessage.answerFields(String(decoding: answer.body, as: UTF8.self)), now: now)
        guard fields["merId"] == nil || fields["merId"] == access.merchantID else { throw ChannelError.malformedField("merId") }
        return fields
    }

    /// The common fields of a request about `orderID`, first sent at `txnTime`.
    func request(_ orderID: String, at txnTime: Date, _ fields: [String: String]) -> [String: String] {
        UnionPayMessage.request(merchantID: access.merchantID, orderID: orderID, at: txnTime).merging(fields) { _, own in own }
    }

    /// Where a transaction stands, as `queryTrans.do` says.
    enum Standing: Equatable {
        /// `origRespCode` 00: the answer's fields (`queryId`, `txnAmt`, …).
        case succeeded([String: String])
        /// 03, 04 or 05, of the query or of the transaction: ask again later.
        case processing
        case refused(code: String)
        /// UnionPay has no such transaction (34).
        case unknown
    }

    /// `orderID` and `txnTime` are the transaction's own, as first sent.
    func query(_ orderID: String, sentAt txnTime: Date, at now: Date) async throws -> Standing {
        let answer = try await call(
            .query, request(orderID, at: txnTime, ["txnType": "00", "txnSubType": "00", "bizType": "000000"]), at: now)
        switch answer["respCode"] {
        case UnionPayResponseCode.success?: break
        case UnionPayResponseCode.noSuchTransaction?: return .unknown
        case let code where UnionPayResponseCode.isProcessing(code): return .processing
        case let code: throw ChannelError.rejected(code ?? "no respCode")
        }
        switch answer["origRespCode"] {
        case UnionPayResponseCode.success?: return .succeeded(answer)
        case let code where UnionPayResponseCode.isProcessing(code): return .processing
        case let code?: return .refused(code: code)
        case nil: throw ChannelError.missingField("origRespCode")
        }
    }

    /// What a successful transaction's fields say was paid (or refunded).
    static func notice(_ fields: [String: String], orderNo: String) throws -> PaymentNotice {
        guard let amount = fields["txnAmt"].flatMap(Int64.init), amount >= 0 else { throw ChannelError.missingField("txnAmt") }
        return PaymentNotice(provider: .unionPay, orderNo: orderNo, channelTradeNo: fields["queryId"], paidTotal: Money(fen: amount))
    }
}
