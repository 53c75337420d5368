import Foundation

/// Produces payment callbacks exactly as WeChat Pay sends them, for the sandbox gateway.
public struct WeChatPayCallbackSigner: Sendable {
    private let platformSigner: WeChatPayPlatformSigner
    private let apiV3Key: WeChatPayAPIv3Key

    public init(platformSigner: WeChatPayPlatformSigner, apiV3Key: WeChatPayAPIv3Key) {
        self.platformSigner = platformSigner
        self.apiV3Key = apiV3Key
    }

    /// A `TRANSACTION.SUCCESS` callback for `transaction`: encrypted body, signature headers.
    public func signedCallback(
        for transaction: WeChatPayTransaction, id: String, at date: Date
    ) throws -> (headers: WeChatPaySignatureHeaders, body: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let resource = try apiV3Key.encrypt(
            try encoder.encode(transaction), originalType: "transaction",
            associatedData: "transaction")
        let callback = WeChatPayCallback(
            id: id, createTime: ChinaTime.rfc3339(date), eventType: "TRANSACTION.SUCCESS",
            resourceType: "encrypt-resource", resource: resource, summary: "支付成功")
        let body = String(decoding: try encoder.encode(callback), as: UTF8.self)
        return (try platformSigner.headers(for: body, at: date), body)
    }
}
