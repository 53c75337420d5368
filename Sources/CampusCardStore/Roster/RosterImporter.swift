import CampusCardCore
import Foundation
import SQLKit

/// Imports a school's roster file: every valid row in one transaction, every bad row reported
/// with its line. Importing the same file again changes nothing; a changed row updates the
/// cardholder's roster data and never their money or their card.
public struct RosterImporter: Sendable {
    let db: StoreDatabase
    let secrets: CardSecretHasher

    public init(_ db: StoreDatabase, secrets: CardSecretHasher) {
        self.db = db
        self.secrets = secrets
    }

    /// How often `progress` is told while rows are checked, and how many new cardholders one
    /// insert writes (each batch is three statements; it is also how far the progress moves at a
    /// time while they are written).
    static let progressEvery = 250
    static let insertBatch = 500

    /// `progress` is told (rows done, rows in all) as the import goes: a row is done once it is
    /// written (a new cardholder, after its batch's insert; a changed one, after its update) or
    /// found unchanged or refused. It is called inside the import's transaction and must not wait.
    /// A cancelled task's import stops at the next step and rolls back (`CancellationError`).
    public func importRoster(
        csv text: String, school: SchoolRecord, actor: String, at: Date, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> RosterImportReport {
        let parsed = try ParsedRoster(csv: text, settings: school.settings)
        let secrets = self.secrets
        let total = parsed.entries.count
        progress(0, total)
        var report = try await db.transaction { sql in
            var report = RosterImportReport(problems: parsed.problems)
            let campuses = Dictionary(uniqueKeysWithValues: try await SchoolStore(sql).campuses(of: school.id).map { ($0.code, $0.id) })
            let existing = try await RosterRows(sql).existing(schoolID: school.id)
            var fresh: [(line: Int, entry: RosterEntry, campusID: Int64?)] = []
            var settled = 0
            for (index, (line, entry)) in parsed.entries.enumerated() {
                if index % Self.progressEvery == 0 {
                    try Task.checkCancellation()
                    progress(settled, total)
                }
                var campusID: Int64?
                if let campus = entry.campus {
                    guard let id = campuses[campus] else {
                        report.problems.append(.init(line: line, error: .unknownCampus(campus.rawValue)))
                        settled += 1
                        continue
                    }
                    campusID = id
                }
                let cardOwner = existing.cardOwners[entry.cardNumber.rawValue]
                guard let current = existing.cardholders[entry.staffNumber.rawValue] else {
                    if cardOwner != nil {
                        report.problems.append(
                            .init(line: line, error: .invalidField("card_number", zh: "已属于另一位持卡人", en: "belongs to another cardholder")))
                        settled += 1
                    } else {
                        fresh.append((line, entry, campusID))
                    }
                    continue
                }
                settled += 1
                guard cardOwner == current.id else {
                    report.problems.append(
                        .init(
                            line: line,
                            error: .invalidField(
                                "card_number", zh: "与在用卡号不同；换卡请到服务中心办理补卡",
                                en: "differs from the card on file; cards are replaced at the service center")))
                    continue
                }
                if current.matches(entry, campusID: campusID, secrets: secrets) {
                    report.unchanged += 1
                } else {
                    try await RosterRows(sql).update(
                        cardholderID: current.id, to: entry, campusID: campusID,
                        secretHash: current.secretHash(for: entry, secrets: secrets), at: at)
                    report.updated += 1
                }
            }
            progress(settled, total)
            try await RosterRows(sql).insert(
                fresh.map { ($0.entry, $0.campusID) }, schoolID: school.id, secrets: secrets, at: at, batch: Self.insertBatch
            ) { inserted in
                try Task.checkCancellation()
                progress(settled + inserted, total)
            }
            report.created = fresh.count
            try await AuditLog(sql).record(
                schoolID: school.id, actor: actor, action: "roster_import", subject: school.code.rawValue,
                detail: [
                    "created": "\(report.created)", "updated": "\(report.updated)", "unchanged": "\(report.unchanged)",
                    "refused": "\(report.problems.count)",
                ],
                at: at)
            return report
        }
        report.problems.sort { $0.line < $1.line }
        return report
    }
}
