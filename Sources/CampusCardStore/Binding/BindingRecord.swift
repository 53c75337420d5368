import CampusCardCore
import Foundation
import SQLKit

/// One channel identity bound to one cardholder of one school, with the card they hold now (a
/// replacement card keeps the binding: it belongs to the cardholder, not the plastic).
public struct BindingRecord: Sendable, Equatable {
    public var id: Int64
    public var schoolID: Int64
    public var school: SchoolCode
    public var schoolName: String
    public var identity: ChannelIdentity
    public var cardholderID: Int64
    public var staffNumber: String
    public var name: String
    public var purse: LedgerAccount
    public var card: CardNumber?
    public var cardStatus: CardStatus?
    public var createdAt: Date

    /// The columns `init(row:)` reads; `b` is bindings, `h` cardholders, `s` schools, `k` the current card.
    static let select = SQLQueryString(selectText)
    static let selectText = """
        SELECT b.id, b.school_id, s.code AS school_code, s.name AS school_name, b.channel, b.channel_user_id, b.cardholder_id,
               h.staff_number, h.name, h.purse_account_id, k.card_number, k.status AS card_status, b.created_at_ms
        FROM bindings b JOIN cardholders h ON h.id = b.cardholder_id JOIN schools s ON s.id = b.school_id
        LEFT JOIN cards k ON k.cardholder_id = h.id AND k.status <> 'replaced'
        """

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        schoolID = try row.decode(column: "school_id", as: Int64.self)
        school = SchoolCode(rawValue: try row.decode(column: "school_code", as: String.self))!
        schoolName = try row.decode(column: "school_name", as: String.self)
        identity = ChannelIdentity(
            channel: BindingChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .schoolApp,
            userID: try row.decode(column: "channel_user_id", as: String.self))
        cardholderID = try row.decode(column: "cardholder_id", as: Int64.self)
        staffNumber = try row.decode(column: "staff_number", as: String.self)
        name = try row.decode(column: "name", as: String.self)
        purse = LedgerAccount(id: try row.decode(column: "purse_account_id", as: Int64.self), kind: .purse)
        card = try row.decode(column: "card_number", as: String?.self).flatMap(CardNumber.init(rawValue:))
        cardStatus = try row.decode(column: "card_status", as: String?.self).flatMap(CardStatus.init(rawValue:))
        createdAt = Date(epochMilliseconds: try row.decode(column: "created_at_ms", as: Int64.self))
    }
}

/// A phone that used a binding; only a verified, unrevoked device may use the card.
public struct BoundDevice: Sendable, Equatable {
    public var device: DeviceID
    public var verifiedAt: Date?
    public var revokedAt: Date?
    public var firstSeenAt: Date

    public var mayUseCard: Bool { verifiedAt != nil && revokedAt == nil }
}
