import CampusCardCore
import CampusCardServices
import Vapor

/// How the services reach a channel's server from here. A URL that is only a path is answered by
/// this application's own routes (the sandbox mounted in demo mode) without a socket; any other
/// goes out over HTTP.
public struct ApplicationTransport: ChannelTransport {
    /// Weak: the application keeps one of these (in its services' base) for as long as it lives.
    weak let application: Application?
    let logger: Logger

    public init(application: Application, logger: Logger? = nil) {
        self.application = application
        self.logger = logger ?? application.logger
    }

    static let userAgent = "CampusCard/1.0 (Swift; Linux)"

    public func send(_ call: ChannelCall) async throws -> ChannelAnswer {
        guard let application else { throw CardError.serviceBusy }
        let method = HTTPMethod(rawValue: call.method)
        var headers = HTTPHeaders(call.headers.map { ($0.name, $0.value) })
        // WeChat Pay refuses calls without one, and every provider's logs are easier to read with it.
        if !headers.contains(name: .userAgent) { headers.replaceOrAdd(name: .userAgent, value: Self.userAgent) }
        let buffer = call.body.map { ByteBuffer(data: $0) }
        if call.url.hasPrefix("/") {
            let eventLoop = application.eventLoopGroup.next()
            let inner = Request(
                application: application, method: method, url: URI(string: call.url), headers: headers, collectedBody: buffer,
                remoteAddress: nil, logger: logger, on: eventLoop)
            let response = try await application.responder.respond(to: inner).get()
            let collected = try await response.body.collect(on: eventLoop).get()
            return ChannelAnswer(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: collected.map { Data(buffer: $0) } ?? Data())
        }
        let response = try await application.client.send(method, headers: headers, to: URI(string: call.url)) { $0.body = buffer }
        return ChannelAnswer(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: response.body.map { Data(buffer: $0) } ?? Data())
    }
}
