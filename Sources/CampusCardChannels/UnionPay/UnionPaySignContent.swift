import Crypto
import Foundation

/// What UnionPay ACP 5.1.0 signs (`signMethod=01`): every field but `signature`, sorted by name,
/// `name=value` joined with `&`; then the SHA-256 of that string, as lower-case hex, is what
/// SHA256withRSA signs (the hex text, not the raw digest), and the signature travels base64.
/// A request leaves its empty fields out before signing (they are not sent at all); a message
/// received is checked over every field it carries, empty ones included, as UnionPay's SDKs do.
public enum UnionPaySignContent {
    public static func of(_ fields: [String: String]) -> String {
        fields.filter { $0.key != "signature" }.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    }

    /// The lower-case hex SHA-256 of `of(fields)`: the text the RSA signature is over.
    public static func digestHex(_ fields: [String: String]) -> String {
        SHA256.hash(data: Data(of(fields).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `fields["signature"]` is `key`'s signature over them.
    public static func isSigned(_ fields: [String: String], by key: RSAVerifyingKey) -> Bool {
        guard let signature = fields["signature"], !signature.isEmpty else { return false }
        return key.isValidSignature(signature, for: digestHex(fields))
    }

    /// `fields` without the empty ones, signed with `key`: `signature` set, nothing else added.
    static func signed(_ fields: [String: String], with key: RSASigningKey) throws -> [String: String] {
        var fields = fields.filter { !$0.value.isEmpty && $0.key != "signature" }
        fields["signature"] = try key.sign(digestHex(fields))
        return fields
    }
}
