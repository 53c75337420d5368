import Logging

/// The application's log handler, less what libraries log verbatim of what cardholders, staff and
/// terminals sent: the values the database drivers bind into each statement (a roster's passport
/// numbers among them; the statement itself is kept), and the HTTP server's trace of each request
/// part (its headers carry session tokens and signatures, its body passwords). Neither library
/// offers a way to log less, so it is taken out here, on the handler every request's and every
/// job's logger starts from: the log is read by more people than the database.
struct RedactedLogHandler: LogHandler {
    /// The metadata key under which SQLiteKit and PostgresKit log a statement's values.
    static let valuesKey = "binds"
    /// How Vapor's request decoder begins its trace of each part of a request it read.
    static let requestPartPrefix = "Decoded HTTP part"

    var base: any LogHandler

    var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        if let values = event.metadata?[Self.valuesKey], case .array(let list) = values {
            event.metadata?[Self.valuesKey] = "\(list.count) values, not logged"
        }
        if event.message.description.hasPrefix(Self.requestPartPrefix) {
            event.message = "\(Self.requestPartPrefix), contents not logged"
        }
        base.log(event: event)
    }
}

extension Logger {
    /// This logger, its handler wrapped in `RedactedLogHandler` (once).
    var redacted: Logger {
        guard !(handler is RedactedLogHandler) else { return self }
        var logger = self
        logger.handler = RedactedLogHandler(base: handler)
        return logger
    }
}
