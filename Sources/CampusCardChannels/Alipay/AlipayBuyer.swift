/// Who pays an Alipay trade. An app in Alipay's OpenID mode gets an `open_id` from
/// `alipay.system.oauth.token` and must name the buyer by it (`buyer_open_id`); an app in the
/// older mode gets the user id, `2088` and twelve digits (`buyer_id`).
public enum AlipayBuyer: Sendable, Equatable {
    case userID(String)
    case openID(String)

    /// The id the OAuth token answered, told apart by the user id's fixed shape.
    public init(_ id: String) {
        let isUserID = id.utf8.count == 16 && id.hasPrefix("2088") && id.utf8.allSatisfy { (48...57).contains($0) }
        self = isUserID ? .userID(id) : .openID(id)
    }

    public var id: String {
        switch self {
        case .userID(let id), .openID(let id): id
        }
    }
}
