import CampusCardChannels
import Vapor

/// One call to a channel's server (or, from the sandbox, to ours). A URL that is only a path is
/// answered by this application's own routes (the sandbox mounted in demo mode) without a
/// socket; any other goes out over HTTP.
struct GatewayTransport {
    let application: Application
    let logger: Logger
    let eventLoop: any EventLoop

    init(request: Request) {
        (application, logger, eventLoop) = (request.application, request.logger, request.eventLoop)
    }

    init(application: Application) {
        (self.application, logger, eventLoop) = (application, application.logger, application.eventLoopGroup.next())
    }

    struct Answer {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders = [:]
        var body: Data
    }

    func send(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders = [:], body: Data? = nil) async throws -> Answer {
        let buffer = body.map { ByteBuffer(data: $0) }
        if url.hasPrefix("/") {
            let inner = Request(
                application: application, method: method, url: URI(string: url), headers: headers, collectedBody: buffer,
                remoteAddress: nil, logger: logger, on: eventLoop)
            let response = try await application.responder.respond(to: inner).get()
            let collected = try await response.body.collect(on: eventLoop).get()
            return Answer(status: response.status, headers: response.headers, body: collected.map { Data(buffer: $0) } ?? Data())
        }
        let response = try await application.client.send(method, headers: headers, to: URI(string: url)) { $0.body = buffer }
        return Answer(status: response.status, headers: response.headers, body: response.body.map { Data(buffer: $0) } ?? Data())
    }

    /// A form-encoded POST, as Alipay's gateway and OAuth token endpoints take.
    func postForm(_ url: String, _ parameters: [String: String]) async throws -> Answer {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, url, headers: headers, body: Data(FormURLEncoding.encode(parameters).utf8))
    }
}
