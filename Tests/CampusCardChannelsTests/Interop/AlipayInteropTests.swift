import CampusCardChannels
import Foundation
import Testing

/// Each direction against python-alipay-sdk's own signing and verification.
@Suite(.disabled(if: Peer.skipRequested, "CAMPUSCARD_SKIP_PEER_TESTS=1"))
struct AlipayInteropTests {
    let appID = "2021000000000001"
    let notificationFields = [
        "app_id": "2021000000000001", "out_trade_no": "CC20240501000001",
        "trade_no": "2024050122001400001234567890",
        "trade_status": "TRADE_SUCCESS", "total_amount": "50.00",
        "notify_id": "2024050100222083001234567890",
        "notify_time": "2024-05-01 08:30:05", "notify_type": "trade_status_sync",
        "gmt_payment": "2024-05-01 08:30:00",
        "buyer_id": "2088102177846880", "seller_id": "2088101117955611", "charset": "utf-8",
        "version": "1.0",
        "subject": "校园卡充值 a+b&c=d/%",
        // Empty values are signed too, as Alipay's SDKs verify them.
        "body": "",
    ]

    @Test func keysMadeByCryptographyLoadInEveryFormTheConsolesHandOut() throws {
        let pair = try #require(try Peer.keyPairs(1).first)
        let pkcs1 = try RSASigningKey(pem: pair.pkcs1_pem)
        let pkcs8 = try RSASigningKey(pem: pair.pkcs8_pem)
        let signature = try pkcs1.sign("m")
        #expect(try pkcs8.sign("m") == signature)
        #expect(try RSAVerifyingKey(pem: pair.public_pem).isValidSignature(signature, for: "m"))
        #expect(try RSAVerifyingKey(pem: pair.public_base64).isValidSignature(signature, for: "m"))
        let bareBody = pair.pkcs8_pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }
            .joined()
        #expect(try RSASigningKey(pem: bareBody).sign("m") == signature)
    }

    @Test func keysShorterThan2048BitsAreRefused() throws {
        let pair = try #require(try Peer.keyPairs(1, bits: 1024).first)
        #expect(throws: ChannelError.self) { try RSASigningKey(pem: pair.pkcs1_pem) }
        #expect(throws: ChannelError.self) { try RSAVerifyingKey(pem: pair.public_pem) }
    }

    @Test func aNotificationSignedByTheSDKVerifiesInSwift() throws {
        // given: the SDK plays Alipay with Alipay's private key
        let keys = try Peer.keyPairs(2)
        let (alipay, app) = (keys[0], keys[1])
        let answer = try Peer.call(
            "alipay_peer.py", "sign_notification",
            [
                "private_key": alipay.pkcs1_pem, "public_key": app.public_pem,
                "params": notificationFields,
            ])
        let body = try #require(answer["body"] as? String)
        let verifier = AlipayNotificationVerifier(
            appID: appID, sellerID: "2088101117955611", alipayPublicKey: try RSAVerifyingKey(pem: alipay.public_base64))
        // when
        let notification = try verifier.verify(formBody: body)
        // then
        #expect(notification.totalFen == 5_000)
        #expect(notification.tradeStatus == .tradeSuccess)
        #expect(notification.outTradeNo == "CC20240501000001")
        #expect(throws: ChannelError.badSignature) {
            try verifier.verify(
                formBody: body.replacingOccurrences(
                    of: "total_amount=50.00", with: "total_amount=50.01"))
        }
    }

    @Test func aNotificationSignedInSwiftVerifiesInTheSDK() throws {
        // given: Swift plays Alipay, as the sandbox gateway will
        let keys = try Peer.keyPairs(2)
        let (alipay, app) = (keys[0], keys[1])
        let body = try AlipayNotificationSigner(
            alipayPrivateKey: RSASigningKey(pem: alipay.pkcs8_pem)
        )
        .signedFormBody(notificationFields)
        func sdkAccepts(_ body: String) throws -> Bool {
            let answer = try Peer.call(
                "alipay_peer.py", "verify_notification",
                ["private_key": app.pkcs1_pem, "public_key": alipay.public_pem, "body": body])
            return try #require(answer["valid"] as? Bool)
        }
        // then
        #expect(try sdkAccepts(body))
        #expect(
            try !sdkAccepts(body.replacingOccurrences(of: "trade_no=2024", with: "trade_no=2025")))
    }

    @Test func aRequestSignedInSwiftIsSignedByteForByteAsTheSDKSignsIt() throws {
        // given
        let app = try #require(try Peer.keyPairs(1).first)
        let signer = AlipayRequestSigner(
            appID: appID, appPrivateKey: try RSASigningKey(pem: app.pkcs1_pem))
        var parameters = try signer.signedParameters(
            method: "alipay.trade.create",
            bizContent:
                #"{"out_trade_no":"CC20240501000001","total_amount":"50.00","subject":"校园卡充值"}"#,
            notifyURL: "https://card.example.edu/alipay/notify?school=1&x=2",
            at: Date(timeIntervalSince1970: 1_714_523_400))
        func sdk(_ parameters: [String: String]) throws -> [String: Any] {
            try Peer.call(
                "alipay_peer.py", "check_request",
                ["private_key": app.pkcs1_pem, "public_key": app.public_pem, "params": parameters])
        }
        // when
        let answer = try sdk(parameters)
        // then
        #expect(answer["sdk_sign"] as? String == parameters["sign"])
        #expect(answer["valid"] as? Bool == true)
        parameters["timestamp"] = "2024-05-01 08:30:01"
        #expect(try sdk(parameters)["valid"] as? Bool == false)
    }

    @Test func aResponseSignedByTheSDKVerifiesInSwiftOverItsRawNode() throws {
        // given
        let keys = try Peer.keyPairs(2)
        let (alipay, app) = (keys[0], keys[1])
        let node =
            #"{"code": "10000", "msg": "Success", "out_trade_no": "CC1", "subject": "校园\"卡\" {充值}", "fund_bill_list": [{"amount": "20.00"}], "total_amount": "20.00"}"#
        let answer = try Peer.call(
            "alipay_peer.py", "sign_response",
            [
                "private_key": alipay.pkcs1_pem, "public_key": app.public_pem,
                "response_key": "alipay_trade_query_response", "node": node,
            ])
        let body = try #require(answer["body"] as? String)
        let verifier = AlipayResponseVerifier(
            alipayPublicKey: try RSAVerifyingKey(pem: alipay.public_pem))
        // then
        #expect(try verifier.verifiedNode("alipay_trade_query_response", in: body) == node)
        #expect(throws: ChannelError.badSignature) {
            try verifier.verifiedNode(
                "alipay_trade_query_response",
                in: body.replacingOccurrences(of: "20.00", with: "21.00"))
        }
    }

    @Test func aResponseSignedInSwiftVerifiesInTheSDK() throws {
        // given: no braces inside strings here, which the SDK's brace counting cannot skip
        let keys = try Peer.keyPairs(2)
        let (alipay, app) = (keys[0], keys[1])
        let node =
            #"{"code":"10000","msg":"Success","out_trade_no":"CC1","trade_status":"TRADE_SUCCESS","total_amount":"20.00","buyer_logon_id":"csq***@sandbox.com"}"#
        let body = try AlipayResponseSigner(alipayPrivateKey: RSASigningKey(pem: alipay.pkcs8_pem))
            .signedBody(responseKey: "alipay_trade_query_response", node: node)
        func sdk(_ body: String) throws -> [String: Any] {
            try Peer.call(
                "alipay_peer.py", "verify_response",
                [
                    "private_key": app.pkcs1_pem, "public_key": alipay.public_pem, "body": body,
                    "response_key": "alipay_trade_query_response",
                ])
        }
        // then
        let answer = try sdk(body)
        #expect(answer["valid"] as? Bool == true)
        #expect((answer["node"] as? [String: Any])?["total_amount"] as? String == "20.00")
        #expect(
            try sdk(body.replacingOccurrences(of: "CC1", with: "CC2"))["valid"] as? Bool == false)
    }
}
