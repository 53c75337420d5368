import CampusCardChannels
import Foundation
import Testing

/// Each direction against wechatpayv3's own signing, verification and decryption.
@Suite(.disabled(if: Peer.skipRequested, "CAMPUSCARD_SKIP_PEER_TESTS=1"))
struct WeChatPayInteropTests {
    let apiV3Key = "0123456789abcdefghijklmnopqrstuv"
    let serial = "PUB_KEY_ID_0114232134912410000000000000"
    let merchantSerial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    let path = "/v3/pay/transactions/jsapi"
    let body =
        #"{"appid":"wxd678efh567hg6787","mchid":"1230000109","description":"校园卡充值","out_trade_no":"CC1","notify_url":"https://card.example.edu/wechat/notify","amount":{"total":5000,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}"#

    @Test func theSDKsAuthorizationHeaderIsExactlyWhatSwiftBuilds() throws {
        // given: the SDK signs a request with its own clock
        let merchant = try #require(try Peer.keyPairs(1).first)
        let answer = try Peer.call(
            "wechatpay_peer.py", "build_authorization_header",
            [
                "private_key": merchant.pkcs8_pem, "mchid": "1230000109",
                "serial_no": merchantSerial,
                "method": "POST", "path": path, "body": body,
                "nonce": "593BEC0C930BF1AFEB40B4A08C8FB242",
            ])
        let header = try #require(answer["authorization"] as? String)
        let parsed = try WeChatPayAuthorization(headerValue: header)
        let signedAt = Date(timeIntervalSince1970: try #require(TimeInterval(parsed.timestamp)))
        // when
        let rebuilt = try WeChatPayRequestSigner(
            mchID: "1230000109", serialNumber: merchantSerial,
            merchantPrivateKey: RSASigningKey(pem: merchant.pkcs1_pem)
        ).authorization(
            method: "POST", pathWithQuery: path, body: body, at: signedAt, nonce: parsed.nonce)
        // then
        #expect(rebuilt.headerValue == header)
        let verifier = WeChatPayRequestVerifier(
            merchantKeys: [merchantSerial: try RSAVerifyingKey(pem: merchant.public_pem)])
        _ = try verifier.verify(
            authorization: header, method: "POST", pathWithQuery: path, body: body, now: signedAt)
        #expect(throws: ChannelError.badSignature) {
            try verifier.verify(
                authorization: header, method: "POST", pathWithQuery: path, body: body + "\n",
                now: signedAt)
        }
    }

    @Test func aRequestSignedInSwiftVerifiesInTheSDK() throws {
        let merchant = try #require(try Peer.keyPairs(1).first)
        let authorization = try WeChatPayRequestSigner(
            mchID: "1230000109", serialNumber: merchantSerial,
            merchantPrivateKey: RSASigningKey(pem: merchant.pkcs8_pem)
        ).authorization(method: "POST", pathWithQuery: path, body: body, at: Date())
        func sdkAccepts(path: String) throws -> Bool {
            let answer = try Peer.call(
                "wechatpay_peer.py", "verify_request",
                [
                    "public_key": merchant.public_pem, "method": "POST", "path": path,
                    "timestamp": authorization.timestamp,
                    "nonce": authorization.nonce, "body": body,
                    "signature": authorization.signature,
                ])
            return try #require(answer["valid"] as? Bool)
        }
        #expect(try sdkAccepts(path: path))
        #expect(try !sdkAccepts(path: path + "?x=1"))
    }

