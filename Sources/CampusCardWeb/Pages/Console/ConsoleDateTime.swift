import CampusCardCore
import Foundation

/// A moment as the console's forms write it (`2026-09-21T14:00`, an `<input type="datetime-local">`),
/// read and written in the school's time zone.
public enum ConsoleDateTime {
    /// The input's value for `date` in `zone`.
    public static func input(_ date: Date, in zone: TimeZone) -> String {
        let format: Date.FormatString =
            "\(year: .padded(4))-\(month: .twoDigits)-\(day: .twoDigits)T\(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)"
        return date.formatted(Date.VerbatimFormatStyle(format: format, timeZone: zone, calendar: Calendar(identifier: .gregorian)))
    }

    /// `2026-09-21T14:00` (or with a space, or with seconds) in `zone`; nil for anything else,
    /// a day that does not exist, or a year outside 2000–2099.
    public static func parse(_ text: String, in zone: TimeZone) -> Date? {
        guard text.utf8.count <= 19,
            let match = text.wholeMatch(of: /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/),
            let year = Int(match.1), (2000...2099).contains(year), let month = Int(match.2), let day = Int(match.3),
            let hour = Int(match.4), let minute = Int(match.5)
        else { return nil }
        let second = match.6.flatMap { Int($0) } ?? 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let wanted = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: wanted) else { return nil }
        // 2026-02-30 or 25:00 would roll over; a moment skipped by a clock change moves.
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return back == wanted ? date : nil
    }

    /// The form's field `name` read as a moment, else its refusal on the field.
    public static func field(_ name: String, _ text: String, in zone: TimeZone) throws(CardError) -> Date {
        guard let date = parse(text, in: zone) else {
            throw .invalidField(
                name, zh: "请按“年-月-日 时:分”填写（学校时间 \(zone.identifier)）",
                en: "write it as year-month-day hour:minute (the school's time, \(zone.identifier))")
        }
        return date
    }
}
