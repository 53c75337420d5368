import CampusCardCore
import Foundation
import SQLKit

/// Agreements and their changes. Every change is one conditional update of the agreement's row
/// (two requests at once cannot both pass it) with its record of who and when, in one
/// transaction. Where a change leaves the debits is worked out in the same update from the
/// purse's balance: a signed or resumed agreement under its threshold is due at once.
public struct AutoTopUpAgreements: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    /// The cardholder's current agreement (opened, active or paused), if any.
    public func current(of cardholderID: Int64) async throws -> AutoTopUpAgreement? {
        try await db.sql.raw(
            """
            SELECT \(AutoTopUpAgreement.columns) FROM auto_topup_agreements
            WHERE cardholder_id = \(bind: cardholderID) AND status IN ('opened', 'active', 'paused')
            """
        ).first().map(AutoTopUpAgreement.init(row:))
    }

    /// The cardholder's latest agreement, current or not (an expired one says so).
    public func latest(of cardholderID: Int64) async throws -> AutoTopUpAgreement? {
        try await db.sql.raw(
            """
            SELECT \(AutoTopUpAgreement.columns) FROM auto_topup_agreements WHERE cardholder_id = \(bind: cardholderID) ORDER BY id DESC LIMIT 1
            """
        ).first().map(AutoTopUpAgreement.init(row:))
    }

    public func agreement(id: Int64) async throws -> AutoTopUpAgreement? {
        try await db.sql.raw("SELECT \(AutoTopUpAgreement.columns) FROM auto_topup_agreements WHERE id = \(bind: id)").first().map(
            AutoTopUpAgreement.init(row:))
    }

    /// The bank gave its token: an agreement waiting to be signed, with the school's default
    /// threshold and amount. One not yet signed from before is replaced; a signed one must be
    /// cancelled first.
    public func open(
        schoolID: Int64, cardholderID: Int64, purse: LedgerAccount, token: String, cardLastFour: String, defaults: (Money, Money),
        actor: String, at: Date
    ) async throws -> AutoTopUpAgreement {
        try await db.transaction { sql in
            try await sql.raw(
                "UPDATE auto_topup_agreements SET status = 'cancelled' WHERE cardholder_id = \(bind: cardholderID) AND status = 'opened'"
            ).run()
            guard
                let row = try await sql.raw(
                    """
                    INSERT INTO auto_topup_agreements (school_id, cardholder_id, purse_account_id, status, debit_state, threshold_fen, amount_fen,
                        token, card_last_four, failures, created_at_ms)
                    SELECT \(bind: schoolID), \(bind: cardholderID), \(bind: purse.id), 'opened', 'idle', \(bind: defaults.0.fen), \(bind: defaults.1.fen),
                        \(bind: token), \(bind: cardLastFour), 0, \(bind: at.epochMilliseconds)
                    WHERE NOT EXISTS (SELECT 1 FROM auto_topup_agreements WHERE cardholder_id = \(bind: cardholderID) AND status IN ('active', 'paused'))
                    RETURNING \(AutoTopUpAgreement.columns)
                    """
                ).first()
            else {
                throw CardError.autoTopUpAgreementState(
                    "signed", zh: "您已开通自动充值；如需更换银行卡，请先解约。", en: "You already have auto top-up; cancel it first to use another card.")
            }
            let agreement = try AutoTopUpAgreement(row: row)
            try await Self.record(agreement.id, "open", actor: actor, detail: "card *\(cardLastFour)", at: at, on: sql)
            return agreement
        }
    }

    /// Signed with the payment password and face: active until `expiresAt`.
    public func sign(_ id: Int64, threshold: Money, amount: Money, expiresAt: Date, actor: String, at: Date) async throws
        -> AutoTopUpAgreement
    {
        try await transition(
            id, from: [.opened], to: .active, purseThreshold: "\(bind: threshold.fen)",
            set: """
                threshold_fen = \(bind: threshold.fen), amount_fen = \(bind: amount.fen), signed_at_ms = \(bind: at.epochMilliseconds),
                expires_at_ms = \(bind: expiresAt.epochMilliseconds), reminded_at_ms = NULL, failures = 0, next_attempt_at_ms = NULL,
                debit_state = \(Self.dueOrArmed(threshold: "\(bind: threshold.fen)"))
                """,
            action: "sign", detail: "threshold ¥\(threshold.yuanString), amount ¥\(amount.yuanString)", actor: actor, at: at)
    }

    public func pause(_ id: Int64, actor: String, reason: String, at: Date) async throws -> AutoTopUpAgreement {
        try await transition(
            id, from: [.active], to: .paused, set: "debit_state = \(Self.keepingDebit("'idle'"))", action: "pause", detail: reason,
            actor: actor, at: at)
    }

    public func resume(_ id: Int64, actor: String, at: Date) async throws -> AutoTopUpAgreement {
        try await transition(
            id, from: [.paused], to: .active,
            set: "failures = 0, next_attempt_at_ms = NULL, debit_state = \(Self.keepingDebit(Self.dueOrArmed(threshold: "threshold_fen")))",
            action: "resume", detail: "", actor: actor, at: at)
    }

    /// A new threshold or amount; a pending retry stays, otherwise the agreement waits for the
    /// next dip below the new threshold (a change never debits by itself).
    public func change(_ id: Int64, threshold: Money, amount: Money, actor: String, at: Date) async throws -> AutoTopUpAgreement {
        try await transition(
            id, from: [.active, .paused], to: nil, purseThreshold: "\(bind: threshold.fen)",
            set: """
                threshold_fen = \(bind: threshold.fen), amount_fen = \(bind: amount.fen), debit_state = CASE WHEN debit_state IN ('armed', 'idle')
                    THEN (CASE WHEN \(Self.balance) < \(bind: threshold.fen) THEN 'idle' ELSE 'armed' END) ELSE debit_state END
                """,
            action: "change", detail: "threshold ¥\(threshold.yuanString), amount ¥\(amount.yuanString)", actor: actor, at: at)
    }

    /// Cancelled for good; a debit already with the bank still settles.
    public func cancel(_ id: Int64, actor: String, at: Date) async throws -> AutoTopUpAgreement {
        try await transition(
            id, from: [.opened, .active, .paused], to: .cancelled, purseThreshold: "NULL",
            set: "debit_state = \(Self.keepingDebit("'idle'"))",
            action: "cancel", detail: "", actor: actor, at: at)
    }

    /// Past its yearly renewal: triggers nothing more, and the cardholder is told. False if it
    /// was not current any more (expired or cancelled by someone else first).
    public func expire(_ id: Int64, timeZone: TimeZone, at: Date) async throws -> Bool {
        try await db.transaction { sql in
            try await Self.setPurseThreshold(of: id, to: "NULL", on: sql)
            guard
                let row = try await sql.raw(
                    """
                    UPDATE auto_topup_agreements SET status = 'expired', debit_state = \(Self.keepingDebit("'idle'"))
                    WHERE id = \(bind: id) AND status IN ('active', 'paused') RETURNING \(AutoTopUpAgreement.columns)
                    """
                ).first()
            else { return false }
            let agreement = try AutoTopUpAgreement(row: row)
            try await Self.record(id, "expire", actor: "system", detail: "", at: at, on: sql)
            let notice = AutoTopUpNotice.expired(at: agreement.expiresAt ?? at, timeZone: timeZone)
            try await NoticeInbox.record(
                .autoTopUpExpired, key: "\(id)", cardholderID: agreement.cardholderID, title: notice.title, body: notice.body, at: at,
                on: sql)
            return true
        }
    }

    /// The reminder before expiry, sent once whoever runs the upkeep.
    public func remind(_ agreement: AutoTopUpAgreement, timeZone: TimeZone, at: Date) async throws {
        guard let expiry = agreement.expiresAt else { return }
        try await db.transaction { sql in
            guard
                try await sql.raw(
                    """
                    UPDATE auto_topup_agreements SET reminded_at_ms = \(bind: at.epochMilliseconds)
                    WHERE id = \(bind: agreement.id) AND reminded_at_ms IS NULL RETURNING id
                    """
                ).first() != nil
            else { return }
            let notice = AutoTopUpNotice.expiring(on: expiry, timeZone: timeZone)
            try await NoticeInbox.record(
                .autoTopUpExpiring, key: "\(agreement.id):\(expiry.epochMilliseconds)", cardholderID: agreement.cardholderID,
                title: notice.title, body: notice.body, at: at, on: sql)
        }
    }

    /// Who changed the agreement and when, oldest first.
    public func changes(of id: Int64) async throws -> [AutoTopUpChange] {
        try await db.sql.raw(
            "SELECT action, actor, detail, at_ms FROM auto_topup_changes WHERE agreement_id = \(bind: id) ORDER BY id"
        ).all().map { row in
            AutoTopUpChange(
                action: try row.decode(column: "action", as: String.self), actor: try row.decode(column: "actor", as: String.self),
                detail: try row.decode(column: "detail", as: String.self),
                at: Date(epochMilliseconds: try row.decode(column: "at_ms", as: Int64.self)))
        }
    }

    /// Active or paused agreements past their expiry at `now`, and those not yet reminded that
    /// expire within `remindWithin` (whose reminder may be due: the caller knows the school's month).
    public func renewalsDue(remindWithin: TimeInterval, at now: Date) async throws -> (
        remind: [AutoTopUpAgreement], expire: [AutoTopUpAgreement]
    ) {
        let rows = try await db.sql.raw(
            """
            SELECT \(AutoTopUpAgreement.columns) FROM auto_topup_agreements
            WHERE status IN ('active', 'paused') AND (expires_at_ms <= \(bind: now.epochMilliseconds)
                OR (reminded_at_ms IS NULL AND expires_at_ms <= \(bind: now.addingTimeInterval(remindWithin).epochMilliseconds)))
            """
        ).all().map(AutoTopUpAgreement.init(row:))
        let expired = rows.filter { $0.isExpired(at: now) }
        return (rows.filter { !$0.isExpired(at: now) }, expired)
    }

    /// The purse's balance, inside an update of the agreement.
    static let balance: SQLQueryString = "(SELECT a.balance FROM accounts a WHERE a.id = purse_account_id)"

    /// Due if the purse is already under `threshold`, else armed.
    static func dueOrArmed(threshold: SQLQueryString) -> SQLQueryString {
        "(CASE WHEN \(balance) < \(threshold) THEN 'due' ELSE 'armed' END)"
    }

    /// `state`, unless a debit is with the bank: it stays so until settled.
    static func keepingDebit(_ state: SQLQueryString) -> SQLQueryString {
        "(CASE WHEN debit_state = 'debiting' THEN 'debiting' ELSE \(state) END)"
    }

    /// The purse's copy of the threshold its watch fires on (`UpdateAccountsAddAutoTopUpThreshold`),
    /// written before the agreement: a charge locks the purse, then the agreement, and so must we.
    static func setPurseThreshold(of id: Int64, to threshold: SQLQueryString, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE accounts SET auto_topup_threshold = \(threshold)
            WHERE id = (SELECT purse_account_id FROM auto_topup_agreements WHERE id = \(bind: id))
            """
        ).run()
    }

    /// Every purse's copy of its current agreement's threshold, from the agreements: after they
    /// were written in bulk (the migration that added the copy, the bench's loader).
    public static func copyThresholdsToPurses(on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE accounts SET auto_topup_threshold = (
                SELECT g.threshold_fen FROM auto_topup_agreements g
                WHERE g.purse_account_id = accounts.id AND g.status IN ('active', 'paused') ORDER BY g.id DESC LIMIT 1)
            WHERE id IN (SELECT purse_account_id FROM auto_topup_agreements WHERE status IN ('active', 'paused'))
            """
        ).run()
    }

    /// `purseThreshold`: what the purse's watch is to fire on from now, if that changes.
    private func transition(
        _ id: Int64, from: [AutoTopUpStatus], to: AutoTopUpStatus?, purseThreshold: SQLQueryString? = nil, set: SQLQueryString,
        action: String, detail: String, actor: String, at: Date
    ) async throws -> AutoTopUpAgreement {
        try await db.transaction { sql in
            if let purseThreshold { try await Self.setPurseThreshold(of: id, to: purseThreshold, on: sql) }
            let status: SQLQueryString = to.map { "status = \(bind: $0.rawValue), " } ?? ""
            guard
                let row = try await sql.raw(
                    """
                    UPDATE auto_topup_agreements SET \(status)\(set)
                    WHERE id = \(bind: id) AND status IN (\(binds: from.map(\.rawValue))) RETURNING \(AutoTopUpAgreement.columns)
                    """
                ).first()
            else {
                let now = try await sql.raw("SELECT status FROM auto_topup_agreements WHERE id = \(bind: id)").first(
                    decodingColumn: "status", as: String.self)
                throw Self.stateRefusal(now ?? "none")
            }
            try await Self.record(id, action, actor: actor, detail: detail, at: at, on: sql)
            return try AutoTopUpAgreement(row: row)
        }
    }

    public static func stateRefusal(_ status: String) -> CardError {
        let zh = ["active": "生效中", "paused": "已暂停", "cancelled": "已解约", "expired": "已到期", "opened": "待签约", "none": "不存在"][status] ?? status
        return .autoTopUpAgreementState(
            status, zh: "自动充值协议当前\(zh)，不能进行此操作。", en: "The auto top-up agreement is \(status); this cannot be done now.")
    }

    static func record(_ id: Int64, _ action: String, actor: String, detail: String, at: Date, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            INSERT INTO auto_topup_changes (agreement_id, action, actor, detail, at_ms)
            VALUES (\(bind: id), \(bind: action), \(bind: actor), \(bind: detail), \(bind: at.epochMilliseconds))
            """
        ).run()
    }
}
