import Crypto
import Foundation

/// Bearer tokens for staff and cardholder sessions: 256 random bits, handed out once and stored
/// only as their SHA-256, so a copy of the sessions table signs nobody in.
enum SessionToken {
    static func random() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
