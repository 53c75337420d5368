import Foundation
import SwiftCSV

/// The CSV both channels' bills are written in, read with SwiftCSV by column name (the channels
/// say the order of columns may change, their names do not).
struct BillCSV {
    let header: [String]
    let rows: [[String: String]]

    /// `text`: the header line and the rows only (comment and summary lines already set aside);
    /// `clean` strips what a channel puts around each field (WeChat Pay's backtick, Alipay's tab).
    init(_ text: String, clean: (String) -> String) throws {
        // SwiftCSV drops an empty last field when the text does not end with a newline.
        let body = text.hasSuffix("\n") ? text : text + "\n"
        let csv: CSV<Enumerated>
        do {
            csv = try CSV<Enumerated>(string: body, delimiter: .comma, loadColumns: false)
        } catch {
            throw ChannelError.malformedBody("bill CSV: \(error)")
        }
        header = csv.header.map(clean)
        var rows: [[String: String]] = []
        for (number, row) in csv.rows.enumerated() {
            guard row.count == header.count else {
                throw ChannelError.malformedBody("bill CSV row \(number + 1): \(row.count) fields, the header has \(header.count)")
            }
            rows.append(Dictionary(zip(header, row.map(clean)), uniquingKeysWith: { first, _ in first }))
        }
        self.rows = rows
    }

    /// Every column the reading needs must be in the header, or the file is not the bill we know.
    func require(_ columns: [String]) throws {
        for column in columns where !header.contains(column) { throw ChannelError.missingField("bill column \(column)") }
    }

    /// A CSV field as the channels quote one: only when it holds a comma, quote or line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