    @Test func aCallbackMadeWithTheSDKVerifiesAndDecryptsInSwift() throws {
        // given: Python plays WeChat Pay
        let platform = try #require(try Peer.keyPairs(1).first)
        let now = Date()
        let transaction: [String: Any] = [
            "mchid": "1230000109", "appid": "wxd678efh567hg6787", "out_trade_no": "CC1",
            "transaction_id": "4200001234202405011234567890", "trade_type": "JSAPI",
            "trade_state": "SUCCESS",
            "trade_state_desc": "支付成功", "bank_type": "OTHERS", "attach": "",
            "success_time": "2024-05-01T08:30:00+08:00",
            "payer": ["openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"],
            "amount": [
                "total": 5000, "payer_total": 5000, "currency": "CNY", "payer_currency": "CNY",
            ],
        ]
        let answer = try Peer.call(
            "wechatpay_peer.py", "make_callback",
            [
                "private_key": platform.pkcs8_pem, "serial": serial, "apiv3_key": apiV3Key,
                "transaction": transaction,
                "id": "EV-2018022511223320873", "timestamp": String(Int(now.timeIntervalSince1970)),
                "nonce": "fdasflkja484w", "resource_nonce": "a1b2c3d4e5f6",
            ])
        let headerFields = try #require(answer["headers"] as? [String: String])
        let callbackBody = try #require(answer["body"] as? String)
        let headers = try WeChatPaySignatureHeaders { headerFields[$0] }
        let verifier = WeChatPayCallbackVerifier(
            platformKeys: [serial: try RSAVerifyingKey(pem: platform.public_pem)],
            apiV3Key: try WeChatPayAPIv3Key(apiV3Key))
        // when
        let (callback, received) = try verifier.verify(headers, body: callbackBody, now: now)
        // then
        #expect(callback.id == "EV-2018022511223320873")
        #expect(received.tradeState == .success)
        #expect(received.amount.total == 5_000)
        #expect(received.transactionID == "4200001234202405011234567890")
        #expect(received.payer?.openid == "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o")
        #expect(throws: ChannelError.badSignature) {
            try verifier.verify(
                headers, body: callbackBody.replacingOccurrences(of: "EV-2018", with: "EV-2019"),
                now: now)
        }
    }

    @Test func aCallbackMadeInSwiftIsAcceptedByTheSDKsCore() throws {
        // given: Swift plays WeChat Pay, as the sandbox gateway will
        let keys = try Peer.keyPairs(2)
        let (platform, merchant) = (keys[0], keys[1])
        let signer = WeChatPayCallbackSigner(
            platformSigner: WeChatPayPlatformSigner(
                serial: serial, platformPrivateKey: try RSASigningKey(pem: platform.pkcs1_pem)),
            apiV3Key: try WeChatPayAPIv3Key(apiV3Key))
        let transaction = WeChatPayTransaction(
            mchID: "1230000109", appID: "wxd678efh567hg6787", outTradeNo: "CC1",
            transactionID: "4200001234202405011234567890",
            tradeState: .success, amount: .init(total: 5_000, payerTotal: 4_900, currency: "CNY"),
            payer: .init(openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"),
            successTime: "2024-05-01T08:30:00+08:00")
        let (headers, callbackBody) = try signer.signedCallback(
            for: transaction, id: "EV-1", at: Date())
        func sdkResult(_ body: String) throws -> [String: Any]? {
            let answer = try Peer.call(
                "wechatpay_peer.py", "receive_callback",
                [
                    "mchid": "1230000109", "merchant_private_key": merchant.pkcs8_pem,
                    "apiv3_key": apiV3Key,
                    "public_key": platform.public_pem, "serial": serial, "headers": headers.fields,
                    "body": body,
                ])
            return answer["result"] as? [String: Any]
        }
        // when
        let result = try #require(try sdkResult(callbackBody))
        // then
        let resource = try #require(result["resource"] as? [String: Any])
        #expect(result["event_type"] as? String == "TRANSACTION.SUCCESS")
        #expect(resource["out_trade_no"] as? String == "CC1")
        #expect(resource["trade_state"] as? String == "SUCCESS")
        #expect((resource["amount"] as? [String: Any])?["total"] as? Int == 5_000)
        #expect(try sdkResult(callbackBody.replacingOccurrences(of: "EV-1", with: "EV-2")) == nil)
    }

    @Test func aResourceEncryptedInSwiftDecryptsInTheSDKUnlessTampered() throws {
        let plaintext = #"{"out_trade_no":"CC1","trade_state":"SUCCESS","amount":{"total":1}}"#
        let resource = try WeChatPayAPIv3Key(apiV3Key)
            .encrypt(
                Data(plaintext.utf8), originalType: "transaction", associatedData: "transaction")
        func sdkDecrypt(ciphertext: String) throws -> String? {
            let answer = try Peer.call(
                "wechatpay_peer.py", "decrypt",
                [
                    "apiv3_key": apiV3Key, "nonce": resource.nonce, "ciphertext": ciphertext,
                    "associated_data": resource.associatedData ?? "",
                ])
            return answer["plaintext"] as? String
        }
        #expect(try sdkDecrypt(ciphertext: resource.ciphertext) == plaintext)
        var tampered = try #require(Data(base64Encoded: resource.ciphertext))
        tampered[tampered.count - 1] ^= 0x01
        #expect(try sdkDecrypt(ciphertext: tampered.base64EncodedString()) == nil)
    }
}
