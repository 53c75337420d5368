import CampusCardCore
import CampusCardStore
import Foundation

/// A school's roster imported from the console: the file checked and the import recorded as
/// running (one a school at a time, whichever process is asked), then imported in the background
/// by `RosterImporter`, the command line's importer (every valid row in one transaction, every
/// bad row by its line), while its progress is written to the progress database every few
/// hundred rows by a connection of its own, so any process shows how far it has got.
public struct RosterImportDesk: Sendable {
    let context: ServiceContext
    let journal: RosterImportJournal

    /// `progress`: the progress database (`DatabaseLocation.progress`).
    public init(_ context: ServiceContext, progress: StoreDatabase) {
        self.context = context
        journal = RosterImportJournal(progress)
    }

    /// The largest file taken: 20 MB, some 300,000 rows.
    public static let maxFileBytes = 20 * 1024 * 1024
    public static let recentCount = 10
    public static let refusalsPerPage = 100

    /// A file accepted for import and its record, to be run (`run`).
    public struct Upload: Sendable {
        public var record: RosterImportRecord
        public var csv: String
    }

    /// Checks who asks (`.serveCardholders`) and the file (UTF-8 text, not empty), then records
    /// the import as running; a school's second import while one runs is refused
    /// (`roster_import_running`).
    public func begin(file: [UInt8], fileName: String?, by staff: StaffMember, school: SchoolRecord) async throws -> Upload {
        try staff.require(.serveCardholders, in: school)
        guard !file.isEmpty else {
            throw CardError.invalidField("file", zh: "请选择要导入的名单文件（CSV）", en: "choose the roster file (CSV) to import")
        }
        guard file.count <= Self.maxFileBytes else { throw CardError.fileTooLarge(maxBytes: Self.maxFileBytes) }
        guard let csv = String(validating: file, as: UTF8.self) else {
            throw CardError.rosterFileInvalid("文件不是UTF-8编码的文本，请在表格软件中另存为“CSV UTF-8”", "the file is not UTF-8 text; save it as “CSV UTF-8”")
        }
        let record = try await journal.begin(
            schoolID: school.id, staffUsername: staff.username, fileName: Self.displayName(fileName), at: context.now)
        return Upload(record: record, csv: csv)
    }

    /// Imports the file to the end and records what came of it: the counts and every refused row,
    /// or why nothing was written. Throws nothing: whatever happens is in the record. `clock`
    /// gives the time of each progress write.
    public func run(_ upload: Upload, school: SchoolRecord, by staff: StaffMember, clock: @escaping @Sendable () -> Date) async {
        let id = upload.record.id
        let reporter = ProgressReporter(journal: journal, id: id, clock: clock, logger: context)
        do {
            let report = try await RosterImporter(context.store, secrets: context.masterKey.cardSecrets).importRoster(
                csv: upload.csv, school: school, actor: "staff:\(staff.username)", at: clock(), progress: reporter.report)
            let total = await reporter.stop()
            try await journal.finish(id, report: report, rowsTotal: total, at: clock())
        } catch {
            _ = await reporter.stop()
            let refusal: CardError
            switch error {
            case let error as CardError: refusal = error
            case is CancellationError: refusal = Self.stopped
            case _ where StoreDatabase.isBusy(error): refusal = .serviceBusy
            case _ where StoreDatabase.isUnavailable(error): refusal = .databaseUnavailable
            default:
                context.logger.error("roster import \(id) failed: \(String(reflecting: error))")
                refusal = .internalError
            }
            do {
                try await journal.fail(id, refusal, at: clock())
            } catch {
                context.logger.error("roster import \(id): its failure could not be recorded: \(String(reflecting: error))")
            }
        }
    }

    /// The server stopped under the import, which rolled back.
    static let stopped = CardError(
        .serviceBusy, zh: "服务器在导入完成前停止，没有写入任何数据。请重新导入该文件。",
        en: "The server stopped before the import finished, and nothing of it was written. Import the file again.")

    /// One import of the staff member's school; another school's is not found.
    public func record(_ id: Int64, by staff: StaffMember, school: SchoolRecord) async throws -> RosterImportRecord {
        try staff.require(.read, in: school)
        guard let record = try await journal.record(id, schoolID: school.id, now: context.now) else {
            throw CardError.notFound("roster import")
        }
        return record
    }

    /// A page of an import's refused rows, by line.
    public struct Refusals: Sendable {
        public var rows: [RosterImportRecord.Refusal]
        public var page: Int
        public var hasMore: Bool

        public init(rows: [RosterImportRecord.Refusal], page: Int, hasMore: Bool) {
            (self.rows, self.page, self.hasMore) = (rows, page, hasMore)
        }
    }

    public func refusals(_ record: RosterImportRecord, page: Int, by staff: StaffMember, school: SchoolRecord) async throws -> Refusals {
        try staff.require(.read, in: school)
        guard page >= 1, page <= 10_000 else { throw CardError.invalidField("page", zh: "页码应为 1–10000", en: "page is 1 to 10000") }
        let all = try await journal.refusals(record.id, schoolID: school.id)
        let start = min((page - 1) * Self.refusalsPerPage, all.count)
        let end = min(start + Self.refusalsPerPage, all.count)
        return Refusals(rows: Array(all[start..<end]), page: page, hasMore: end < all.count)
    }

    /// The school's latest imports, newest first.
    public func recent(by staff: StaffMember, school: SchoolRecord) async throws -> [RosterImportRecord] {
        try staff.require(.read, in: school)
        return try await journal.recent(schoolID: school.id, limit: Self.recentCount, now: context.now)
    }

    /// The file's own name as the browser sent it, without any folder, control character or
    /// excess length.
    static func displayName(_ sent: String?) -> String {
        let last = (sent ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.prefix(100))
            .trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? "roster.csv" : clean
    }
}

/// Writes an import's progress from outside its transaction: the importer is told each step and
/// goes on at once; one writer task writes the newest step it has not written yet (so a slow
/// write skips steps, never holds up the import), and a heartbeat keeps the row fresh while a
/// step takes long (reading a large file, a slow batch) so that it is not taken as interrupted.
final class ProgressReporter: Sendable {
    private let steps: AsyncStream<(Int, Int)>.Continuation
    private let writer: Task<Int, Never>
    private let heartbeat: Task<Void, Never>

    init(journal: RosterImportJournal, id: Int64, clock: @escaping @Sendable () -> Date, logger context: ServiceContext) {
        let (stream, steps) = AsyncStream.makeStream(of: (Int, Int).self, bufferingPolicy: .bufferingNewest(1))
        self.steps = steps
        writer = Task {
            var total = 0
            for await (done, all) in stream {
                total = all
                do {
                    try await journal.progress(id, rowsWritten: done, rowsTotal: all, at: clock())
                } catch {
                    context.logger.warning("roster import \(id): progress not written: \(String(reflecting: error))")
                }
            }
            return total
        }
        heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(RosterImportJournal.heartbeat))
                guard !Task.isCancelled else { return }
                try? await journal.progress(id, rowsWritten: nil, rowsTotal: nil, at: clock())
            }
        }
    }

    /// A step of the import (rows done, rows in all); returns at once.
    @Sendable func report(_ done: Int, _ total: Int) {
        steps.yield((done, total))
    }

    /// Ends the writes once the last step is written; the rows in all.
    func stop() async -> Int {
        heartbeat.cancel()
        steps.finish()
        await heartbeat.value
        return await writer.value
    }
}
