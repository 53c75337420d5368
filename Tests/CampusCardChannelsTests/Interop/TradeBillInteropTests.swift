import CampusCardChannels
import Foundation
import Testing

/// The bill requests against the SDKs: python-alipay-sdk checks our signed
/// `alipay.data.dataservice.bill.downloadurl.query` and verifies the sandbox's answer to it;
/// wechatpayv3 builds the same Authorization for `GET /v3/bill/tradebill` as we do.
@Suite(.disabled(if: Peer.skipRequested, "CAMPUSCARD_SKIP_PEER_TESTS=1"))
struct TradeBillInteropTests {
    @Test func theAlipayBillQueryIsSignedAsTheSDKSignsItAndItsAnswerVerifiesThere() throws {
        let keys = try Peer.keyPairs(2)
        let (alipay, app) = (keys[0], keys[1])
        let parameters = try AlipayTradeBill.requestParameters(
            billDate: "2026-09-21",
            signer: AlipayRequestSigner(appID: "2021000000000001", appPrivateKey: try RSASigningKey(pem: app.pkcs1_pem)),
            at: Date(timeIntervalSince1970: 1_790_000_000))
        let checked = try Peer.call(
            "alipay_peer.py", "check_request", ["private_key": app.pkcs1_pem, "public_key": app.public_pem, "params": parameters])
        #expect(checked["sdk_sign"] as? String == parameters["sign"] && checked["valid"] as? Bool == true)
        let body = try AlipayTradeBill.response(
            downloadURL: "https://dwbillcenter.alipay.com/downloadBillFile.resource?bizType=trade&bizDates=20260921",
            signer: AlipayResponseSigner(alipayPrivateKey: try RSASigningKey(pem: alipay.pkcs1_pem)))
        let verified = try Peer.call(
            "alipay_peer.py", "verify_response",
            [
                "private_key": app.pkcs1_pem, "public_key": alipay.public_pem, "body": body,
                "response_key": "alipay_data_dataservice_bill_downloadurl_query_response",
            ])
        #expect(verified["valid"] as? Bool == true)
        #expect(((verified["node"] as? [String: Any])?["bill_download_url"] as? String)?.hasSuffix("bizDates=20260921") == true)
    }

    @Test func theWeChatPayBillRequestCarriesTheSDKsAuthorization() throws {
        let merchant = try #require(try Peer.keyPairs(1).first)
        let path = WeChatPayTradeBill.path(billDate: "2026-09-21")
        let answer = try Peer.call(
            "wechatpay_peer.py", "build_authorization_header",
            [
                "private_key": merchant.pkcs8_pem, "mchid": "1230000109", "serial_no": "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
                "method": "GET", "path": path, "body": "", "nonce": "593BEC0C930BF1AFEB40B4A08C8FB242",
            ])
        let header = try #require(answer["authorization"] as? String)
        let parsed = try WeChatPayAuthorization(headerValue: header)
        let rebuilt = try WeChatPayRequestSigner(
            mchID: "1230000109", serialNumber: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
            merchantPrivateKey: RSASigningKey(pem: merchant.pkcs1_pem)
        ).authorization(
            method: "GET", pathWithQuery: path, body: "", at: Date(timeIntervalSince1970: try #require(TimeInterval(parsed.timestamp))),
            nonce: parsed.nonce)
        #expect(rebuilt.headerValue == header)
    }
}
