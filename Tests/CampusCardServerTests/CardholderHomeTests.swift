import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The home page's unread count reads only what came after the read mark; it must say what the
/// inbox says, whatever the notices are (stored, from the records, freeze warnings).
@Suite struct CardholderHomeTests {
    @Test(arguments: Engine.available)
    func theHomeUnreadCountIsTheInboxs(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, id) = try await TopUpRoutesTests.boundPhone(f)
            let binding = try #require(
                try await Bindings(f.app.store).binding(id, of: ChannelIdentity(channel: .alipay, userID: phone.user)))
            let school = try #require(try await SchoolStore(f.app.store.sql).find(binding.school))
            func counts() async throws -> (home: Int, inbox: Int) {
                (
                    try await CardholderHome(f.services()).home(school: school.code.rawValue, token: phone.token, device: phone.device)
                        .unreadNotices,
                    try await CardholderInbox(f.services()).inbox(of: binding, school: school).unread
                )
            }
            #expect(try await phone.send(.PUT, "bindings/\(id)/notice-preferences", ["large_spend": "20"]).status == .noContent)
            func spend(_ fen: Int64) async throws {
                let code = try await phone.send(.POST, "bindings/\(id)/payment-codes").content.decode(CardholderCardRoutesTests.Code.self)
                    .code
                #expect(
                    try await CardholderCardRoutesTests.spend(f, code: code, fen: fen, transaction: UUID().uuidString).status == .created)
                f.clock.advance(1)
            }
            try await spend(2_500)  // ¥100 → ¥75, a large spend
            try await spend(6_000)  // → ¥15: large, and below the ¥20 line
            var now = try await counts()
            #expect(now.home == now.inbox && now.home == 3)
            #expect(try await phone.send(.POST, "bindings/\(id)/notices/read").status == .noContent)
            f.clock.advance(1)
            now = try await counts()
            #expect(now.home == 0 && now.inbox == 0)
            try await spend(1_000)  // → ¥5: not large, and below the line already (no second low-balance notice)
            #expect(try await phone.send(.POST, "bindings/\(id)/card/lost").status == .ok)  // a stored notice
            now = try await counts()
            #expect(now.home == now.inbox && now.home == 1)
            let page = try await phone.send(.GET, "bindings/\(id)/notices")
            #expect(page.body.string.contains(#""unread":1"#))
        }
    }

    /// The one statement reads what the page shows: the balance and the records to the fen, the
    /// card's state since when, and only for the session's own browser.
    @Test(arguments: Engine.available)
    func theHomeShowsTheCardToItsSessionOnly(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, id) = try await TopUpRoutesTests.boundPhone(f)
            let binding = try #require(
                try await Bindings(f.app.store).binding(id, of: ChannelIdentity(channel: .alipay, userID: phone.user)))
            let school = binding.school.rawValue
            for fen: Int64 in [1_234, 3_000, 766] {
                let code = try await phone.send(.POST, "bindings/\(id)/payment-codes").content.decode(CardholderCardRoutesTests.Code.self)
                    .code
                #expect(
                    try await CardholderCardRoutesTests.spend(f, code: code, fen: fen, transaction: UUID().uuidString).status == .created)
                f.clock.advance(1)
            }
            let home = try await CardholderHome(f.services()).home(school: school, token: phone.token, device: phone.device)
            #expect(home.entry.binding?.id == id && home.entry.mayUseCard)
            #expect(home.balance == Money(fen: 10_000 - 1_234 - 3_000 - 766))
            #expect(home.records.map(\.amount.fen) == [-766, -3_000, -1_234, 10_000])
            #expect(home.records.first?.balanceAfter == home.balance)
            #expect(home.statusSince == nil)
            f.clock.advance(60)
            #expect(try await phone.send(.POST, "bindings/\(id)/card/lost").status == .ok)
            let lost = try await CardholderHome(f.services()).home(school: school, token: phone.token, device: phone.device)
            #expect(lost.entry.binding?.cardStatus == .lost)
            #expect(lost.statusSince == f.clock.now)

            // Another browser with the same cookie, no cookie, a forged one: the school's page, no card.
            for (token, device) in [(phone.token, UUID().uuidString), (nil, phone.device), ("forged", phone.device)] {
                let other = try await CardholderHome(f.services()).home(school: school, token: token, device: device)
                #expect(other.entry.session == nil && other.entry.binding == nil)
                #expect(other.balance == .zero && other.records.isEmpty && other.unreadNotices == 0)
            }
            await #expect(throws: CardError.self) {
                try await CardholderHome(f.services()).home(school: "NOSUCH", token: phone.token, device: phone.device)
            }
        }
    }
}
