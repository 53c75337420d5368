import Testing
import Vapor

/// The fixture's server on a real socket, at a port the system picks, for what only a socket
/// shows: the client's address, the request decoder's trace. (Vapor's `.running` tester starts
/// and stops the server around each request, on a port the test must guess, and gives up after
/// 30 s: too soon when every suite runs at once on two cores.)
struct LiveServer {
    let app: Application
    let port: Int

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil) async throws -> ClientResponse {
        var request = ClientRequest(method: method, url: URI(string: "http://127.0.0.1:\(port)/\(path)"), headers: headers)
        request.body = body.map { ByteBuffer(string: $0) }
        // As long as the fixture lets a request queue for a database connection.
        request.timeout = .seconds(300)
        return try await app.client.send(request)
    }
}

extension AppFixture {
    /// `body` with the server listening; it stops listening after.
    func live<T>(_ body: (LiveServer) async throws -> T) async throws -> T {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            let port = try #require(app.http.server.shared.localAddress?.port)
            let result = try await body(LiveServer(app: app, port: port))
            await app.server.shutdown()
            return result
        } catch {
            await app.server.shutdown()
            throw error
        }
    }
}
