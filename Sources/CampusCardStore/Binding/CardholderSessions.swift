import CampusCardCore
import Foundation
import SQLKit

/// A cardholder signed in through a channel, on one device.
public struct CardholderSession: Sendable, Equatable {
    public var identity: ChannelIdentity
    public var device: DeviceID
    public var expiresAt: Date
}

/// Sessions opened after the channel vouched for its user: server-side, expiring, each tied to
/// the device it was opened on.
public struct CardholderSessions: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func open(for identity: ChannelIdentity, device: DeviceID, at: Date, lifetime: TimeInterval) async throws -> (
        token: String, expiresAt: Date
    ) {
        let token = SessionToken.random()
        let expiresAt = at.addingTimeInterval(lifetime)
        try await sql.raw(
            """
            INSERT INTO cardholder_sessions (token_hash, channel, channel_user_id, device_id, created_at_ms, expires_at_ms)
            VALUES (\(bind: SessionToken.digest(token)), \(bind: identity.channel.rawValue), \(bind: identity.userID),
                    \(bind: device.rawValue), \(bind: at.epochMilliseconds), \(bind: expiresAt.epochMilliseconds))
            """
        ).run()
        return (token, expiresAt)
    }

    public func session(token: String, at: Date) async throws -> CardholderSession? {
        try Self.session(try await sql.rows(SessionQuery(token: token, at: at)).first)
    }

    /// The same, prepared on PostgreSQL: every cardholder request and page asks it first.
    public static func session(token: String, at: Date, in db: StoreDatabase) async throws -> CardholderSession? {
        try session(try await db.first(SessionQuery(token: token, at: at)))
    }

    struct SessionQuery: StoreQuery {
        static let sql = """
            SELECT channel, channel_user_id, device_id, expires_at_ms FROM cardholder_sessions WHERE token_hash = $1 AND expires_at_ms > $2
            """
        let token: String
        let at: Date
        var binds: [StoreQueryValue] { [.text(SessionToken.digest(token)), .int(at.epochMilliseconds)] }
    }

    /// `prefix`: the columns' names in a query that reads a session beside other rows.
    static func session(_ row: (any SQLRow)?, prefix: String = "") throws -> CardholderSession? {
        guard let row, let channelName = try row.decode(column: prefix + "channel", as: String?.self),
            let channel = BindingChannel(rawValue: channelName),
            let device = try? DeviceID(try row.decode(column: prefix + "device_id", as: String.self))
        else { return nil }
        return CardholderSession(
            identity: ChannelIdentity(channel: channel, userID: try row.decode(column: prefix + "channel_user_id", as: String.self)),
            device: device, expiresAt: Date(epochMilliseconds: try row.decode(column: prefix + "expires_at_ms", as: Int64.self)))
    }

    public func close(token: String) async throws {
        try await sql.raw("DELETE FROM cardholder_sessions WHERE token_hash = \(bind: SessionToken.digest(token))").run()
    }

    /// Forgets sessions that have expired.
    public func purge(before: Date) async throws {
        try await sql.raw("DELETE FROM cardholder_sessions WHERE expires_at_ms < \(bind: before.epochMilliseconds)").run()
    }
}
