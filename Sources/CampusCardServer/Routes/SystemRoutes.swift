import Prometheus
import SQLKit
import Vapor

/// For operators and their tools: liveness, metrics, the API's description.
struct SystemRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("metrics", use: metrics)
        routes.get("openapi.json", use: openAPI)
    }

    /// Healthy when the database answers.
    func health(req: Request) async throws -> Response {
        _ = try await req.store.sql.raw("SELECT 1 AS ok").first()
        return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: #"{"status":"ok"}"#))
    }

    func metrics(req: Request) async throws -> Response {
        Response(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(string: req.application.metrics.registry.emitToString()))
    }

    func openAPI(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: OpenAPIDocument.json))
    }
}
