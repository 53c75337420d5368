import CampusCardChannels
import Foundation
import Testing

/// Our TC3-HMAC-SHA256 signature against tencentcloud-sdk-python's own client: for the same key,
/// time and body, the SDK's `Authorization` is ours, and the sandbox's check accepts the SDK's.
@Suite(.disabled(if: Peer.skipRequested, "CAMPUSCARD_SKIP_PEER_TESTS=1"))
struct TencentCloudInteropTests {
    @Test(arguments: [
        ("DetectAuth", ["RuleId": "1", "IdCard": "11010519491231002X", "Name": "张三", "RedirectUrl": "https://card.example/back"]),
        ("GetDetectInfoEnhanced", ["BizToken": "CE661F1A-0F1E-45BD-BE13-34C05CEA7681", "RuleId": "1", "InfoType": "1"]),
    ])
    func theSDKsSignatureIsOurs(action: String, params: [String: String]) throws {
        let answer = try Peer.call(
            "tencentcloud_peer.py", "sign",
            ["action": action, "params": params, "timestamp": 1_790_000_000, "secret_id": "AKIDpeer0001", "secret_key": "peer-secret-key"])
        let headers = try #require(answer["headers"] as? [String: String])
        let payload = try #require(answer["payload"] as? String)
        #expect(headers["Content-Type"] == TencentCloudSigner.contentType && headers["Host"] == "faceid.tencentcloudapi.com")
        let signer = TencentCloudSigner(secretID: "AKIDpeer0001", secretKey: "peer-secret-key")
        let ours = Dictionary(
            uniqueKeysWithValues: signer.headers(
                action: action, version: "2018-03-01", region: nil, host: "faceid.tencentcloudapi.com", payload: payload,
                at: Date(timeIntervalSince1970: 1_790_000_000)
            ).map { ($0.name, $0.value) })
        #expect(ours["Authorization"] == headers["Authorization"])
        #expect(ours["X-TC-Action"] == headers["X-TC-Action"] && ours["X-TC-Timestamp"] == headers["X-TC-Timestamp"])
        #expect(ours["X-TC-Version"] == headers["X-TC-Version"])
        #expect(
            signer.isValid(
                authorization: try #require(headers["Authorization"]), host: "faceid.tencentcloudapi.com", payload: payload,
                timestamp: 1_790_000_000))
    }
}
