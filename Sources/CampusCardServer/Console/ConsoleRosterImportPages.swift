import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The roster imported from the browser (`RosterImportDesk`): the upload form and the school's
/// latest imports; the upload (multipart, up to `RosterImportDesk.maxFileBytes`, the only route
/// whose body may be that large), answered at once with the import's page while the import runs
/// in the background (`RosterImportRuns`); the import's page, and its state as JSON for the
/// page's script. A refusal the clerk can act on (no file, not UTF-8, too large, another import
/// running) is said on the form with the API's status.
struct ConsoleRosterImportPages {
    func form(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        return try await Self.formPage(desk, try desk.ownSchool(), error: nil, req)
    }

    func upload(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let school = try desk.ownSchool()
        // Before a byte of the file is read.
        try desk.staff.require(.serveCardholders, in: school)
        do {
            let form = try await Self.form(req)
            guard form._csrf == req.consoleFormToken(session: desk.token) else { throw CardError.formExpired }
            let upload = try await RosterImportDesk(try req.services, progress: try req.progressStore).begin(
                file: form.file.map { Array(buffer: $0.data) } ?? [], fileName: form.file?.filename, by: desk.staff, school: school)
            try Self.launch(upload, school: school, by: desk.staff, on: req.application)
            return .seeOther(RosterImportPage.importPath(upload.record.id), req)
        } catch let refused as CardError where Self.saidOnTheForm.contains(refused.code) {
            return try await Self.formPage(desk, school, error: refused, status: refused.code.httpStatus, req)
        }
    }

    /// `/console/roster/imports/{id}` (the page) and `…/{id}.json` (its state, for the script).
    func show(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let school = try desk.ownSchool()
        let named = req.parameters.get("import") ?? ""
        let json = named.hasSuffix(".json")
        guard let id = Int64(json ? String(named.dropLast(5)) : named), id > 0 else { throw CardError.notFound("roster import") }
        let imports = RosterImportDesk(try req.services, progress: try req.progressStore)
        let record = try await imports.record(id, by: desk.staff, school: school)
        if json {
            let response = Response(status: .ok)
            try response.content.encode(RosterImportStatusDTO(record))
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
        let refusals =
            record.status == .done
            ? try await imports.refusals(record, page: req.query[Int.self, at: "page"] ?? 1, by: desk.staff, school: school) : nil
        let page = RosterImportProgressPage(staff: desk.staff, record: record, refusals: refusals)
        return .page(page.render(req.consoleContext(desk)), req)
    }

    static let saidOnTheForm: Set<CardError.Code> = [.invalidField, .rosterFileInvalid, .rosterImportRunning, .fileTooLarge]

    /// The form's parts: the token and the file.
    struct UploadForm: Decodable {
        var _csrf: String?
        var file: File?
    }

    /// What the upload may take beyond the file: the form's token and the parts' headers.
    static let formOverhead = 64 * 1024

    /// The body read up to the limit (the route streams it: Vapor's default takes 16 KB), then
    /// its parts. A larger one is refused before it is read when it says its length, else once
    /// the limit is passed.
    private static func form(_ req: Request) async throws -> UploadForm {
        let limit = RosterImportDesk.maxFileBytes + formOverhead
        let tooLarge = CardError.fileTooLarge(maxBytes: RosterImportDesk.maxFileBytes)
        if let length = req.headers.first(name: .contentLength).flatMap(Int.init), length > limit { throw tooLarge }
        let body: ByteBuffer?
        do {
            body = try await req.body.collect(max: limit).get()
        } catch let abort as any AbortError where abort.status == .payloadTooLarge {
            throw tooLarge
        }
        // A body handed over whole (as the tests' in-memory requests are) was not measured on the way.
        guard (body?.readableBytes ?? 0) <= limit else { throw tooLarge }
        guard let form = try? req.content.decode(UploadForm.self) else { throw CardError.formExpired }
        return form
    }

    /// Runs the import after the answer, with the application's time and log, on the database's
    /// connections for background work.
    private static func launch(
        _ upload: RosterImportDesk.Upload, school: SchoolRecord, by staff: StaffMember, on app: Application
    ) throws {
        let loop = app.eventLoopGroup.any()
        var context = try app.services(logger: app.logger)
        context.store = try app.backgroundStore(logger: app.logger, on: loop)
        let imports = RosterImportDesk(context, progress: try app.progressStore(logger: app.logger, on: loop))
        app.rosterImportRuns.launch {
            await imports.run(upload, school: school, by: staff, clock: { app.clock.now() })
        }
    }

    private static func formPage(
        _ desk: ConsoleDesk, _ school: SchoolRecord, error: CardError?, status: HTTPStatus = .ok, _ req: Request
    ) async throws -> Response {
        let recent = try await RosterImportDesk(try req.services, progress: try req.progressStore).recent(by: desk.staff, school: school)
        let page = RosterImportPage(staff: desk.staff, recent: recent, error: error)
        return .page(page.render(req.consoleContext(desk)), status: status, req)
    }
}

/// An import's state as the progress page's script reads it.
struct RosterImportStatusDTO: Content {
    var id: Int64
    /// running, done, failed, interrupted
    var status: String
    var rows_total: Int
    var rows_written: Int
    var created: Int
    var updated: Int
    var unchanged: Int
    var refused: Int

    init(_ record: RosterImportRecord) {
        (id, status, rows_total, rows_written) = (record.id, record.status.rawValue, record.rowsTotal, record.rowsWritten)
        (created, updated, unchanged, refused) = (record.created, record.updated, record.unchanged, record.refused)
    }
}
