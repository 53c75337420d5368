import CampusCardCore
import CampusCardDemo
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import CampusCardServer

/// The roster imported from the console: uploaded, run in the background with its progress
/// written from outside its transaction (seen by another server process while the rows are
/// being written), its bad rows listed by line; refused to an auditor, to a second import of the
/// same school while one runs, to a file too large, and another school's import is not found.
@Suite struct ConsoleRosterImportPagesTests {
    static let header = "staff_number,name,kind,campus,national_id\n"

    /// `count` new students (学工号 2027xxxxx), then the rows of `bad` at the lines they say.
    static func roster(_ count: Int, bad: [Int: String] = [:]) -> String {
        var csv = header
        var line = 2
        var written = 0
        while written < count || bad[line] != nil {
            if let row = bad[line] {
                csv += row + "\n"
            } else {
                csv += "2027\(String(format: "%05d", written)),\(name(written)),student,MAIN,\(nationalID(written))\n"
                written += 1
            }
            line += 1
        }
        return csv
    }

    /// 新生 and the number in Chinese digits (a real name has no Arabic ones).
    static func name(_ i: Int) -> String {
        "新生" + String(String(i).map { Array("零一二三四五六七八九")[$0.wholeNumberValue!] })
    }

    static func nationalID(_ i: Int) -> String {
        let body = "3101052001" + String(format: "%07d", i)
        return body + String(NationalID.checkCharacter(forFirst17: body)!)
    }

    static func importID(_ upload: TestingHTTPResponse) throws -> Int64 {
        let location = try #require(upload.headers.first(name: .location), "\(upload.status) \(upload.body.string.prefix(400))")
        return try #require(Int64(location.replacingOccurrences(of: "/console/roster/imports/", with: "")))
    }

