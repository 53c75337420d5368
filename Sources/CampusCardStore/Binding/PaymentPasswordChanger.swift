import CampusCardCore
import Foundation
import SQLKit

/// Changing the payment password from the phone: the current one proves it is the cardholder
/// (wrong ones count toward the card's lock like any other), the new one follows the rules of
/// choosing one at binding. The inbox records the change, so a change the cardholder did not
/// make is seen.
public struct PaymentPasswordChanger: Sendable {
    let db: StoreDatabase
    let secrets: CardSecretHasher

    public init(_ db: StoreDatabase, secrets: CardSecretHasher) {
        (self.db, self.secrets) = (db, secrets)
    }

    public func change(_ binding: BindingRecord, current: String, new: String, again: String, at: Date) async throws {
        let (entered, stored) = try await Bindings(db).checkPaymentPassword(current, of: binding, at: at)
        let locks = PhoneAccessLocks(db)
        let chosen = try PaymentPassword(choosing: new, initialPassword: nil)
        guard new == again else {
            throw CardError.invalidField(
                "new_password_again", zh: "两次输入的新密码不一致", en: "the two new passwords differ")
        }
        guard chosen.digits != entered.digits else {
            throw CardError.invalidField("new_password", zh: "新密码与原密码相同", en: "the new password is the current one")
        }
        if let initial = try await db.sql.raw(
            "SELECT initial_secret_hash FROM cardholders WHERE id = \(bind: binding.cardholderID)"
        ).first(decodingColumn: "initial_secret_hash", as: String?.self).flatMap({ $0 }), secrets.verify(chosen.digits, against: initial) {
            throw CardError.paymentPasswordWeak(.sameAsInitial)
        }
        let hash = try await PasswordHasher.hashOffLoop(chosen.digits)
        try await db.transaction { sql in
            // Conditional on the hash just checked: of two changes at once, one wins and the other is told.
            guard
                try await sql.raw(
                    """
                    UPDATE payment_passwords SET password_hash = \(bind: hash), set_at_ms = \(bind: at.epochMilliseconds)
                    WHERE cardholder_id = \(bind: binding.cardholderID) AND password_hash = \(bind: stored) RETURNING cardholder_id
                    """
                ).first() != nil
            else { throw CardError.paymentPasswordWrong(triesLeft: 0) }
            try await locks.clear(binding.cardholderID, on: sql)
            try await NoticeInbox.record(
                .passwordChanged, key: "\(at.epochMilliseconds)", cardholderID: binding.cardholderID, title: "支付密码已修改",
                body: "您的校园卡支付密码已于手机上修改。如非本人操作，请立即到校园卡服务中心挂失并处理。", at: at, on: sql)
            try await AuditLog(sql).record(
                schoolID: binding.schoolID, actor: "cardholder:\(binding.identity.channel.rawValue)", action: "payment_password_changed",
                subject: binding.staffNumber, detail: [:], at: at)
        }
    }
}
