import CampusCardCore
import Foundation

/// A cardholder as the console lists and shows them: the roster's row and their current card.
public struct CardholderEntry: Sendable, Equatable {
    public var id: Int64
    public var staffNumber: String
    public var name: String
    public var kind: CardholderKind
    public var campus: String?
    public var status: CardholderStatus
    public var passport: String?
    /// `YYYY-MM-DD`, for those who leave (graduates, leavers).
    public var leaveDate: String?
    /// The newest card; nil before one was issued.
    public var cardNumber: String?
    public var cardStatus: CardStatus?
    public var balance: Money

    public init(
        id: Int64, staffNumber: String, name: String, kind: CardholderKind, campus: String?, status: CardholderStatus, passport: String?,
        leaveDate: String?, cardNumber: String?, cardStatus: CardStatus?, balance: Money
    ) {
        (self.id, self.staffNumber, self.name, self.kind, self.campus, self.status) = (id, staffNumber, name, kind, campus, status)
        (self.passport, self.leaveDate, self.cardNumber, self.cardStatus, self.balance) = (
            passport, leaveDate, cardNumber, cardStatus, balance
        )
    }
}

/// A card a cardholder has held, newest first.
public struct HeldCard: Sendable, Equatable {
    public var number: String
    public var status: CardStatus
    public var issuedAt: Date

    public init(number: String, status: CardStatus, issuedAt: Date) {
        (self.number, self.status, self.issuedAt) = (number, status, issuedAt)
    }
}

/// A channel account bound to the card, with the phones (device ids) that used it.
public struct BoundChannel: Sendable, Equatable {
    public struct Device: Sendable, Equatable {
        public var deviceID: String
        public var verifiedAt: Date?
        public var revokedAt: Date?
        public var addedAt: Date

        public init(deviceID: String, verifiedAt: Date?, revokedAt: Date?, addedAt: Date) {
            (self.deviceID, self.verifiedAt, self.revokedAt, self.addedAt) = (deviceID, verifiedAt, revokedAt, addedAt)
        }
    }

    public var channel: String
    public var boundAt: Date
    public var devices: [Device]

    public init(channel: String, boundAt: Date, devices: [Device]) {
        (self.channel, self.boundAt, self.devices) = (channel, boundAt, devices)
    }
}

/// One line of the audit log: who did what to whom, when.
public struct AuditEntry: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var subject: String
    public var detail: [String: String]
    public var at: Date

    public init(actor: String, action: String, subject: String, detail: [String: String], at: Date) {
        (self.actor, self.action, self.subject, self.detail, self.at) = (actor, action, subject, detail, at)
    }
}

extension CardholderEntry {
    /// Leaving or left (a leave date on the roster, or frozen on leaving): whose balance the
    /// service center pays out in cash (rule 5).
    public var isLeaver: Bool { leaveDate != nil || status == .frozen }
}
