import CampusCardChannels
import Foundation

/// How a service reaches a channel's server. The server plugs in HTTP (and, in demo mode, its own
/// routes for the sandbox); tests plug in a provider of their own, or one that fails.
public protocol ChannelTransport: Sendable {
    func send(_ call: ChannelCall) async throws -> ChannelAnswer
}

/// One request to a channel, as the wire carries it.
public struct ChannelCall: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: Data?

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: Data? = nil) {
        (self.method, self.url, self.headers, self.body) = (method, url, headers, body)
    }

    /// A form-encoded POST, as Alipay's gateway, OAuth token endpoints and the bank gateway take.
    public static func form(_ url: String, _ parameters: [String: String]) -> ChannelCall {
        ChannelCall(
            method: "POST", url: url, headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Data(FormURLEncoding.encode(parameters).utf8))
    }
}

/// The channel's answer: status, headers (looked up without regard to case) and body.
public struct ChannelAnswer: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data) {
        (self.status, self.headers, self.body) = (status, headers, body)
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}
