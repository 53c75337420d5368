import Prometheus
import Vapor

/// The figures an operator watches at /metrics.
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    func requests(status: Int) -> Counter {
        registry.makeCounter(name: "campuscard_http_responses_total", labels: [("status", "\(status)")])
    }

    var requestDuration: DurationHistogram {
        registry.makeDurationHistogram(
            name: "campuscard_http_request_duration_seconds",
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(500), .seconds(1),
            ])
    }

    func spends(result: String) -> Counter {
        registry.makeCounter(name: "campuscard_terminal_spends_total", labels: [("result", result)])
    }
}

struct RequestMetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        request.application.metrics.requests(status: Int(response.status.code)).increment()
        request.application.metrics.requestDuration.record(ContinuousClock.now - start)
        return response
    }
}