    @Test(arguments: Engine.available)
    func aClerkUploadsARosterAndAnotherProcessSeesItsProgressWhileItsTransactionIsOpen(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(try await clerk.get("/console").body.string.contains(#"href="/console/roster""#))
            let form = try await clerk.get("/console/roster")
            let html = form.body.string
            #expect(form.status == .ok && html.contains(#"enctype="multipart/form-data""#))
            #expect(html.contains(#"type="file" accept=".csv,text/csv""#) && html.contains("学工号") && html.contains("national_id"))
            #expect(html.contains("本校还没有从管理台导入过名单"))
            let before = try await Self.cardholders(f)

            // given a second server process on the same database, and a file of 12,000 new
            // students with three bad rows
            let bad = [
                3: "2027x,坏行,student,MAIN,", 6000: "20279999,学生,robot,MAIN,", 9001: "20278888,外校区,student,MARS,\(Self.nationalID(99_999))",
            ]
            var seen: Set<Int> = []
            var openSeen = false
            var id: Int64 = 0
            try await f.restarted { other in
                var desk = PageBrowser(other)
                desk.cookies = clerk.cookies
                // when the clerk uploads it to the first
                let upload = try await clerk.upload(
                    "/console/roster", csrf: PageBrowser.formToken(form), file: Self.roster(12_000, bad: bad))
                #expect(upload.status == .seeOther)
                id = try Self.importID(upload)
                // then the second sees the rows being written, while the import's transaction has
                // committed none of them yet
                let deadline = Date().addingTimeInterval(300)
                while Date() < deadline {
                    let status = try await desk.get("/console/roster/imports/\(id).json").content.decode(Status.self)
                    guard status.status == "running" else { break }
                    if status.rows_total > 0, status.rows_written > 0, status.rows_written < status.rows_total {
                        seen.insert(status.rows_written)
                        if try await Self.cardholders(other) == before { openSeen = true }
                    }
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            #expect(seen.count >= 2, "the progress was seen moving between the first row and the last: \(seen.sorted())")
            #expect(openSeen, "…while the import's transaction was open (no new cardholder committed yet)")

            // and once done: the counts, and the bad rows by line with their reason
            let done = try await Self.finished(&clerk, id)
            #expect(done.status == "done" && done.created == 12_000 && done.refused == 3 && done.rows_written == done.rows_total)
            #expect(try await Self.cardholders(f) == before + 12_000)
            let page = try await clerk.get("/console/roster/imports/\(id)").body.string
            #expect(page.contains(#"id="created">12,000<"#) && page.contains(#"id="refused-count">3<"#))
            for line in [3, 6000, 9001] { #expect(page.contains(#"<td class="line">\#(line)</td>"#), "line \(line)") }
            #expect(page.contains("学工号") && page.contains("类别应为") && page.contains("该校没有校区“MARS”"))
            #expect(!page.contains("<progress"))
            let list = try await clerk.get("/console/roster").body.string
            #expect(list.contains("roster.csv") && list.contains("新增 12,000") && list.contains("/console/roster/imports/\(id)"))

            // importing the same file again changes nothing
            let again = try await clerk.upload(
                "/console/roster", csrf: try await clerk.consoleToken(), file: Self.roster(12_000, bad: bad))
            let second = try await Self.finished(&clerk, try Self.importID(again))
            #expect(second.created == 0 && second.unchanged == 12_000 && second.refused == 3)
        }
    }

    @Test(arguments: Engine.available)
    func refusedRowsArePagedAndAFileRefusedWholeSaysWhy(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            var bad: [Int: String] = [:]
            for line in 2..<152 { bad[line] = "1,x,student,MAIN," }
            let upload = try await clerk.upload("/console/roster", csrf: try await clerk.consoleToken(), file: Self.roster(5, bad: bad))
            let id = try Self.importID(upload)
            let done = try await Self.finished(&clerk, id)
            #expect(done.created == 5 && done.refused == 150)
            let first = try await clerk.get("/console/roster/imports/\(id)").body.string
            #expect(first.contains(#"<td class="line">101</td>"#) && !first.contains(#"<td class="line">102</td>"#), "a hundred to a page")
            #expect(first.contains("/console/roster/imports/\(id)?page=2#refused"))
            let second = try await clerk.get("/console/roster/imports/\(id)?page=2").body.string
            #expect(second.contains(#"<td class="line">151</td>"#) && !second.contains(#"<td class="line">101</td>"#))
            #expect(try await clerk.get("/console/roster/imports/\(id)?page=0").status == .unprocessableEntity)

            // a file whose header is wrong is refused whole, and its page says why
            let wrong = try await clerk.upload(
                "/console/roster", csrf: try await clerk.consoleToken(), file: "学工号,姓名,类别,血型\n20270001,张,学生,A\n")
            let failed = try await Self.finished(&clerk, try Self.importID(wrong))
            #expect(failed.status == "failed")
            let said = try await clerk.get("/console/roster/imports/\(try Self.importID(wrong))").body.string
            #expect(said.contains("导入失败，没有写入任何数据") && said.contains("未知的列“血型”"))
        }
    }

    @Test(arguments: Engine.available)
    func aSecondImportWhileOneRunsIsRefusedByTheDatabaseAndAnImportWhoseProcessDiedIsInterrupted(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let school = try #require(try await SchoolStore(f.app.store.sql).find(DemoSchool.code))
            // given an import running in another process (its row, as that process wrote it)
            let journal = RosterImportJournal(try f.app.progressStore(logger: f.app.logger, on: f.app.eventLoopGroup.any()))
            let running = try await journal.begin(schoolID: school.id, staffUsername: "demo-admin", fileName: "a.csv", at: AppFixture.now)

            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let refused = try await clerk.upload("/console/roster", csrf: try await clerk.consoleToken(), file: Self.roster(3))
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("本校已有一份名单正在导入") && refused.body.string.contains("/console/roster/imports/\(running.id)"))
            let english = try await clerk.get("/console/roster/imports/\(running.id).json")
            #expect(try english.content.decode(Status.self).status == "running")

            // two processes asking at once: the unique index lets exactly one through
            try await f.restarted { other in
                let theirs = RosterImportJournal(try other.app.progressStore(logger: other.app.logger, on: other.app.eventLoopGroup.any()))
                try await journal.fail(running.id, .internalError, at: AppFixture.now)
                async let first = Result.of {
                    try await journal.begin(schoolID: school.id, staffUsername: "x", fileName: "1.csv", at: AppFixture.now)
                }
                async let second = Result.of {
                    try await theirs.begin(schoolID: school.id, staffUsername: "y", fileName: "2.csv", at: AppFixture.now)
                }
                let answers = [await first, await second]
                #expect(answers.filter { (try? $0.get()) != nil }.count == 1)
                let loser = try #require(answers.compactMap { if case .failure(let e) = $0 { e as? CardError } else { nil } }.first)
                #expect(loser.code == .rosterImportRunning)
            }

            // when the process running it dies (its row goes unchanged for a minute), it shows as
            // interrupted and the next import starts
            f.clock.advance(RosterImportJournal.staleAfter + 1)
            let stuck = try #require(try await journal.recent(schoolID: school.id, limit: 1, now: f.clock.now).first)
            let page = try await clerk.get("/console/roster/imports/\(stuck.id)")
            #expect(page.body.string.contains("导入已中断") && !page.body.string.contains("<progress"))
            let next = try await clerk.upload("/console/roster", csrf: try await clerk.consoleToken(), file: Self.roster(3))
            #expect(next.status == .seeOther)
            #expect(try await Self.finished(&clerk, try Self.importID(next)).created == 3)
            let list = try await clerk.get("/console/roster").body.string
            #expect(list.contains("已中断，未导入"))
        }
    }

    @Test(arguments: Engine.available)
    func anAuditorAnotherSchoolAForgedFormAndAFileTooLargeAreRefused(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let id = try Self.importID(
                try await clerk.upload("/console/roster", csrf: try await clerk.consoleToken(), file: Self.roster(2)))
            _ = try await Self.finished(&clerk, id)

            // an auditor reads the imports but has no form, no link, and the upload is refused
            var auditor = try await f.consoleAuditor()
            #expect(!(try await auditor.get("/console").body.string.contains(#"href="/console/roster""#)))
            let read = try await auditor.get("/console/roster")
            #expect(
                read.status == .ok && !read.body.string.contains(#"type="file""#)
                    && read.body.string.contains("/console/roster/imports/\(id)"))
            let forbidden = try await auditor.upload("/console/roster", csrf: try await auditor.consoleToken(), file: Self.roster(2))
            #expect(forbidden.status == .forbidden)
            #expect(try await auditor.get("/console/roster/imports/\(id)").status == .ok)

            // another school's clerk finds no such import
            var other = try await f.otherSchoolConsoleClerk()
            for path in ["/console/roster/imports/\(id)", "/console/roster/imports/\(id).json"] {
                #expect(try await other.get(path).status == .notFound, "\(path)")
            }
            #expect(!(try await other.get("/console/roster").body.string.contains("/console/roster/imports/\(id)")))
            for path in [
                "/console/roster/imports/0", "/console/roster/imports/x.json", "/console/roster/imports/%00",
                "/console/roster/imports/99999",
            ] {
                #expect(try await clerk.get(path).status == .notFound, "\(path)")
            }

            // a form without the session's token, with no file, or not UTF-8
            let token = try await clerk.consoleToken()
            #expect(try await clerk.upload("/console/roster", csrf: "forged", file: Self.roster(2)).status == .forbidden)
            let empty = try await clerk.upload("/console/roster", csrf: token, file: "")
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("请选择要导入的名单文件"))
            let gbk = try await clerk.upload("/console/roster", csrf: token, bytes: [0xD1, 0xA7, 0xB9, 0xA4, 0xBA, 0xC5, 0x0A])
            #expect(gbk.status == .unprocessableEntity && gbk.body.string.contains("不是UTF-8编码"))
            let urlEncoded = try await clerk.post("/console/roster", ["_csrf": token])
            #expect(urlEncoded.status == .unprocessableEntity || urlEncoded.status == .forbidden)

            // a file over 20 MB is refused whole with 413, and nothing was started
            let large = [UInt8](repeating: UInt8(ascii: "a"), count: 21 * 1024 * 1024)
            let tooLarge = try await clerk.upload("/console/roster", csrf: token, bytes: large)
            #expect(tooLarge.status == .payloadTooLarge && tooLarge.body.string.contains("文件太大，最大20 MB"))
            let imports = try await f.app.progressStore(logger: f.app.logger, on: f.app.eventLoopGroup.any()).sql.raw(
                "SELECT id FROM roster_imports"
            ).all()
            #expect(imports.count == 1)
        }
    }

    struct Status: Decodable {
        var id: Int64
        var status: String
        var rows_total: Int
        var rows_written: Int
        var created: Int
        var updated: Int
        var unchanged: Int
        var refused: Int
    }

    /// The import's state once it is no longer running.
    static func finished(_ browser: inout PageBrowser, _ id: Int64) async throws -> Status {
        let deadline = Date().addingTimeInterval(300)
        while true {
            let status = try await browser.get("/console/roster/imports/\(id).json").content.decode(Status.self)
            if status.status != "running" || Date() > deadline { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func cardholders(_ f: AppFixture) async throws -> Int {
        try await f.app.store.sql.raw("SELECT COUNT(*) AS n FROM cardholders").first(decodingColumn: "n", as: Int.self) ?? 0
    }
}

extension PageBrowser {
    /// Posts `file` as the upload form does (multipart, with the token), named roster.csv.
    mutating func upload(_ path: String, csrf: String, file: String) async throws -> TestingHTTPResponse {
        try await upload(path, csrf: csrf, bytes: Array(file.utf8))
    }

    mutating func upload(_ path: String, csrf: String, bytes: [UInt8], fileName: String = "roster.csv") async throws
        -> TestingHTTPResponse
    {
        let boundary = "----campuscard\(UInt32.random(in: 0...UInt32.max))"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: text/csv\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = self.headers
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        let response = try await fixture.app.testing().sendRequest(.POST, String(path.dropFirst()), headers: headers, body: body)
        #expect(response.status.code < 500, "POST \(path): \(response.status) \(response.body.string.prefix(300))")
        return response
    }
}
