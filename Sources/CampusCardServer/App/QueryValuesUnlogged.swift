import Logging

/// The application's log handler, less the values the database drivers bind into each statement
/// they log: those are what cardholders and staff typed (a roster's passport numbers among
/// them), and the log is read by more people than the database. The statement itself is kept.
/// PostgreSQL's driver offers no way to log statements without their values, so they are taken out
/// here, on the handler every request's and every job's logger starts from.
struct QueryValuesUnlogged: LogHandler {
    /// The metadata key under which SQLiteKit and PostgresKit log a statement's values.
    static let valuesKey = "binds"

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
        base.log(event: event)
    }
}

extension Logger {
    /// This logger, its handler wrapped in `QueryValuesUnlogged` (once).
    var withoutQueryValues: Logger {
        guard !(handler is QueryValuesUnlogged) else { return self }
        var logger = self
        logger.handler = QueryValuesUnlogged(base: handler)
        return logger
    }
}
