import CampusCardCore
import CampusCardStore
import Foundation

/// The service center's counter (校园卡服务中心): mistaken top-ups refunded in cash, balances
/// paid out, leavers about to be frozen. Staff act in their own school.
public struct ServiceCenterDesk: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func refundMistakenTopUp(
        card number: String, amountFen: Int64, originalOrder: String, reason: String, requestID: String, by staff: StaffMember,
        school: SchoolRecord
    ) async throws -> (CardRecord, TransferReceipt) {
        try staff.require(.serveCardholders, in: school)
        guard amountFen > 0 else { throw CardError.invalidAmount(Money(fen: amountFen).yuanString) }
        // No order number has a control character, and a NUL is no text PostgreSQL takes.
        guard !CardholderLookup.hasControlCharacters(originalOrder) else { throw CardError.refundOrderUnknown(originalOrder) }
        guard !CardholderLookup.hasControlCharacters(reason) else {
            throw CardError.invalidField("reason", zh: "退款原因不能含控制字符", en: "the reason has a control character")
        }
        return try await CardCounter(context).on(try CardCounter.number(number), schoolID: school.id) { [now = context.now] card, sql in
            let receipt = try await ServiceCenterCash(sql).refundMistakenTopUp(
                card: card, amount: Money(fen: amountFen), originalOrder: originalOrder, reason: reason, staff: staff,
                requestID: requestID, at: now)
            return (card, receipt)
        }
    }

    public func payOut(card number: String, amountFen: Int64, requestID: String, by staff: StaffMember, school: SchoolRecord)
        async throws -> (CardRecord, TransferReceipt)
    {
        try staff.require(.serveCardholders, in: school)
        guard amountFen > 0 else { throw CardError.invalidAmount(Money(fen: amountFen).yuanString) }
        return try await CardCounter(context).on(try CardCounter.number(number), schoolID: school.id) { [now = context.now] card, sql in
            (
                card,
                try await ServiceCenterCash(sql).payOut(
                    card: card, amount: Money(fen: amountFen), staff: staff, requestID: requestID, at: now)
            )
        }
    }

    /// Leavers whose cards freeze within `days` (0–366; 30 when not given).
    /// Leavers whose accounts freeze within `days` (30 unless asked); a span outside 0–366 is
    /// refused rather than quietly narrowed, so a script never reads a shorter list than it asked for.
    public func freezing(school: SchoolRecord, withinDays days: Int?, by staff: StaffMember) async throws -> [FreezingCardholder] {
        try staff.require(.read, in: school)
        let days = days ?? 30
        guard (0...366).contains(days) else {
            throw CardError.invalidField("within_days", zh: "天数应为 0–366", en: "must be 0 to 366 days")
        }
        return try await GraduateFreezer(context.store).upcoming(school: school, now: context.now, within: days)
    }

    public func extendLeaveDate(staffNumber: String, to text: String, by staff: StaffMember, school: SchoolRecord) async throws {
        try staff.require(.serveCardholders, in: school)
        guard let date = LocalDate(text) else {
            throw CardError.invalidField("leave_date", zh: "日期格式应为 YYYY-MM-DD", en: "must be YYYY-MM-DD")
        }
        try await GraduateFreezer(context.store).extendLeaveDate(
            school: school, staffNumber: staffNumber, to: date, actor: "staff:\(staff.username)", at: context.now)
    }
}
