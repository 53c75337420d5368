import CampusCardCore
import CampusCardDemo
import CampusCardServer
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Binding a campus card to a phone through each channel, and every way it is refused.
@Suite struct BindingRoutesTests {
    @Test(arguments: Engine.available)
    func bindsThroughEachChannelAndShowsTheCard(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given the demo student arriving from each of the three channels
            for channel in BindingChannel.allCases {
                let phone = try await Phone.signIn(f, channel, user: "user-\(channel.rawValue)")
                // when they bind (the first channel sets the payment password, the others repeat it)
                let res = try await phone.bind()
                // then they see the card, its balance and the latest records
                #expect(res.status == .ok, "\(res.body.string)")
                let body = try res.content.decode(BindingBody.self)
                #expect(body.binding.channel == channel.rawValue)
                #expect(body.binding.staff_number == "20260001")
                #expect(body.balance_fen == 10_000)
                #expect(!body.records.isEmpty)
                let card = try await phone.send(.GET, "bindings/\(body.binding.id)")
                #expect(card.status == .ok)
                let list = try await phone.send(.GET, "bindings")
                #expect(try list.content.decode([BindingBody.Binding].self).map(\.id) == [body.binding.id])
            }
            // and one card is bound in three channels at once
            let rows = try await f.app.store.sql.raw("SELECT channel FROM bindings").all()
            #expect(rows.count == 3)
        }
    }

    @Test(arguments: Engine.available)
    func mismatchesAreRefusedWithoutSayingWhichFieldAndChangeNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000001")
            // a wrong name (case matters for Latin letters), a wrong password, a wrong campus: the same answer
            for change in [["name": "张四"], ["initial_password": "011234"], ["campus": "EAST"], ["staff_number": "20260999"]] {
                let res = try await phone.bind(change)
                #expect(res.status == .unprocessableEntity)
                #expect(res.errorCode == "info_mismatch")
                let error = try res.content.decode(ErrorBody.self)
                #expect(error.message_zh.contains("信息不匹配") && error.message_zh.contains("服务中心"))
            }
            // a phone number as 学工号 has its own message
            let phoneNumber = try await phone.bind(["staff_number": "13800138000"])
            #expect(phoneNumber.errorCode == "staff_number_is_phone_number")
            // trivial payment passwords are refused, and so is the initial password
            for weak in ["111111", "123456", "987654", "011235"] {
                #expect(try await phone.bind(["payment_password": weak]).errorCode == "payment_password_weak")
            }
            #expect(try await phone.bind(["payment_password": "12345a"]).errorCode == "payment_password_format")
            // unknown school or campus, wrong types, missing fields
            #expect(try await phone.bind(["school": "NOPE"]).errorCode == "unknown_school")
            #expect(try await phone.bind(["campus": "WEST"]).errorCode == "unknown_campus")
            #expect(try await phone.bind(["staff_number": 20_260_001]).errorCode == "malformed_request")
            #expect(try await phone.bind(["name": NSNull()]).errorCode == "malformed_request")
            #expect(try await phone.bind(["name": String(repeating: "张", count: 65)]).errorCode == "name_invalid")
            let rows = try await f.app.store.sql.raw("SELECT id FROM bindings").all()
            #expect(rows.isEmpty)
            let passwords = try await f.app.store.sql.raw("SELECT cardholder_id FROM payment_passwords").all()
            #expect(passwords.isEmpty)
        }
    }

    @Test(arguments: Engine.available)
    func faceCertificationsMustBePassedFreshTheirOwnAndUnused(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .wechat, user: "o-wechat-user-1")
            // unknown, unfinished and failed certifications are refused
            #expect(try await phone.bind(face: "CCnotone").errorCode == "face_verification_invalid")
            #expect(try await phone.bind(face: try await phone.face(passed: nil)).errorCode == "face_verification_invalid")
            #expect(try await phone.bind(face: try await phone.face(passed: false)).errorCode == "face_verification_invalid")
            // one another user started, one started in another channel, one for another holder
            let other = try await Phone.signIn(f, .wechat, user: "o-wechat-user-2")
            #expect(try await phone.bind(face: try await other.face()).errorCode == "face_verification_invalid")
            let alipay = try await Phone.signIn(f, .alipay, user: "o-wechat-user-1")
            #expect(try await phone.bind(face: try await alipay.face()).errorCode == "face_verification_invalid")
            #expect(try await phone.bind(face: try await phone.face(staffNumber: "20169001")).errorCode == "face_verification_invalid")
            // a stale one
            let old = try await phone.face()
            f.clock.advance(6 * 60)
            #expect(try await phone.bind(face: old).errorCode == "face_verification_stale")
            // the passed, fresh one binds; used again it is a replay
            let fresh = try await phone.face()
            #expect(try await phone.bind(face: fresh).status == .ok)
            let binding = try await f.app.store.sql.raw("SELECT id FROM bindings").first(decodingColumn: "id", as: Int64.self) ?? 0
            let replay = try await phone.send(
                .POST, "bindings/\(binding)/verification", ["payment_password": "285713", "face_certification_id": fresh])
            #expect(replay.errorCode == "face_verification_replayed")
        }
    }

    @Test(arguments: Engine.available)
    func theFaceStepChecksTheIDNumberAgainstTheRosterAndKeepsItNowhere(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000009")
            let malformed = try await phone.send(
                .POST, "face-certifications",
                ["school": "DEMO", "staff_number": "20260001", "name": "张三", "id_number": "44030520000101123", "return_url": "https://x/"])
            #expect(malformed.errorCode == "national_id_invalid")
            // a well-formed number that is not the holder's: refused, counted toward the card's lock
            let other = try await phone.send(
                .POST, "face-certifications",
                ["school": "DEMO", "staff_number": "20260001", "name": "张三", "id_number": "11010519491231002X", "return_url": "https://x/"])
            #expect(other.errorCode == "info_mismatch")
            let international = try await phone.send(
                .POST, "face-certifications",
                [
                    "school": "DEMO", "staff_number": "20269001", "name": "Anna Smith", "id_number": "11010519491231002X",
                    "return_url": "https://x/",
                ])
            #expect(international.errorCode == "invalid_field")
            // the right one starts Alipay's certification: the phone goes to the signed certify URL of the gateway
            let started = try #require(try await phone.startFace())
            #expect(started.url.hasPrefix("/sandbox/alipay/gateway.do?") && started.url.contains("method=alipay.user.certify.open.certify"))
            for table in ["face_certifications", "face_verifications_used", "binding_attempts"] {
                let rows = try await f.app.store.sql.raw("SELECT * FROM \(unsafeRaw: table)").all()
                #expect(
                    !rows.contains { row in
                        row.allColumns.contains { (try? row.decode(column: $0, as: String.self))?.contains("440305") == true }
                    })
            }
        }
    }

    @Test(arguments: Engine.available)
    func bindingWithAnAlipayCertificationTheServerQueried(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000010")
            let started = try #require(try await phone.startFace())
            // before the cardholder finishes, Alipay's answer to the server is not a pass
            #expect(try await phone.bind(face: started.certification_id).errorCode == "face_verification_invalid")
            try await Phone.complete(started.url, passed: true, f)
            let bound = try await phone.bind(face: started.certification_id)
            #expect(bound.status == .ok, "\(bound.body.string)")
            #expect(try bound.content.decode(BindingBody.self).binding.channel == "alipay")
        }
    }

    @Test(arguments: Engine.available)
    func fiveWrongPasswordsLockPhoneAccessAcrossARestartUntilStaffUnlock(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .schoolApp, user: "20260001")
            for attempt in 1...4 {
                let res = try await phone.bind(["initial_password": "00000\(attempt)"])
                #expect(res.errorCode == "info_mismatch")
            }
            let fifth = try await phone.bind(["initial_password": "000005"])
            #expect(fifth.status.code == 423)
            #expect(fifth.errorCode == "phone_access_locked")
            #expect(try fifth.content.decode(ErrorDetails.self).details["locked_until_local"] == "2026-09-21 22:43")
            // the right answers do not open it
            #expect(try await phone.bind().errorCode == "phone_access_locked")
            // a new server process sees the lock
            try await f.restarted { g in
                let again = Phone(fixture: g, channel: phone.channel, user: phone.user, device: phone.device, token: phone.token)
                #expect(try await again.bind().errorCode == "phone_access_locked")
                // a clerk lifts it at the counter, and the cardholder binds
                let token = try await g.signIn("demo-clerk")
                let unlock = try await g.send(
                    .DELETE, "api/v1/console/cardholders/20260001/phone-lock", headers: ["Authorization": "Bearer \(token)"])
                #expect(unlock.status == .noContent)
                #expect(try await again.bind().status == .ok)
                let audit = try await g.app.store.sql.raw("SELECT actor FROM audit_log WHERE action = 'phone_access_unlocked'").all()
                #expect(audit.count == 1)
            }
        }
    }

    @Test(arguments: Engine.available)
    func theCountersUnlockClearsTheAttemptsThatLockedTheCardholderOutAndNoOthers(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given five wrong passwords (locked), and five more tries while locked: ten in the window
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000020")
            for attempt in 1...5 { _ = try await phone.bind(["initial_password": "00000\(attempt)"]) }
            for _ in 1...5 { #expect(try await phone.bind().errorCode == "phone_access_locked") }
            let held = try await phone.bind()
            #expect(held.status == .tooManyRequests)
            let details = try held.content.decode(ErrorDetails.self).details
            #expect(details["limit"] == "account" && details["attempts"] == "10" && details["window_minutes"] == "15")
            #expect(details["retry_at"] == "2026-09-21T14:28:20Z")
            // and another phone's attempts on another card
            let other = try await Phone.signIn(f, .alipay, user: "2088000000000021")
            _ = try await other.bind(["staff_number": "20169001", "name": "李老师", "campus": "EAST", "initial_password": "000000"])
            // when the clerk unlocks the card at the counter
            let token = try await f.signIn("demo-clerk")
            let unlock = try await f.send(
                .DELETE, "api/v1/console/cardholders/20260001/phone-lock", headers: ["Authorization": "Bearer \(token)"])
            #expect(unlock.status == .noContent)
            // then the cardholder binds at once, and the other card's attempt still counts
            #expect(try await phone.bind().status == .ok)
            let left = try await f.app.store.sql.raw("SELECT subject FROM binding_attempts").all().map {
                try $0.decode(column: "subject", as: String.self)
            }
            #expect(left.contains { $0.hasSuffix(":20169001") })
        }
    }

    @Test(arguments: Engine.available)
    func aStaffNumberTypedInFullWidthDigitsWithSpacesAroundBinds(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .wechat, user: "o-fullwidth")
            let res = try await phone.bind(["staff_number": " ２０２６０００１\u{3000}"])
            #expect(res.status == .ok, "\(res.body.string)")
            #expect(try res.content.decode(BindingBody.self).binding.staff_number == "20260001")
        }
    }

    @Test(arguments: Engine.available)
    func aLockRunsOutAfterTheSchoolsMinutes(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000002")
            for attempt in 1...5 { _ = try await phone.bind(["initial_password": "00000\(attempt)"]) }
            #expect(try await phone.bind().errorCode == "phone_access_locked")
            f.clock.advance(31 * 60)
            #expect(try await phone.bind().status == .ok)
        }
    }

    @Test(arguments: Engine.available)
    func aNewPhoneMustVerifyBeforeUsingTheCardAndCanBeRevoked(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let old = try await Phone.signIn(f, .alipay, user: "2088000000000003", device: "old-phone-0001")
            let bound = try await old.bind()
            let id = try bound.content.decode(BindingBody.self).binding.id
            // the same Alipay account on a new phone: the binding is there, the card is not usable yet
            let new = try await Phone.signIn(f, .alipay, user: "2088000000000003", device: "new-phone-0002")
            #expect(try await new.send(.GET, "bindings").status == .ok)
            #expect(try await new.send(.GET, "bindings/\(id)").errorCode == "device_not_verified")
            // a wrong payment password is refused (and counted)
            let wrong = try await new.send(
                .POST, "bindings/\(id)/verification", ["payment_password": "385713", "face_certification_id": try await new.boundFace(id)])
            #expect(wrong.errorCode == "payment_password_wrong")
            #expect(try wrong.content.decode(ErrorDetails.self).details["tries_left"] == "4")
            // payment password and face: the new phone may use the card
            let verified = try await new.send(
                .POST, "bindings/\(id)/verification", ["payment_password": "285713", "face_certification_id": try await new.boundFace(id)])
            #expect(verified.status == .ok, "\(verified.body.string)")
            #expect(try await new.send(.GET, "bindings/\(id)").status == .ok)
            let devices = try await new.send(.GET, "bindings/\(id)/devices")
            #expect(try devices.content.decode([DeviceBody].self).map(\.device_id).sorted() == ["new-phone-0002", "old-phone-0001"])
            // the new phone revokes the old one, which stops working at once
            #expect(try await new.send(.DELETE, "bindings/\(id)/devices/old-phone-0001").status == .noContent)
            #expect(try await old.send(.GET, "bindings/\(id)").errorCode == "device_not_verified")
            // a session is tied to its device
            var stolen = new
            stolen = Phone(fixture: f, channel: .alipay, user: stolen.user, device: "other-device-9", token: new.token)
            #expect(try await stolen.send(.GET, "bindings").status == .unauthorized)
            // removing the binding leaves the card and its money alone
            #expect(try await new.send(.DELETE, "bindings/\(id)").status == .noContent)
            #expect(try await new.send(.GET, "bindings/\(id)").errorCode == "not_found")
        }
    }

    @Test(arguments: Engine.available)
    func oneChannelIdentityBindsOneCardPerSchoolEvenWhenRacing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given one WeChat user on two phones, binding two different cards at the same moment
            let first = try await Phone.signIn(f, .wechat, user: "o-racer", device: "racer-phone-1")
            let second = try await Phone.signIn(f, .wechat, user: "o-racer", device: "racer-phone-2")
            let faces = (try await first.face(), try await second.face(staffNumber: "20169001"))
            async let a = first.bind(face: faces.0)
            async let b = second.bind(
                [
                    "staff_number": "20169001", "name": "李老师", "campus": "EAST", "initial_password": "154565",
                ], face: faces.1)
            let results = try await [a, b]
            // then exactly one wins
            #expect(results.filter { $0.status == .ok }.count == 1)
            #expect(results.filter { $0.errorCode == "channel_identity_bound" }.count == 1)
            // and a second WeChat account cannot take the bound card
            let other = try await Phone.signIn(f, .wechat, user: "o-someone")
            let winner =
                results[0].status == .ok
                ? [String: Any]() : ["staff_number": "20169001", "name": "李老师", "campus": "EAST", "initial_password": "154565"]
            #expect(try await other.bind(winner).errorCode == "card_bound_in_channel")
        }
    }

    @Test(arguments: Engine.available)
    func internationalStudentsNeedTheirPassportRegisteredAndTheCenterForTheirFace(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given an international student the roster lists without a passport number
            let school = try #require(try await SchoolStore(f.app.store.sql).find(DemoSchool.code))
            _ = try await RosterImporter(f.app.store, secrets: f.key.cardSecrets).importRoster(
                csv:
                    "staff_number,name,kind,campus,national_id,passport,leave_date,card_number\n20269002,Jean Dupont,international,MAIN,,,,\n",
                school: school, actor: "test", at: AppFixture.now)
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000004")
            let answers: [String: Any] = [
                "staff_number": "20269002", "name": "Jean Dupont", "passport_number": "15AB12345", "initial_password": NSNull(),
            ]
            // then binding tells them to register the passport first
            let early = try await phone.bind(answers)
            #expect(early.errorCode == "passport_not_registered")
            // when the service center registers it (and corrects the name's case)
            let token = try await f.signIn("demo-clerk")
            let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            let registered = try await f.send(
                .PATCH, "api/v1/console/cardholders/20269002", headers: auth, body: #"{"passport_number":"15AB12345","name":"Jean DUPONT"}"#
            )
            #expect(registered.status == .noContent)
            // then the next request sees it: the old spelling no longer matches
            #expect(try await phone.bind(answers).errorCode == "info_mismatch")
            // and no face provider certifies a passport: the face step sends them to the service center
            let face = try await phone.send(
                .POST, "face-certifications",
                [
                    "school": "DEMO", "staff_number": "20269002", "name": "Jean DUPONT", "id_number": "11010519491231002X",
                    "return_url": "https://x/",
                ])
            #expect(face.errorCode == "invalid_field" && face.body.string.contains("服务中心"))
            // and the correction is in the audit log with the clerk
            let audit = try await f.app.store.sql.raw("SELECT actor FROM audit_log WHERE action = 'roster_corrected'").all()
            #expect(try audit.map { try $0.decode(column: "actor", as: String.self) } == ["staff:demo-clerk"])
            // a passport for a student who is not international is refused
            let refused = try await f.send(
                .PATCH, "api/v1/console/cardholders/20260001", headers: auth, body: #"{"passport_number":"E1234567"}"#)
            #expect(refused.errorCode == "invalid_field")
        }
    }

    @Test(arguments: Engine.available)
    func channelSignInRefusesUnknownCodesAndBadInput(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            for channel in BindingChannel.allCases {
                let phone = Phone(fixture: f, channel: channel, user: "u1", device: "device-0001")
                let code = try await phone.authCode()
                let body = #"{"channel":"\#(channel.rawValue)","auth_code":"\#(code)","device_id":"device-0001"}"#
                #expect(try await f.send(.POST, "api/v1/h5/sessions", body: body).status == .ok)
                // a code is good once
                #expect(try await f.send(.POST, "api/v1/h5/sessions", body: body).errorCode == "channel_login_failed")
            }
            #expect(
                try await f.send(
                    .POST, "api/v1/h5/sessions", body: #"{"channel":"alipay","auth_code":"made-up","device_id":"device-0001"}"#
                )
                .errorCode == "channel_login_failed")
            #expect(
                try await f.send(.POST, "api/v1/h5/sessions", body: #"{"channel":"qq","auth_code":"x","device_id":"device-0001"}"#)
                    .errorCode == "invalid_field")
            #expect(
                try await f.send(.POST, "api/v1/h5/sessions", body: #"{"channel":"alipay","auth_code":"x","device_id":"a b"}"#)
                    .errorCode == "invalid_field")
            #expect(try await f.send(.POST, "api/v1/h5/sessions", body: #"{"channel":1}"#).errorCode == "malformed_request")
            #expect(try await f.send(.GET, "api/v1/h5/bindings").status == .unauthorized)
            let schools = try await f.send(.GET, "api/v1/h5/schools")
            #expect(schools.body.string.contains("东校区（昌平）"))
            let sessions = try await f.app.store.sql.raw("SELECT token_hash FROM cardholder_sessions").all()
            #expect(sessions.count == 3)
        }
    }
}

struct ErrorDetails: Decodable {
    var details: [String: String]
}

struct DeviceBody: Decodable {
    var device_id: String
}

@Suite struct BindingAttemptLimitTests {
    @Test(arguments: Engine.available)
    func oneChannelIdentityGuessingThroughCardsIsSlowedDown(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given a channel account trying ten 学工号 that are not on the roster
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000009")
            for i in 0..<10 {
                #expect(try await phone.bind(["staff_number": "2026100\(i)"]).errorCode == "info_mismatch")
            }
            // then the eleventh attempt, even with the right answers, waits for the window
            let refused = try await phone.bind()
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "too_many_attempts")
            #expect(try refused.content.decode(ErrorDetails.self).details["retry_after_seconds"] == "900")
            // and another account is not held up by it
            #expect(try await Phone.signIn(f, .alipay, user: "2088000000000010").bind().status == .ok)
            f.clock.advance(15 * 60 + 1)
            #expect(
                try await phone.bind(["staff_number": "20169001", "name": "李老师", "campus": "EAST", "initial_password": "154565"]).status
                    == .ok)
        }
    }
}
