import Crypto
import Foundation

/// Tencent Cloud API 3.0's request signature, TC3-HMAC-SHA256, for a JSON POST to `/`: the
/// canonical request (method, path, empty query, the `content-type` and `host` headers, the
/// payload's SHA-256), the string to sign over it with the UTC date's credential scope, and the
/// key derived from the secret key by HMAC over the date, the service and `tc3_request`.
public struct TencentCloudSigner: Sendable {
    public static let algorithm = "TC3-HMAC-SHA256"
    /// As tencentcloud-sdk-python sends it.
    public static let contentType = "application/json"

    public let secretID: String
    private let secretKey: String

    public init(secretID: String, secretKey: String) {
        (self.secretID, self.secretKey) = (secretID, secretKey)
    }

    /// The headers of one call, `Authorization` included; the HTTP client sends `Host` from the
    /// URL, which must be `host`. The service signed for is the host's first label ("faceid");
    /// `region` is left out when the API takes none.
    public func headers(action: String, version: String, region: String?, host: String, payload: String, at date: Date) -> [(
        name: String, value: String
    )] {
        let timestamp = Int64(date.timeIntervalSince1970)
        var headers: [(name: String, value: String)] = [
            ("Authorization", authorization(host: host, payload: payload, timestamp: timestamp)),
            ("Content-Type", Self.contentType),
            ("X-TC-Action", action),
            ("X-TC-Timestamp", String(timestamp)),
            ("X-TC-Version", version),
        ]
        if let region { headers.append(("X-TC-Region", region)) }
        return headers
    }

    /// `TC3-HMAC-SHA256 Credential=…/date/service/tc3_request, SignedHeaders=content-type;host, Signature=…`.
    public func authorization(host: String, payload: String, timestamp: Int64) -> String {
        let scope = Self.credentialScope(host: host, timestamp: timestamp)
        let signature = signature(
            of: Self.stringToSign(host: host, payload: payload, timestamp: timestamp), host: host, timestamp: timestamp)
        return "\(Self.algorithm) Credential=\(secretID)/\(scope), SignedHeaders=content-type;host, Signature=\(signature)"
    }

    /// Whether `authorization` is this key's signature of the call (the sandbox's check).
    public func isValid(authorization: String, host: String, payload: String, timestamp: Int64) -> Bool {
        let expected = Data(self.authorization(host: host, payload: payload, timestamp: timestamp).utf8)
        return expected.count == authorization.utf8.count && zip(expected, Data(authorization.utf8)).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func canonicalRequest(host: String, payload: String) -> String {
        [
            "POST", "/", "", "content-type:\(contentType)", "host:\(host)", "", "content-type;host",
            hex(SHA256.hash(data: Data(payload.utf8))),
        ]
        .joined(separator: "\n")
    }

    static func stringToSign(host: String, payload: String, timestamp: Int64) -> String {
        [
            algorithm, String(timestamp), credentialScope(host: host, timestamp: timestamp),
            hex(SHA256.hash(data: Data(canonicalRequest(host: host, payload: payload).utf8))),
        ].joined(separator: "\n")
    }

    static func credentialScope(host: String, timestamp: Int64) -> String {
        "\(utcDate(timestamp))/\(service(of: host))/tc3_request"
    }

    private func signature(of stringToSign: String, host: String, timestamp: Int64) -> String {
        func mac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
        }
        let date = mac(SymmetricKey(data: Data(("TC3" + secretKey).utf8)), Self.utcDate(timestamp))
        let signing = mac(mac(date, Self.service(of: host)), "tc3_request")
        return Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signing))
    }

    static func service(of host: String) -> String {
        String(host.prefix { $0 != "." })
    }

    static func utcDate(_ timestamp: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(timestamp)))
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
