import CampusCardCore
import Foundation
import SwiftCSV

/// What an import did: counts, and every refused row with its line and the reason.
public struct RosterImportReport: Sendable, Equatable {
    public struct Problem: Sendable, Equatable {
        public var line: Int
        public var error: CardError
    }

    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var problems: [Problem] = []
}

/// A roster file read and validated, before anything touches the database.
struct ParsedRoster {
    var entries: [(line: Int, entry: RosterEntry)] = []
    var problems: [RosterImportReport.Problem] = []

    /// Line numbers count the header as line 1. Rows repeating a 学工号 or card number already
    /// seen in the file are refused, so the file means one thing.
    init(csv text: String, settings: SchoolSettings) throws(CardError) {
        var body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        // SwiftCSV drops an empty last field when the file does not end with a newline.
        if !body.hasSuffix("\n") { body += "\n" }
        let csv: CSV<Enumerated>
        do {
            csv = try CSV<Enumerated>(string: body, delimiter: .comma, loadColumns: false)
        } catch {
            throw .rosterFileInvalid("不是有效的CSV文件", "it is not a valid CSV file")
        }
        var columns: [RosterEntry.Column] = []
        for header in csv.header {
            guard let column = RosterEntry.Column(header: header) else {
                throw .rosterFileInvalid("未知的列“\(header)”", "unknown column “\(header)”")
            }
            columns.append(column)
        }
        for required in RosterEntry.Column.allCases where required.isRequired && !columns.contains(required) {
            throw .rosterFileInvalid("缺少“\(required.chineseHeader)”列", "the column \(required.rawValue) is missing")
        }
        var seenStaff = Set<String>()
        var seenCards = Set<String>()
        for (index, row) in csv.rows.enumerated() {
            let line = index + 2
            guard row.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { continue }
            guard row.count == columns.count else {
                problems.append(
                    .init(
                        line: line,
                        error: .rosterFileInvalid(
                            "本行有\(row.count)列，表头有\(columns.count)列", "this row has \(row.count) fields, the header \(columns.count)")))
                continue
            }
            do {
                let entry = try RosterEntry(fields: Dictionary(zip(columns, row), uniquingKeysWith: { a, _ in a }), settings: settings)
                guard seenStaff.insert(entry.staffNumber.rawValue).inserted else {
                    throw CardError.invalidField("staff_number", zh: "与文件中前面的行重复", en: "repeats an earlier row of this file")
                }
                guard seenCards.insert(entry.cardNumber.rawValue).inserted else {
                    throw CardError.invalidField("card_number", zh: "与文件中前面的行重复", en: "repeats an earlier row of this file")
                }
                entries.append((line, entry))
            } catch let error as CardError {
                problems.append(.init(line: line, error: error))
            } catch {
                problems.append(.init(line: line, error: .internalError))
            }
        }
    }
}
