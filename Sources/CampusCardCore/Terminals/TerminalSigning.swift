import Foundation

/// How a POS terminal signs a request: HMAC-SHA256 with its own secret over this text, base64.
/// The timestamp bounds how old a request may be; the nonce makes each request unrepeatable.
public enum TerminalSigning {
    public static let maxSkewSeconds = 300

    public static func canonicalText(method: String, path: String, timestamp: String, nonce: String, body: String) -> String {
        "\(method.uppercased())\n\(path)\n\(timestamp)\n\(nonce)\n\(body)"
    }

    /// Whether a request's timestamp (unix seconds) is close enough to now.
    public static func isFresh(timestamp: String, now: Date) -> Bool {
        guard let seconds = Int64(timestamp) else { return false }
        return abs(Double(seconds) - now.timeIntervalSince1970) <= Double(maxSkewSeconds)
    }

    /// Nonces: 16–64 letters, digits, '-' or '_'.
    public static func isValidNonce(_ nonce: String) -> Bool {
        (16...64).contains(nonce.utf8.count)
            && nonce.unicodeScalars.allSatisfy {
                $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "-" || $0 == "_"
            }
    }
}
