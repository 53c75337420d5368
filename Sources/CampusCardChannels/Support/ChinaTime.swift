import Foundation

/// Wall-clock text in China Standard Time, which both providers use. China has kept UTC+8 all
/// year since 1991, so a fixed offset is exact and needs no time-zone database on the server.
public enum ChinaTime {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    /// "2024-05-01 08:30:00", Alipay's `timestamp`, `notify_time` and `gmt_payment` form.
    public static func alipayTimestamp(_ date: Date) -> String {
        let (day, time) = parts(date)
        return "\(day) \(time)"
    }

    /// "2024-05-01T08:30:00+08:00", WeChat Pay's RFC 3339 form (`create_time`, `success_time`).
    public static func rfc3339(_ date: Date) -> String {
        let (day, time) = parts(date)
        return "\(day)T\(time)+08:00"
    }

    /// "20240501083000", UnionPay ACP's `txnTime`, `tokenBegin` and `tokenEnd` (yyyyMMddHHmmss).
    public static func compact(_ date: Date) -> String {
        let (day, time) = parts(date)
        return (day + time).filter(\.isNumber)
    }

    /// Reads the `compact` form back; nil for anything else.
    public static func date(fromCompact text: String) -> Date? {
        guard text.count == 14, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return nil }
        let digits = Array(text)
        func field(_ from: Int, _ length: Int) -> String { String(digits[from..<from + length]) }
        return date(fromAlipayTimestamp: "\(field(0, 4))-\(field(4, 2))-\(field(6, 2)) \(field(8, 2)):\(field(10, 2)):\(field(12, 2))")
    }

    /// Reads the `alipayTimestamp` form back; nil for anything else.
    public static func date(fromAlipayTimestamp text: String) -> Date? {
        let fields = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int($0) }
        guard text.count == 19, fields.count == 6, fields.allSatisfy({ $0 != nil }) else { return nil }
        let components = DateComponents(
            year: fields[0], month: fields[1], day: fields[2], hour: fields[3], minute: fields[4], second: fields[5])
        guard let date = calendar.date(from: components), alipayTimestamp(date) == text else { return nil }
        return date
    }

    private static func parts(_ date: Date) -> (day: String, time: String) {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return (
            String(format: "%04ld-%02ld-%02ld", c.year!, c.month!, c.day!),
            String(format: "%02ld:%02ld:%02ld", c.hour!, c.minute!, c.second!)
        )
    }
}
