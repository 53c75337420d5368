import CampusCardChannels
import Foundation
import Testing

struct WeChatPayCallbackTests {
    let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    let apiV3Key = try! WeChatPayAPIv3Key("0123456789abcdefghijklmnopqrstuv")
    let now = Date(timeIntervalSince1970: 1_714_523_400)
    let transaction = WeChatPayTransaction(
        mchID: "1230000109", appID: "wxd678efh567hg6787", outTradeNo: "CC20240501000001",
        transactionID: "1217752501201407033233368018", tradeState: .success,
        amount: .init(total: 5_000, payerTotal: 4_900, currency: "CNY"),
        payer: .init(openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"),
        successTime: "2024-05-01T08:30:00+08:00")
    var signer: WeChatPayCallbackSigner {
        WeChatPayCallbackSigner(
            platformSigner: WeChatPayPlatformSigner(
                serial: serial, platformPrivateKey: TestKeys.platform), apiV3Key: apiV3Key)
    }
    var verifier: WeChatPayCallbackVerifier {
        WeChatPayCallbackVerifier(
            platformKeys: [serial: TestKeys.platform.verifyingKey], apiV3Key: apiV3Key)
    }

    @Test func aProducedCallbackVerifiesAndDecryptsToTheTransaction() throws {
        // given
        let (headers, body) = try signer.signedCallback(
            for: transaction, id: "EV-2018022511223320873", at: now)
        // when
        let (callback, received) = try verifier.verify(
            headers, body: body, now: now.addingTimeInterval(15))
        // then
        #expect(received == transaction)
        #expect(callback.id == "EV-2018022511223320873")
        #expect(callback.createTime == "2024-05-01T08:30:00+08:00")
        #expect(callback.eventType == "TRANSACTION.SUCCESS")
        #expect(callback.resource.originalType == "transaction")
    }

    @Test func aCallbackSignedWithAnotherKeyOrReplayedLateIsRefused() throws {
        let (headers, body) = try signer.signedCallback(for: transaction, id: "EV-1", at: now)
        let impostor = WeChatPayCallbackVerifier(
            platformKeys: [serial: TestKeys.merchant.verifyingKey], apiV3Key: apiV3Key)
        #expect(throws: ChannelError.badSignature) {
            try impostor.verify(headers, body: body, now: now)
        }
        #expect(throws: ChannelError.staleTimestamp(1_714_523_400)) {
            try verifier.verify(headers, body: body, now: now.addingTimeInterval(3600))
        }
    }

    @Test func theDocumentedPlaintextDecodesWithEveryTradeState() throws {
        for state in WeChatPayTradeState.allCases {
            let json = #"""
                {"transaction_id":"1217752501201407033233368018","amount":{"payer_total":100,"total":100,"currency":"CNY","payer_currency":"CNY"},
                "mchid":"1230000109","trade_state":"\#(state.rawValue)","bank_type":"CMC","promotion_detail":[],
                "success_time":"2018-06-08T10:34:56+08:00","payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
                "out_trade_no":"1217752501201407033233368018","appid":"wxd678efh567hg6787","trade_state_desc":"支付成功",
                "trade_type":"MICROPAY","attach":"自定义数据","scene_info":{"device_id":"013467007045764"}}
                """#
            let decoded = try JSONDecoder().decode(WeChatPayTransaction.self, from: Data(json.utf8))
            #expect(decoded.tradeState == state)
            #expect(decoded.amount.total == 100)
        }
    }

    @Test func anUnpaidQueryAnswerDecodesWithoutPaymentFields() throws {
        let json =
            #"{"amount":{"currency":"CNY","payer_currency":"CNY","total":1},"appid":"wx1","mchid":"1","out_trade_no":"CC1","payer":{},"promotion_detail":[],"trade_state":"NOTPAY","trade_state_desc":"订单未支付"}"#
        let decoded = try JSONDecoder().decode(WeChatPayTransaction.self, from: Data(json.utf8))
        #expect(decoded.tradeState == .notPay)
        #expect(decoded.transactionID == nil)
        #expect(decoded.payer?.openid == nil)
    }

    @Test func aSignedCallbackWithAnUnknownStateOrNonPaymentResourceIsRefused() throws {
        func deliver(_ plaintext: String, originalType: String = "transaction") throws {
            let resource = try apiV3Key.encrypt(
                Data(plaintext.utf8), originalType: originalType, associatedData: "transaction")
            let callback = WeChatPayCallback(
                id: "EV-2", createTime: "2024-05-01T08:30:00+08:00",
                eventType: "TRANSACTION.SUCCESS",
                resourceType: "encrypt-resource", resource: resource, summary: nil)
            let body = String(decoding: try JSONEncoder().encode(callback), as: UTF8.self)
            let headers = try WeChatPayPlatformSigner(
                serial: serial, platformPrivateKey: TestKeys.platform
            ).headers(for: body, at: now)
            _ = try verifier.verify(headers, body: body, now: now)
        }
        let unknownState =
            #"{"mchid":"1","appid":"wx1","out_trade_no":"CC1","trade_state":"ACCEPTED","amount":{"total":1}}"#
        #expect(throws: ChannelError.self) { try deliver(unknownState) }
        #expect(throws: ChannelError.malformedField("original_type")) {
            try deliver("{}", originalType: "refund")
        }
        #expect(throws: ChannelError.self) {
            try deliver(#"{"mchid":"1","trade_state":"SUCCESS","amount":{"total":1.5}}"#)
        }
    }
}
