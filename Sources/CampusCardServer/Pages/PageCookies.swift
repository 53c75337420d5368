import CampusCardChannels
import CampusCardCore
import CampusCardWeb
import Foundation
import Vapor

/// The cookies of the cardholder's pages. All `HttpOnly` and `SameSite=Lax`, `Secure` when the
/// request came over TLS (directly or through the proxy in front). The session itself lives in
/// the database (`CardholderSessions`); the cookie holds only its token.
enum PageCookie {
    /// The page's device id, made on the first visit: sessions are bound to it, as the API's are
    /// to `X-Device-ID`.
    static let device = "cc_device"
    static let session = "cc_session"
    static let language = "cc_lang"
    /// The `state` sent to the channel's consent page, checked when it comes back.
    static let signInState = "cc_state"
    /// A binding's or a device verification's answers between steps, sealed with the master key.
    static let draft = "cc_draft"

    static func make(_ value: String, maxAge: Int?, path: String = "/", on req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: path, isSecure: req.cameOverTLS, isHTTPOnly: true,
            sameSite: .lax)
    }

    static func expired(path: String = "/", on req: Request) -> HTTPCookies.Value {
        make("", maxAge: 0, path: path, on: req)
    }
}

extension Request {
    var cameOverTLS: Bool {
        url.scheme == "https" || headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }

    /// This server's address as the browser reached it, for the channels to send it back to.
    var publicOrigin: String {
        "\(cameOverTLS ? "https" : "http")://\(headers.first(name: .host) ?? "localhost")"
    }

    var pageLanguage: PageLanguage { PageLanguage(cookie: cookies[PageCookie.language]?.string) }

    /// The device id of this browser: its cookie, or one made for this visit (the response sets it).
    var pageDevice: String {
        if let cookie = cookies[PageCookie.device]?.string, (try? DeviceID(cookie)) != nil { return cookie }
        if let made = storage[PageDeviceKey.self] { return made }
        let made = "web-" + RandomNonce.make(length: 32)
        storage[PageDeviceKey.self] = made
        return made
    }

    /// Set on a response when `pageDevice` was made during the request.
    var madePageDevice: String? { storage[PageDeviceKey.self] }
}

private struct PageDeviceKey: StorageKey {
    typealias Value = String
}
