import Foundation

/// A month's statement as CSV, in the school's time zone, with a byte-order mark so spreadsheet
/// programs read the Chinese headers as UTF-8.
public enum StatementCSV {
    public static func render(_ records: [PurseRecord], timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var lines = ["时间 time,类型 kind,金额 amount,余额 balance,说明 memo,流水号 transfer"]
        for record in records {
            lines.append(
                [
                    formatter.string(from: record.at), "\(record.kind.chineseName) \(record.kind.rawValue)", record.amount.yuanString,
                    record.balanceAfter?.yuanString ?? "", record.memo, "\(record.transferID)",
                ].map(field).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a field when it holds a separator, a quote or a line break; a leading = + - @ is
    /// neutralised so a spreadsheet never runs a memo as a formula.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+@".contains(first) || (first == "-" && Double(value) == nil) { value = "'" + value }
        guard value.contains(where: { ",\"\r\n".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
