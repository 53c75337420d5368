/// The envelope WeChat Pay posts to `notify_url`; the transaction is inside `resource`, encrypted.
public struct WeChatPayCallback: Sendable, Equatable, Codable {
    /// Unique per event; retries of the same event repeat it.
    public let id: String
    public let createTime: String
    /// "TRANSACTION.SUCCESS" for a payment.
    public let eventType: String
    /// "encrypt-resource".
    public let resourceType: String
    public let resource: WeChatPayEncryptedResource
    /// Human-readable, e.g. "支付成功"; never to be acted on.
    public let summary: String?

    public init(
        id: String, createTime: String, eventType: String, resourceType: String,
        resource: WeChatPayEncryptedResource, summary: String?
    ) {
        self.id = id
        self.createTime = createTime
        self.eventType = eventType
        self.resourceType = resourceType
        self.resource = resource
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case id, resource, summary
        case createTime = "create_time"
        case eventType = "event_type"
        case resourceType = "resource_type"
    }
}
