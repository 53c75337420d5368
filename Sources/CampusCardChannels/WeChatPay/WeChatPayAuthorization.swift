import Foundation

/// The `Authorization` header of a merchant's API v3 request.
public struct WeChatPayAuthorization: Sendable, Equatable {
    /// The only scheme WeChat Pay v3 defines for RSA merchants.
    public static let scheme = "WECHATPAY2-SHA256-RSA2048"

    public let mchID: String
    public let nonce: String
    public let signature: String
    /// Unix seconds as text, kept verbatim because the signature covers the text.
    public let timestamp: String
    /// Serial number of the merchant API certificate whose key signed.
    public let serialNumber: String

    public init(
        mchID: String, nonce: String, signature: String, timestamp: String, serialNumber: String
    ) {
        self.mchID = mchID
        self.nonce = nonce
        self.signature = signature
        self.timestamp = timestamp
        self.serialNumber = serialNumber
    }

    /// Parses `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",…`.
    public init(headerValue: String) throws {
        guard let space = headerValue.firstIndex(of: " ") else {
            throw ChannelError.malformedField("Authorization")
        }
        let scheme = String(headerValue[..<space])
        guard scheme == Self.scheme else { throw ChannelError.unsupportedAlgorithm(scheme) }
        var fields: [String: String] = [:]
        for item in headerValue[space...].split(separator: ",") {
            let pair = item.trimmingCharacters(in: .whitespaces)
            guard let equals = pair.firstIndex(of: "=") else {
                throw ChannelError.malformedField("Authorization")
            }
            let value = pair[pair.index(after: equals)...]
            guard value.count >= 2, value.first == "\"", value.last == "\"",
                fields.updateValue(
                    String(value.dropFirst().dropLast()), forKey: String(pair[..<equals])) == nil
            else { throw ChannelError.malformedField("Authorization") }
        }
        func field(_ name: String) throws -> String {
            guard let value = fields[name], !value.isEmpty else {
                throw ChannelError.missingField(name)
            }
            return value
        }
        self.init(
            mchID: try field("mchid"), nonce: try field("nonce_str"),
            signature: try field("signature"),
            timestamp: try field("timestamp"), serialNumber: try field("serial_no"))
    }

    /// The header value, fields in the order WeChat Pay's documentation and SDKs write them.
    public var headerValue: String {
        "\(Self.scheme) mchid=\"\(mchID)\",nonce_str=\"\(nonce)\",signature=\"\(signature)\","
            + "timestamp=\"\(timestamp)\",serial_no=\"\(serialNumber)\""
    }
}
