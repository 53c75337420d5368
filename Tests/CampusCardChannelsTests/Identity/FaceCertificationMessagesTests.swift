import CampusCardChannels
import CampusCardCore
import Foundation
import Testing

/// The face providers' messages: Alipay's certification (signed requests, verified answers) and
/// Tencent Cloud FaceID's bodies and TC3-HMAC-SHA256 signature.
@Suite struct FaceCertificationMessagesTests {
    static let alipay = try! RSASigningKey.generate()
    static let app = try! RSASigningKey.generate()
    let at = Date(timeIntervalSince1970: 1_790_000_000)
    var signer: AlipayRequestSigner { AlipayRequestSigner(appID: "2021000000000001", appPrivateKey: Self.app) }
    var verifier: AlipayResponseVerifier { AlipayResponseVerifier(alipayPublicKey: Self.alipay.verifyingKey) }

    @Test func alipaysInitializeCarriesTheHolderAndIsSigned() throws {
        let parameters = try AlipayUserCertify.initializeParameters(
            outerOrderNo: "CC0001", subject: .init(name: "张三", idNumber: "11010519491231002X"), returnURL: "https://card.example/back",
            signer: signer, at: at)
        #expect(parameters["method"] == "alipay.user.certify.open.initialize")
        try AlipayRequestVerifier(appPublicKey: Self.app.verifyingKey).verify(parameters)
        let biz = try #require(parameters["biz_content"])
        let content = try #require(try JSONSerialization.jsonObject(with: Data(biz.utf8)) as? [String: Any])
        #expect(content["outer_order_no"] as? String == "CC0001" && content["biz_code"] as? String == "FACE")
        #expect(
            content["identity_param"] as? [String: String] == [
                "identity_type": "CERT_INFO", "cert_type": "IDENTITY_CARD", "cert_name": "张三", "cert_no": "11010519491231002X",
            ])
        #expect(content["merchant_config"] as? [String: String] == ["return_url": "https://card.example/back"])
        let read = try AlipayUserCertify.initializeRequest(of: parameters)
        #expect(
            read.outerOrderNo == "CC0001" && read.subject.idNumber == "11010519491231002X" && read.returnURL == "https://card.example/back")
    }

    @Test func theCertifyIDComesFromAVerifiedAnswerAndTheCertifyURLIsASignedGet() throws {
        let answer = try AlipayUserCertify.initializeResponse(
            certifyID: "cid-1", signer: AlipayResponseSigner(alipayPrivateKey: Self.alipay))
        #expect(try AlipayUserCertify.certifyID(fromInitializeResponse: answer, verifier: verifier) == "cid-1")
        #expect(throws: ChannelError.badSignature) {
            try AlipayUserCertify.certifyID(
                fromInitializeResponse: answer.replacingOccurrences(of: "cid-1", with: "cid-2"), verifier: verifier)
        }
        let url = try AlipayUserCertify.certifyURL(
            gatewayURL: "https://openapi.alipay.com/gateway.do", certifyID: "cid-1", signer: signer, at: at)
        let query = try FormURLEncoding.decode(String(url.split(separator: "?", maxSplits: 1)[1]))
        #expect(url.hasPrefix("https://openapi.alipay.com/gateway.do?") && query["method"] == "alipay.user.certify.open.certify")
        try AlipayRequestVerifier(appPublicKey: Self.app.verifyingKey).verify(query)
        #expect(try AlipayUserCertify.certifyID(of: query) == "cid-1")
    }

    @Test func onlyAVerifiedTIsAPass() throws {
        let signerOfAlipay = AlipayResponseSigner(alipayPrivateKey: Self.alipay)
        let parameters = try AlipayUserCertify.queryParameters(certifyID: "cid-1", signer: signer, at: at)
        #expect(parameters["method"] == "alipay.user.certify.open.query")
        #expect(try AlipayUserCertify.certifyID(of: parameters) == "cid-1")
        #expect(
            try AlipayUserCertify.passed(
                fromQueryResponse: try AlipayUserCertify.queryResponse(passed: true, signer: signerOfAlipay), verifier: verifier))
        let failed = try AlipayUserCertify.queryResponse(passed: false, signer: signerOfAlipay)
        #expect(try AlipayUserCertify.passed(fromQueryResponse: failed, verifier: verifier) == false)
        #expect(throws: ChannelError.badSignature) {
            try AlipayUserCertify.passed(
                fromQueryResponse: failed.replacingOccurrences(of: #""passed":"F""#, with: #""passed":"T""#), verifier: verifier)
        }
        let byAnother = try AlipayUserCertify.queryResponse(passed: true, signer: AlipayResponseSigner(alipayPrivateKey: Self.app))
        #expect(throws: ChannelError.badSignature) { try AlipayUserCertify.passed(fromQueryResponse: byAnother, verifier: verifier) }
    }

    @Test func aTC3SignatureCoversThePayloadTheTimeAndTheKey() throws {
        let signer = TencentCloudSigner(secretID: "AKID-1", secretKey: "key-1")
        let payload = #"{"BizToken":"t","RuleId":"1"}"#
        let headers = Dictionary(
            uniqueKeysWithValues: signer.headers(
                action: "GetDetectInfoEnhanced", version: "2018-03-01", region: nil, host: "faceid.tencentcloudapi.com", payload: payload,
                at: at
            ).map { ($0.name, $0.value) })
        #expect(headers["X-TC-Action"] == "GetDetectInfoEnhanced" && headers["X-TC-Timestamp"] == "1790000000")
        #expect(headers["X-TC-Version"] == "2018-03-01" && headers["X-TC-Region"] == nil)
        let authorization = try #require(headers["Authorization"])
        #expect(
            authorization.hasPrefix(
                "TC3-HMAC-SHA256 Credential=AKID-1/2026-09-21/faceid/tc3_request, SignedHeaders=content-type;host, Signature="))
        let host = "faceid.tencentcloudapi.com"
        #expect(signer.isValid(authorization: authorization, host: host, payload: payload, timestamp: 1_790_000_000))
        #expect(!signer.isValid(authorization: authorization, host: host, payload: payload + " ", timestamp: 1_790_000_000))
        #expect(!signer.isValid(authorization: authorization, host: host, payload: payload, timestamp: 1_790_000_001))
        #expect(
            !TencentCloudSigner(secretID: "AKID-1", secretKey: "key-2").isValid(
                authorization: authorization, host: host, payload: payload, timestamp: 1_790_000_000))
    }

    @Test func faceIDsAnswersAreReadAsTencentWritesThem() throws {
        let body = try TencentFaceID.detectAuthBody(
            ruleID: "1", name: "张三", idNumber: "11010519491231002X", redirectURL: "https://x/back", extra: "CC1")
        let request = try JSONDecoder().decode(TencentFaceID.DetectAuthRequest.self, from: Data(body.utf8))
        #expect(request.RuleId == "1" && request.IdCard == "11010519491231002X" && request.Name == "张三" && request.Extra == "CC1")
        let started = try TencentFaceID.started(
            fromResponse: Data(try TencentFaceID.detectAuthResponse(bizToken: "B-1", url: "https://kyc.qcloud.com/x").utf8))
        #expect(started.bizToken == "B-1" && started.url == "https://kyc.qcloud.com/x")
        #expect(try TencentFaceID.passed(fromResponse: Data(try TencentFaceID.getDetectInfoResponse(passed: true).utf8)))
        #expect(try TencentFaceID.passed(fromResponse: Data(try TencentFaceID.getDetectInfoResponse(passed: false).utf8)) == false)
        #expect(try TencentFaceID.passed(fromResponse: Data(try TencentFaceID.getDetectInfoResponse(passed: nil).utf8)) == false)
        #expect(throws: ChannelError.rejected("AuthFailure.SignatureFailure")) {
            try TencentFaceID.passed(
                fromResponse: Data(try TencentFaceID.errorResponse(code: "AuthFailure.SignatureFailure", message: "x").utf8))
        }
    }
}
