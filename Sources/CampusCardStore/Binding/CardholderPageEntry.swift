import CampusCardCore
import Foundation
import SQLKit

/// What every cardholder page of a school asks first, in one statement: the school; the session of
/// the cookie, used from the browser it was opened in; its binding at this school; and whether
/// this browser's device may use the card. (Three reads before, on every page a student opens.)
public struct CardholderPageEntry: Sendable {
    public var school: SchoolRecord
    public var session: CardholderSession?
    public var binding: BindingRecord?
    public var mayUseCard: Bool

    /// nil: no such school. A token that opens no session here (unknown, expired, another device)
    /// gives no session, as if none was sent.
    public static func read(school code: SchoolCode, token: String?, device: DeviceID?, at: Date, in db: StoreDatabase) async throws
        -> CardholderPageEntry?
    {
        let query = EntryQuery(school: code, tokenDigest: token.map(SessionToken.digest) ?? "", device: device?.rawValue ?? "", at: at)
        return try await db.first(query).map(CardholderPageEntry.init(row:))
    }

    struct EntryQuery: StoreQuery {
        static let sql = "SELECT \(columns) FROM \(joins) WHERE sc.code = $1"
        let school: SchoolCode
        let tokenDigest: String
        let device: String
        let at: Date
        var binds: [StoreQueryValue] { [.text(school.rawValue), .text(tokenDigest), .int(at.epochMilliseconds), .text(device)] }
    }

    /// The entry's columns and tables, for the statements that read more beside it (the home page's):
    /// `$1` the school's code, `$2` the token's digest, `$3` now in ms, `$4` the device.
    static let columns = """
        sc.id AS school_row_id, sc.code AS school_row_code, sc.name AS school_row_name, sc.name_en AS school_row_name_en,
            sc.time_zone AS school_row_time_zone, sc.settings AS school_row_settings,
            x.channel AS x_channel, x.channel_user_id AS x_channel_user_id, x.device_id AS x_device_id, x.expires_at_ms AS x_expires_at_ms,
            q.*, d.verified_at_ms AS device_verified_at_ms, d.revoked_at_ms AS device_revoked_at_ms
        """
    static let joins = """
        schools sc
        LEFT JOIN cardholder_sessions x ON x.token_hash = $2 AND x.expires_at_ms > $3 AND x.device_id = $4
        LEFT JOIN (\(BindingRecord.selectText)) AS q
            ON q.school_id = sc.id AND q.channel = x.channel AND q.channel_user_id = x.channel_user_id
        LEFT JOIN binding_devices d ON d.binding_id = q.id AND d.device_id = $4
        """
}

extension CardholderPageEntry {
    init(row: any SQLRow) throws {
        let session = try CardholderSessions.session(row, prefix: "x_")
        let hasBinding = try session != nil && row.decode(column: "id", as: Int64?.self) != nil
        let binding = hasBinding ? try BindingRecord(row: row) : nil
        let verified = try row.decode(column: "device_verified_at_ms", as: Int64?.self) != nil
        let revoked = try row.decode(column: "device_revoked_at_ms", as: Int64?.self) != nil
        self.init(
            school: try SchoolStore.school(row, prefix: "school_row_"), session: session, binding: binding,
            mayUseCard: binding != nil && verified && !revoked)
    }
}
