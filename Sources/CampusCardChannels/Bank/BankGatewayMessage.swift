import Foundation

/// The bank card gateway's messages (UnionPay's online payment, as the school app uses it): form
/// fields signed like UnionPay ACP's `signMethod=01`: every field but `signature`, non-empty,
/// sorted by name, joined `name=value` with `&`, SHA256withRSA, base64. Requests are signed with
/// our key, the gateway's answers and notifications with the gateway's.
public enum BankGatewayMessage {
    public static func signContent(_ fields: [String: String]) -> String {
        fields.filter { $0.key != "signature" && !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
            separator: "&")
    }

    public static func signed(_ fields: [String: String], with key: RSASigningKey) throws -> [String: String] {
        var fields = fields
        fields["signature"] = try key.sign(signContent(fields))
        return fields
    }

    /// The fields of a form body whose signature `key` verifies.
    public static func verified(formBody: String, key: RSAVerifyingKey) throws -> [String: String] {
        let fields = try FormURLEncoding.decode(formBody)
        guard let signature = fields["signature"], !signature.isEmpty else { throw ChannelError.missingField("signature") }
        guard key.isValidSignature(signature, for: signContent(fields)) else { throw ChannelError.badSignature }
        return fields
    }

    /// Response codes: "00" is success; the others are the bank's refusals the cardholder must
    /// be told apart (SPEC "银行拒绝交易").
    public enum Result: String, Sendable, CaseIterable, Codable {
        case success = "00"
        /// The card has no online (card-not-present) payment enabled.
        case onlinePaymentDisabled = "57"
        /// Over the bank's single or daily limit for online payments.
        case overBankLimit = "61"
        case insufficientFunds = "51"
        /// The bank blocked it (risk control, a frozen card): call the bank.
        case blockedByBank = "62"
    }
}
