import Foundation

/// How a school's own app signs its people in (统一身份认证), chosen per school. Most Chinese
/// universities run CAS; the server sends the browser to the school's `/login` and asks the
/// school itself who came back (`/p3/serviceValidate`), so the 学工号 is the school's word, never
/// the browser's. Nothing secret is kept here.
public enum SchoolSignOn: Equatable, Sendable {
    /// A CAS 3.0 server, e.g. `https://ids.example.edu.cn/authserver`.
    case cas(server: String)

    /// Refuses a server the cardholder's browser should not be sent to: the school's own over
    /// TLS, a sandbox on this machine (`http://127.0.0.1:…`, `http://localhost:…`), or the
    /// sandbox mounted in this server (a path).
    public func validate() throws(CardError) {
        switch self {
        case .cas(let server):
            guard Self.isAcceptable(server) else {
                throw .invalidField(
                    "sign_on",
                    zh: "CAS 地址应为 https:// 开头（本机沙箱可用 http://127.0.0.1 或 /sandbox/…），不含查询参数，最长300字",
                    en:
                        "the CAS address starts with https:// (a local sandbox: http://127.0.0.1 or /sandbox/…), has no query, at most 300 characters"
                )
            }
        }
    }

    static func isAcceptable(_ server: String) -> Bool {
        guard (1...300).contains(server.count), !server.hasSuffix("/"), let url = URLComponents(string: server), url.query == nil,
            url.fragment == nil, url.user == nil
        else { return false }
        switch url.scheme {
        case "https": return !(url.host ?? "").isEmpty
        case "http": return ["127.0.0.1", "localhost", "[::1]", "::1"].contains(url.host ?? "")
        case nil: return url.host == nil && server.hasPrefix("/sandbox/")
        default: return false
        }
    }
}

extension SchoolSignOn: Codable {
    private enum Key: String, CodingKey {
        case `protocol`
        case serverURL = "server_url"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let kind = try c.decode(String.self, forKey: .protocol)
        guard kind == "cas" else {
            throw DecodingError.dataCorruptedError(forKey: .protocol, in: c, debugDescription: "the sign-on protocol is cas")
        }
        self = .cas(server: try c.decode(String.self, forKey: .serverURL))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .cas(let server):
            try c.encode("cas", forKey: .protocol)
            try c.encode(server, forKey: .serverURL)
        }
    }
}
