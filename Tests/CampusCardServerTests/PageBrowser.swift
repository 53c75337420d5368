import Foundation
import Testing
import Vapor
import VaporTesting

/// A browser without a screen: keeps the cookies the server sets and follows nothing by itself,
/// so a test sees every redirect and every `Set-Cookie`.
struct PageBrowser {
    let fixture: AppFixture
    var cookies: [String: String] = [:]
    var headers: HTTPHeaders = [:]

    init(_ fixture: AppFixture) {
        self.fixture = fixture
    }

    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, form: nil)
    }

    mutating func post(_ path: String, _ form: [String: String]) async throws -> TestingHTTPResponse {
        try await send(.POST, path, form: form)
    }

    mutating func send(_ method: HTTPMethod, _ path: String, form: [String: String]?) async throws -> TestingHTTPResponse {
        var headers = self.headers
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        var body: String?
        if let form {
            headers.contentType = .urlEncodedForm
            body = form.map { "\(Self.encoded($0.key))=\(Self.encoded($0.value))" }.joined(separator: "&")
        }
        let response = try await fixture.send(method, path.hasPrefix("/") ? String(path.dropFirst()) : path, headers: headers, body: body)
        for value in response.headers[.setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let content = pair.count > 1 ? String(pair[1]) : ""
            if value.lowercased().contains("max-age=0") { cookies[name] = nil } else { cookies[name] = content }
        }
        #expect(response.status.code < 500, "\(method) \(path): \(response.status) \(response.body.string.prefix(300))")
        return response
    }

    /// The `_csrf` of the page's first form.
    static func formToken(_ page: TestingHTTPResponse) -> String {
        let html = page.body.string
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return "" }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// Signs in through the sandbox's consent page as `user` of `channel`, as a tap on "同意" would.
    mutating func signIn(channel: String, user: String) async throws -> TestingHTTPResponse {
        let toChannel = try await get("/h5/DEMO/sign-in?channel=\(channel)")
        #expect(toChannel.status == .seeOther)
        let consent = URLComponents(string: toChannel.headers.first(name: .location) ?? "")!
        let query = Dictionary(uniqueKeysWithValues: (consent.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        let agreed = try await post(
            consent.path, ["redirect_uri": query["redirect_uri"] ?? "", "state": query["state"] ?? "", "user_id": user])
        let back = URLComponents(string: agreed.headers.first(name: .location) ?? "")!
        return try await get(back.path + "?" + (back.percentEncodedQuery ?? ""))
    }
}
