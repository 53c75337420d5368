import AsyncKit
import CampusCardCore
import CampusCardStore
import Vapor

/// Turns every error into a `CardError` answer: a stable code, Chinese and English, never a
/// stack trace. Only what is not a `CardError` and not a client's mistake becomes a 500, and is
/// logged.
struct CardErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            var cardError = Self.cardError(for: error)
            if cardError.code == .notFound && cardError.details["what"] == "path" {
                let allowed = Self.methods(servingPath: request.url.path, in: request.application.routes)
                if !allowed.isEmpty { cardError = .methodNotAllowed(request.method.rawValue, allowed: allowed) }
            }
            switch cardError.code {
            case .internalError: request.logger.error("unhandled error: \(String(reflecting: error))")
            case .ledgerInconsistent: request.logger.critical("ledger inconsistent: \(cardError.details["what"] ?? "")")
            default: break
            }
            let response = Response(status: cardError.code.httpStatus)
            if let allow = cardError.details["allow"] { response.headers.replaceOrAdd(name: .allow, value: allow) }
            if let retry = cardError.details["retry_after_seconds"] { response.headers.replaceOrAdd(name: .retryAfter, value: retry) }
            try response.content.encode(CardErrorDTO(cardError))
            return response
        }
    }

    /// The methods the routes serve at `path`, to tell a wrong method (405) from a wrong path (404).
    static func methods(servingPath path: String, in routes: Routes) -> [String] {
        let components = path.split(separator: "/").map(String.init)
        return routes.all.filter { route in
            route.path.count == components.count
                && zip(route.path, components).allSatisfy { $0.description == $1 || $0.description.hasPrefix(":") }
        }.map(\.method.rawValue).sorted()
    }

    static func cardError(for error: any Error) -> CardError {
        switch error {
        case let error as CardError:
            return error
        case let error as DecodingError:
            return .malformedRequest(error.fieldDescription)
        // The connection pool's wait ran out, or the database kept turning the transaction away
        // for others over the same rows: busy, not broken, and nothing was done.
        case is ConnectionPoolTimeoutError:
            return .serviceBusy
        case _ where StoreDatabase.isBusy(error):
            return .serviceBusy
        case _ where StoreDatabase.isUnstorableText(error):
            return .malformedRequest("a text holds a character that is not allowed (NUL)")
        // PostgreSQL restarting or stopping, or the pool closed as the server stops.
        case ConnectionPoolError.shutdown,
            _ where StoreDatabase.isUnavailable(error):
            return .databaseUnavailable
        case let error as any AbortError:
            switch error.status {
            case .notFound: return .notFound("path")
            case .unauthorized: return .unauthorized
            case .methodNotAllowed: return .malformedRequest("method not allowed")
            case _ where error.status.code < 500: return .malformedRequest(error.reason)
            default: return .internalError
            }
        default:
            return .internalError
        }
    }
}

/// The wire shape of every error.
struct CardErrorDTO: Content {
    var code: String
    var message_zh: String
    var message_en: String
    var details: [String: String]

    init(_ error: CardError) {
        code = error.code.rawValue
        message_zh = error.zh
        message_en = error.en
        details = error.details
    }
}

extension DecodingError {
    /// Which field was wrong, without echoing the value.
    var fieldDescription: String {
        let (context, what): (Context?, String) =
            switch self {
            case .typeMismatch(_, let c): (c, "has the wrong type")
            case .valueNotFound(_, let c): (c, "is missing")
            case .keyNotFound(let key, let c): (c, "field \(key.stringValue) is missing")
            case .dataCorrupted(let c): (c, "is not valid JSON")
            @unknown default: (nil, "is malformed")
            }
        let path = context?.codingPath.map(\.stringValue).joined(separator: ".") ?? ""
        return path.isEmpty ? "the body \(what)" : "\(path) \(what)"
    }
}
