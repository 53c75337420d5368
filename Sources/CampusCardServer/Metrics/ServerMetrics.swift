import Prometheus
import Vapor

/// The figures an operator watches at /metrics.
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    func requests(status: Int) -> Counter {
        registry.makeCounter(descriptor: Self.responses, labels: [("status", "\(status)")])
    }

    var requestDuration: DurationHistogram {
        registry.makeDurationHistogram(
            descriptor: Self.duration,
            buckets: [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(500), .seconds(1),
            ])
    }

    func spends(result: String) -> Counter {
        registry.makeCounter(descriptor: Self.spends, labels: [("result", result)])
    }

    // Computed: the library's descriptor is not Sendable, so it cannot be a shared constant.
    private static var responses: MetricNameDescriptor {
        .init(namespace: "campuscard", metricName: "http_responses", unitName: "total", helpText: "HTTP responses by status code.")
    }
    private static var duration: MetricNameDescriptor {
        .init(
            namespace: "campuscard", metricName: "http_request_duration", unitName: "seconds",
            helpText: "Time from a request's arrival to its response.")
    }
    private static var spends: MetricNameDescriptor {
        .init(
            namespace: "campuscard", metricName: "terminal_spends", unitName: "total",
            helpText: "Terminal charges by outcome: charged, replayed, or the refusal's error code.")
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
