import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// Auto top-up's bank side over UnionPay ACP 5.1.0 token payments (bizType 000902), all back
/// transactions: the no-redirect opening (txnType 77 sends the bank's SMS, 79 opens with the code
/// and answers the token in `tokenPayData`), consumes with the token (01), refunds (04 with
/// `origQryId`), queries, and deleting the token (74). A consume or refund answered 00 is only
/// accepted: its result comes by notification or query, so it reads as processing until then.
public struct UnionPayAutoDebit: AutoDebitChannel {
    let gateway: UnionPayGateway

    public init(access: ChannelAccess.UnionPay, transport: any ChannelTransport) {
        gateway = UnionPayGateway(access: access, transport: transport)
    }

    static let bizType = "000902"
    /// Internet (07): the debits are ours, not made from the cardholder's phone.
    private static let channelType = "07"

    public func beginOpening(_ opening: AutoDebitOpening, at: Date) async throws -> AutoDebitOpeningStep {
        let answer = try await back(
            "77", "00", opening.openingNo, sentAt: opening.startedAt, try openingFields(opening, customer: ["phoneNo": opening.phone]),
            at: at)
        let code = answer["respCode"] ?? ""
        guard code == UnionPayResponseCode.success else { return .refused(code: code, reason: UnionPayRefusals.failure(code)) }
        return .smsSent(maskedPhone: Self.maskedPhone(opening.phone))
    }

    public func completeOpening(_ opening: AutoDebitOpening, verificationCode: String, at: Date) async throws -> AutoDebitToken {
        var fields = try openingFields(
            opening,
            customer: [
                "phoneNo": opening.phone, "certifTp": "01", "certifId": opening.idNumber, "customerNm": opening.holderName,
                "smsCode": verificationCode,
            ])
        fields["tokenPayData"] = UnionPayMessage.braced([("trId", gateway.access.tokenRequestorID), ("tokenType", "01")])
        let answer = try await back("79", "00", opening.openingNo, sentAt: opening.startedAt, fields, at: at)
        let code = answer["respCode"] ?? ""
        guard code == UnionPayResponseCode.success else { throw AutoDebitRefused(code: code, reason: UnionPayRefusals.failure(code)) }
        let tokenData = try UnionPayMessage.unbraced(answer["tokenPayData"] ?? "")
        guard let token = tokenData["token"], !token.isEmpty else { throw ChannelError.missingField("tokenPayData.token") }
        return AutoDebitToken(
            token: token, cardLastFour: opening.cardLastFour, expiresAt: tokenData["tokenEnd"].flatMap(ChinaTime.date(fromCompact:)))
    }

    public func debit(_ order: TopUpOrder, token: String, at: Date) async throws -> AutoDebitOutcome {
        let fields = [
            "txnAmt": String(order.payable.fen), "currencyCode": UnionPayMessage.currencyCode, "backUrl": gateway.access.notifyURL,
            "tokenPayData": tokenPayData(token),
        ]
        return Self.accepted(try await back("01", "01", order.orderNo, sentAt: order.createdAt, fields, at: at)["respCode"])
    }

    public func query(_ order: TopUpOrder, at: Date) async throws -> AutoDebitOutcome {
        try await outcome(of: order.orderNo, sentAt: order.createdAt, at: at)
    }

    public func refund(_ refund: AutoDebitRefund, at: Date) async throws -> AutoDebitOutcome {
        let fields = [
            "txnAmt": String(refund.amount.fen), "currencyCode": UnionPayMessage.currencyCode, "origQryId": refund.debitChannelTradeNo,
            "backUrl": gateway.access.notifyURL,
        ]
        return Self.accepted(try await back("04", "00", refund.refundNo, sentAt: refund.requestedAt, fields, at: at)["respCode"])
    }

    public func queryRefund(_ refund: AutoDebitRefund, at: Date) async throws -> AutoDebitOutcome {
        try await outcome(of: refund.refundNo, sentAt: refund.requestedAt, at: at)
    }

    public func deleteToken(_ token: String, at: Date) async throws {
        let answer = try await back(
            "74", "01", "DT" + RandomNonce.make(length: 24), sentAt: at, ["tokenPayData": tokenPayData(token)], at: at)
        let code = answer["respCode"] ?? ""
        guard code == UnionPayResponseCode.success || UnionPayRefusals.failure(code) == .tokenInvalid else {
            throw ChannelError.rejected(code)
        }
    }

    /// A token payment back transaction (`txnType`/`txnSubType`) about `orderID`, first sent at `sentAt`.
    private func back(
        _ txnType: String, _ txnSubType: String, _ orderID: String, sentAt: Date, _ fields: [String: String], at: Date
    ) async throws -> [String: String] {
        let common = ["txnType": txnType, "txnSubType": txnSubType, "bizType": Self.bizType, "channelType": Self.channelType]
        return try await gateway.call(.back, gateway.request(orderID, at: sentAt, fields.merging(common) { own, _ in own }), at: at)
    }

    /// A back transaction's synchronous answer: 00 (accepted) and 03/04/05 wait for the result;
    /// anything else is the bank's refusal.
    private static func accepted(_ code: String?) -> AutoDebitOutcome {
        guard let code else { return .processing }
        if code == UnionPayResponseCode.success || UnionPayResponseCode.isProcessing(code) { return .processing }
        return .failed(code: code, reason: UnionPayRefusals.failure(code))
    }

    /// What a notification of a token payment or refund (`respCode` and its fields) says: 00 with
    /// its amount, 03/04/05 processing, anything else the bank's refusal.
    static func outcome(reported fields: [String: String], orderNo: String) throws -> AutoDebitOutcome {
        let code = fields["respCode"] ?? ""
        if code == UnionPayResponseCode.success { return .succeeded(try UnionPayGateway.notice(fields, orderNo: orderNo)) }
        return UnionPayResponseCode.isProcessing(code) ? .processing : .failed(code: code, reason: UnionPayRefusals.failure(code))
    }

    private func outcome(of orderID: String, sentAt: Date, at: Date) async throws -> AutoDebitOutcome {
        switch try await gateway.query(orderID, sentAt: sentAt, at: at) {
        case .succeeded(let fields): .succeeded(try UnionPayGateway.notice(fields, orderNo: orderID))
        case .processing: .processing
        case .refused(let code): .failed(code: code, reason: UnionPayRefusals.failure(code))
        case .unknown: .unknown
        }
    }

    /// The SMS and the opening share `orderId` and `txnTime`; the card number and the phone go
    /// encrypted with UnionPay's encryption certificate.
    private func openingFields(_ opening: AutoDebitOpening, customer: [String: String]) throws -> [String: String] {
        let encryption = gateway.access.encryption
        return [
            "accType": "01", "accNo": try encryption.encrypt(opening.cardNumber), "encryptCertId": encryption.certID,
            "customerInfo": try encryption.customerInfo(customer),
        ]
    }

    private func tokenPayData(_ token: String) -> String {
        UnionPayMessage.braced([("token", token), ("trId", gateway.access.tokenRequestorID)])
    }

    /// 138****5678, as banks show the phone their SMS went to.
    public static func maskedPhone(_ phone: String) -> String {
        guard phone.count >= 7 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + String(repeating: "*", count: phone.count - 7) + String(phone.suffix(4))
    }
}
