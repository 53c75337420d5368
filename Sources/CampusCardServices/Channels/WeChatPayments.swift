import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// WeChat Pay API v3: JSAPI prepay for the payer's openid, order query and close; every request
/// carries the `WECHATPAY2-SHA256-RSA2048` Authorization, every answer is verified with the
/// platform key.
struct WeChatPayments: TradeBillChannel {
    let access: ChannelAccess.WeChatPay
    let transport: any ChannelTransport

    var provider: PaymentProvider { .wechatPay }

    /// Inside WeChat, a JSAPI order for the payer's openid; elsewhere (the school app, which has
    /// no openid), an H5 order for the phone's address.
    func requestPayment(for order: TopUpOrder, payer: ChannelIdentity, clientIP: String?, at: Date) async throws -> PaymentRequest {
        guard payer.channel == .wechat else {
            guard let clientIP, !clientIP.isEmpty else { throw ChannelError.missingField("payer_client_ip") }
            let body = try WeChatPayH5.body(
                .init(
                    appID: access.appID, mchID: access.mchID, description: order.subject, outTradeNo: order.orderNo,
                    notifyURL: access.notifyURL, totalFen: order.payable.fen, payerClientIP: clientIP))
            let answer = try await call("POST", WeChatPayH5.prepayPath, body: body, at: at)
            guard answer.status == 200 else { throw ChannelError.rejected("h5 prepay \(answer.status)") }
            return PaymentRequest(channelTradeNo: nil, pageParameters: ["h5_url": try WeChatPayH5.h5URL(fromResponse: answer.text)])
        }
        let body = try WeChatPayJSAPI.body(
            .init(
                appID: access.appID, mchID: access.mchID, description: order.subject, outTradeNo: order.orderNo,
                notifyURL: access.notifyURL,
                totalFen: order.payable.fen, openID: payer.userID))
        let answer = try await call("POST", WeChatPayJSAPI.prepayPath, body: body, at: at)
        guard answer.status == 200 else { throw ChannelError.rejected("prepay \(answer.status)") }
        let prepayID = try WeChatPayJSAPI.prepayID(fromResponse: answer.text)
        return PaymentRequest(
            channelTradeNo: nil,
            pageParameters: try WeChatPayJSAPI.pageParameters(
                appID: access.appID, prepayID: prepayID, merchantKey: access.merchantPrivateKey, at: at))
    }

    func query(_ order: TopUpOrder, at: Date) async throws -> PaymentState {
        let answer = try await call("GET", WeChatPayJSAPI.queryPath(outTradeNo: order.orderNo, mchID: access.mchID), body: "", at: at)
        if answer.status == 404 { return .unknown }
        guard answer.status == 200 else { throw ChannelError.rejected("query \(answer.status)") }
        let transaction = try WeChatPayJSAPI.transaction(fromResponse: answer.text)
        guard transaction.mchID == access.mchID, transaction.outTradeNo == order.orderNo else { throw ChannelError.malformedField("mchid") }
        switch transaction.tradeState {
        case .success:
            return .paid(
                PaymentNotice(
                    provider: .wechatPay, orderNo: order.orderNo, channelTradeNo: transaction.transactionID,
                    paidTotal: Money(fen: transaction.amount.total)))
        case .closed, .revoked, .payError: return .closed
        case .notPay, .userPaying, .refund: return .unpaid
        }
    }

    func close(_ order: TopUpOrder, at: Date) async throws -> Bool {
        let body = String(decoding: try JSONEncoder().encode(["mchid": access.mchID]), as: UTF8.self)
        let answer = try await call("POST", WeChatPayJSAPI.closePath(outTradeNo: order.orderNo), body: body, at: at, verifyAnswer: false)
        return answer.status == 204
    }

    /// The bill's address and hash (a signed answer), then the file, fetched with our signature
    /// too (its answer is not signed: the hash stands for it).
    func tradeBill(of day: LocalDate, at: Date) async throws -> TradeBill {
        let answer = try await call("GET", WeChatPayTradeBill.path(billDate: day.description), body: "", at: at)
        guard answer.status == 200 else { throw ChannelError.rejected("tradebill \(answer.status)") }
        let download = try WeChatPayTradeBill.download(fromResponse: answer.text)
        // Our signature goes only to WeChat Pay's own host.
        guard download.downloadURL.hasPrefix(access.baseURL + "/") else { throw ChannelError.malformedField("download_url") }
        let file = try await call(
            "GET", String(download.downloadURL.dropFirst(access.baseURL.count)), body: "", at: at, verifyAnswer: false)
        guard file.status == 200 else { throw ChannelError.rejected("bill download \(file.status)") }
        return try WeChatPayTradeBill.bill(fromFile: file.body, download: download)
    }

    /// The platform keys to check a message signed by `serial` with: the certificates are
    /// downloaded first when the serial is new (see `WeChatPayPlatformKeys`). A failed download
    /// leaves the keys as they were, and the message is refused as by an unknown key.
    func platformKeys(toCheck serial: String, at now: Date) async -> [String: RSAVerifyingKey] {
        if await !access.platformKeys.knows(serial, at: now) {
            try? await access.platformKeys.refresh(at: now) { try await downloadCertificates(at: now) }
        }
        return await access.platformKeys.keys(at: now)
    }

    /// The platform certificates before the ones in use expire (or the first ones), for the upkeep.
    func refreshCertificatesBeforeExpiry(at now: Date) async throws {
        guard await access.platformKeys.needsDownload(at: now, margin: 24 * 3600) else { return }
        try await access.platformKeys.refresh(at: now) { try await downloadCertificates(at: now) }
    }

    private func downloadCertificates(at now: Date) async throws -> [WeChatPayPlatformCertificates.Certificate] {
        let answer = try await call("GET", WeChatPayPlatformCertificates.path, body: "", at: now, verifyAnswer: false)
        guard answer.status == 200 else { throw ChannelError.rejected("certificates \(answer.status)") }
        return try WeChatPayPlatformCertificates.certificates(
            fromResponse: answer.text, signature: try WeChatPaySignatureHeaders { answer.header($0) }, apiV3Key: access.apiV3Key,
            trusted: await access.platformKeys.keys(at: now), now: now)
    }

    /// One signed call; answers with a body must carry the platform's signature.
    private func call(_ method: String, _ pathWithQuery: String, body: String, at: Date, verifyAnswer: Bool = true) async throws
        -> ChannelAnswer
    {
        let authorization = try WeChatPayRequestSigner(
            mchID: access.mchID, serialNumber: access.merchantSerial, merchantPrivateKey: access.merchantPrivateKey
        )
        .authorization(method: method, pathWithQuery: pathWithQuery, body: body, at: at)
        var headers = [(name: "Authorization", value: authorization.headerValue), ("Accept", "application/json")]
        if !body.isEmpty { headers.append(("Content-Type", "application/json")) }
        let answer = try await transport.send(
            ChannelCall(method: method, url: access.baseURL + pathWithQuery, headers: headers, body: body.isEmpty ? nil : Data(body.utf8)))
        if verifyAnswer && answer.status == 200 {
            let signature = try WeChatPaySignatureHeaders { answer.header($0) }
            try WeChatPaySignatureVerifier(platformKeys: await platformKeys(toCheck: signature.serial, at: at))
                .verify(signature, body: answer.text, now: at)
        }
        return answer
    }
}
