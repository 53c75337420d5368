import CampusCardCore
import CampusCardServer
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// Abuse (issue 22): rate limits per identity and per client address on sign-in, binding and
/// top-up orders, counted in the database so that two server processes share them; the staff
/// lockout after wrong passwords.
@Suite struct RateLimitTests {
    /// Small limits, and the loopback as the proxy, so that a test names its clients' addresses.
    static let tight: @Sendable (inout ServerConfig) -> Void = { config in
        config.rateLimits.signInPerUsername = AttemptLimit(attempts: 3, window: 60)
        config.rateLimits.signInPerAddress = AttemptLimit(attempts: 5, window: 60)
        config.rateLimits.bindingPerAddress = AttemptLimit(attempts: 2, window: 60)
        config.rateLimits.topUpPerBinding = AttemptLimit(attempts: 2, window: 60)
        config.rateLimits.topUpPerAddress = AttemptLimit(attempts: 3, window: 60)
        config.trustedProxies = ["127.0.0.1"]
    }

    static let noProxy: @Sendable (inout ServerConfig) -> Void = { config in
        tight(&config)
        config.trustedProxies = []
    }

    /// The address's limit reached before the binding's.
    static let addressFirst: @Sendable (inout ServerConfig) -> Void = { config in
        tight(&config)
        config.rateLimits.topUpPerAddress = AttemptLimit(attempts: 2, window: 60)
        config.rateLimits.topUpPerBinding = AttemptLimit(attempts: 10, window: 60)
    }

    /// The fixture's clock stands 20 s into a minute: a 60 s window ends 40 s later, at 14:14:00Z.
    static let windowLeft = "40"
    static let windowEnd = "2026-09-21T14:14:00Z"

    /// A sign-in through the real HTTP server, from the proxy, for `address`.
    static func signIn(_ server: LiveServer, _ username: String, _ password: String, from address: String) async throws -> ClientResponse {
        try await server.send(
            .POST, "api/v1/console/sessions", headers: ["Content-Type": "application/json", "X-Forwarded-For": "\(address), 127.0.0.1"],
            body: #"{"username":"\#(username)","password":"\#(password)"}"#)
    }

    @Test(arguments: Engine.available)
    func signInIsLimitedPerUsernameAndPerAddressOnEveryServerUntilTheWindowEnds(engine: Engine) async throws {
        try await AppFixture.with(engine, tune: Self.tight) { f in
            try await f.restarted { g in
                try await f.live { one in
                    try await g.live { two in
                        let clerk = f.password(of: "demo-clerk")
                        // given three sign-ins of one clerk from three addresses, on two servers
                        for (server, address) in [(one, "10.0.0.1"), (two, "10.0.0.2"), (one, "10.0.0.3")] {
                            #expect(try await Self.signIn(server, "demo-clerk", clerk, from: address).status == .ok)
                        }
                        // when a fourth comes, from yet another address
                        let fourth = try await Self.signIn(two, "demo-clerk", clerk, from: "10.0.0.4")
                        // then the username's limit refuses it, saying when to try again
                        #expect(fourth.status == .tooManyRequests)
                        #expect(fourth.errorCode == "too_many_requests")
                        #expect(fourth.headers.first(name: .retryAfter) == Self.windowLeft)
                        let details = try fourth.content.decode(ErrorDetails.self).details
                        #expect(details["limit"] == "sign_in_per_username" && details["retry_at"] == Self.windowEnd)
                        #expect(try fourth.content.decode(ErrorBody.self).message_zh.contains("2026-09-21 22:14"))
                        // and another staff member from that address is let in
                        #expect(try await Self.signIn(one, "demo-admin", f.password(of: "demo-admin"), from: "10.0.0.4").status == .ok)

                        // given five names tried from one address, on both servers
                        for n in 1...5 {
                            let res = try await Self.signIn(n % 2 == 0 ? one : two, "nobody\(n)", "wrong-password", from: "10.0.0.9")
                            #expect(res.status == .unauthorized)
                        }
                        // then the sixth is refused for the address, and another address is not
                        let flood = try await Self.signIn(one, "nobody6", "wrong-password", from: "10.0.0.9")
                        #expect(flood.status == .tooManyRequests)
                        #expect(try flood.content.decode(ErrorDetails.self).details["limit"] == "sign_in_per_address")
                        #expect(try await Self.signIn(two, "nobody6", "wrong-password", from: "10.0.0.8").status == .unauthorized)

                        // when the window ends, both are let in again
                        f.clock.advance(40)
                        #expect(try await Self.signIn(two, "demo-clerk", clerk, from: "10.0.0.4").status == .ok)
                        #expect(try await Self.signIn(one, "nobody7", "wrong-password", from: "10.0.0.9").status == .unauthorized)
                        // and the upkeep forgets the ended window's counts
                        try await RateLimiter(f.app.store).purge(before: f.clock.now)
                        let left = try await f.app.store.sql.raw("SELECT subject FROM rate_limits").all().count
                        #expect(left == 4)
                    }
                }
            }
        }
    }

    @Test(arguments: Engine.available)
    func aClientCannotChooseItsAddressUnlessItIsATrustedProxy(engine: Engine) async throws {
        try await AppFixture.with(engine, tune: Self.noProxy) { f in
            try await f.live { server in
                // given five wrong tries from the loopback, each claiming another address
                for n in 1...5 {
                    #expect(try await Self.signIn(server, "nobody\(n)", "wrong-password", from: "10.0.1.\(n)").status == .unauthorized)
                }
                // then the sixth is counted against the loopback, whatever it claims
                let sixth = try await Self.signIn(server, "nobody6", "wrong-password", from: "10.0.1.6")
                #expect(try sixth.content.decode(ErrorDetails.self).details["limit"] == "sign_in_per_address")
            }
        }
    }

    @Test(arguments: Engine.available)
    func wrongStaffPasswordsInARowLockTheAccountUntilATimeOrAnAdministratorsReset(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            func signIn(_ username: String, _ password: String) async throws -> TestingHTTPResponse {
                try await f.send(.POST, "api/v1/console/sessions", body: #"{"username":"\#(username)","password":"\#(password)"}"#)
            }
            let clerk = f.password(of: "demo-clerk")
            // given four wrong passwords, then the right one: the count starts again
            for _ in 1...4 { #expect(try await signIn("demo-clerk", "wrong-password").status == .unauthorized) }
            let session = try await signIn("demo-clerk", clerk).content.decode([String: String].self)["token"] ?? ""
            for _ in 1...4 { #expect(try await signIn("demo-clerk", "wrong-password").status == .unauthorized) }
            // when the fifth wrong one in a row comes
            let fifth = try await signIn("demo-clerk", "wrong-password")
            // then the account is locked for 15 minutes, and the answer says until when
            #expect(fifth.status == .locked)
            #expect(fifth.errorCode == "sign_in_locked")
            #expect(fifth.headers.first(name: .retryAfter) == "900")
            #expect(try fifth.content.decode(ErrorDetails.self).details["locked_until_local"] == "2026-09-21 22:28")
            // even to the right password; another staff member is not locked
            #expect(try await signIn("demo-clerk", clerk).errorCode == "sign_in_locked")
            let admin = try await f.signIn("demo-admin")
            #expect(!admin.isEmpty)
            // when the administrator resets the clerk's password
            let reset = try await f.send(.POST, "api/v1/console/staff/demo-clerk/password", headers: ["Authorization": "Bearer \(admin)"])
            #expect(reset.status == .ok, "\(reset.body.string)")
            let password = try reset.content.decode([String: AnyDecodable].self)["password"]?.text ?? ""
            // then the lock is lifted and the old session ended
            #expect(try await signIn("demo-clerk", password).status == .ok)
            let old = try await f.send(.GET, "api/v1/console/settings", headers: ["Authorization": "Bearer \(session)"])
            #expect(old.status == .unauthorized)
            // and a lock also ends by itself after its 15 minutes
            for _ in 1...5 { _ = try await signIn("demo-clerk", "wrong-password") }
            #expect(try await signIn("demo-clerk", password).errorCode == "sign_in_locked")
            f.clock.advance(15 * 60)
            #expect(try await signIn("demo-clerk", password).status == .ok)
        }
    }

    @Test(arguments: Engine.available)
    func staffAndCardholderSessionsExpireAndEndWhenRevoked(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            func reads(_ token: String) async throws -> HTTPStatus {
                try await f.send(.GET, "api/v1/console/settings", headers: ["Authorization": "Bearer \(token)"]).status
            }
            // a staff session lasts eight hours
            let early = try await f.signIn("demo-clerk")
            f.clock.advance(8 * 3600 - 1)
            #expect(try await reads(early) == .ok)
            f.clock.advance(1)
            #expect(try await reads(early) == .unauthorized)
            // signing out ends it at once
            let signedOut = try await f.signIn("demo-clerk")
            let out = try await f.send(.DELETE, "api/v1/console/sessions", headers: ["Authorization": "Bearer \(signedOut)"])
            #expect(out.status == .noContent)
            #expect(try await reads(signedOut) == .unauthorized)
            // and disabling the account ends every session of it, on every server
            let clerk = try await f.signIn("demo-clerk")
            let admin = try await f.signIn("demo-admin")
            let disabled = try await f.send(.POST, "api/v1/console/staff/demo-clerk/disable", headers: ["Authorization": "Bearer \(admin)"])
            #expect(disabled.status == .ok, "\(disabled.body.string)")
            try await f.restarted { g in
                let read = try await g.send(.GET, "api/v1/console/settings", headers: ["Authorization": "Bearer \(clerk)"])
                #expect(read.status == .unauthorized)
            }

            // a cardholder's session lasts two hours, and ends on signing out
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000300")
            #expect(try await phone.send(.GET, "bindings").status == .ok)
            f.clock.advance(2 * 3600)
            #expect(try await phone.send(.GET, "bindings").status == .unauthorized)
            let again = try await Phone.signIn(f, .alipay, user: "2088000000000300")
            #expect(try await again.send(.DELETE, "sessions").status == .noContent)
            #expect(try await again.send(.GET, "bindings").status == .unauthorized)
        }
    }

    @Test(arguments: Engine.available)
    func bindingIsLimitedPerAddressOnEveryServer(engine: Engine) async throws {
        try await AppFixture.with(engine, tune: Self.tight) { f in
            try await f.restarted { g in
                let school = try #require(try await SchoolStore(f.app.store.sql).find(SchoolCode(rawValue: "DEMO")!))
                func bind(_ fixture: AppFixture, user: String, from address: String) async throws -> CardError? {
                    let phone = try await Phone.signIn(fixture, .alipay, user: user)
                    let session = try #require(
                        try await CardholderSessions(fixture.app.store.sql).session(token: phone.token, at: fixture.clock.now))
                    let form = CardBinding.Form(
                        school: school.code.rawValue, campus: "MAIN", staffNumber: "20260001", name: "张三", initialPassword: "000000",
                        passport: nil, paymentPassword: "285713", faceCertification: try await phone.face())
                    do {
                        _ = try await CardBinding(try fixture.services()).bind(form, session: session, from: address)
                        return nil
                    } catch let error as CardError {
                        return error
                    }
                }
                // given two tries from one address, through two servers, by two channel accounts
                #expect(try await bind(f, user: "2088000000000401", from: "10.0.2.1")?.code == .infoMismatch)
                #expect(try await bind(g, user: "2088000000000402", from: "10.0.2.1")?.code == .infoMismatch)
                // then a third from that address is refused, another address is not
                let third = try await bind(f, user: "2088000000000403", from: "10.0.2.1")
                #expect(third?.code == .tooManyRequests)
                #expect(third?.details["limit"] == "binding_per_address" && third?.details["retry_after_seconds"] == Self.windowLeft)
                #expect(try await bind(g, user: "2088000000000403", from: "10.0.2.2")?.code == .infoMismatch)
                // and after the window, the address may try again
                f.clock.advance(40)
                #expect(try await bind(g, user: "2088000000000404", from: "10.0.2.1")?.code == .infoMismatch)
            }
        }
    }

    @Test(arguments: Engine.available)
    func topUpOrdersAreLimitedPerBindingAndPerAddressOnEveryServer(engine: Engine) async throws {
        try await AppFixture.with(engine, tune: Self.tight) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            func order(_ id: String) async throws -> TestingHTTPResponse {
                try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": id])
            }
            // given two orders of one binding
            #expect(try await order("r-1").status == .created)
            #expect(try await order("r-2").status == .created)
            // then a third is refused with when to try again, and opens no order
            let third = try await order("r-3")
            #expect(third.status == .tooManyRequests)
            #expect(third.headers.first(name: .retryAfter) == Self.windowLeft)
            #expect(try third.content.decode(ErrorDetails.self).details["limit"] == "top_up_per_binding")
            let orders = try await f.app.store.sql.raw("SELECT order_no FROM topup_orders").all().count
            #expect(orders == 2)
            // while a retry of an order already made gets that order again, counted or not
            #expect(try await order("r-1").status == .ok)
            // and after the window it is taken
            f.clock.advance(40)
            #expect(try await order("r-3").status == .created)

        }
    }

    @Test(arguments: Engine.available)
    func topUpOrdersAreLimitedPerAddressOnEveryServer(engine: Engine) async throws {
        try await AppFixture.with(engine, tune: Self.addressFirst) { f in
            let (phone, _) = try await TopUpRoutesTests.boundPhone(f)
            let school = try #require(try await SchoolStore(f.app.store.sql).find(SchoolCode(rawValue: "DEMO")!))
            let record = try #require(try await Bindings(f.app.store).list(of: ChannelIdentity(channel: .alipay, userID: phone.user)).first)
            try await f.restarted { g in
                func start(_ fixture: AppFixture, _ id: String, from address: String) async throws -> CardError? {
                    do {
                        _ = try await TopUpService(try fixture.services()).start(
                            .init(kind: "quick", amount: "50", requestID: id, paysWith: nil, clientIP: address), for: record, school: school
                        )
                        return nil
                    } catch let error as CardError {
                        return error
                    }
                }
                // given two orders from one address, through two servers
                #expect(try await start(f, "a-1", from: "10.0.3.1") == nil)
                #expect(try await start(g, "a-2", from: "10.0.3.1") == nil)
                // then a third from it is refused, saying until when
                let third = try await start(f, "a-3", from: "10.0.3.1")
                #expect(third?.code == .tooManyRequests)
                #expect(third?.details["limit"] == "top_up_per_address" && third?.details["retry_at"] == Self.windowEnd)
                #expect(third?.en.contains("Try again after 2026-09-21 22:14") == true)
                #expect(try await start(g, "b-1", from: "10.0.3.2") == nil)
                // and after the window it is taken
                f.clock.advance(40)
                #expect(try await start(g, "a-3", from: "10.0.3.1") == nil)
            }
        }
    }

    /// What the limiter adds to opening a top-up order: one upsert of two rows. Printed, for the
    /// record; the test only holds that it is a small part of the order.
    @Test(arguments: Engine.available)
    func theLimitersUpsertIsASmallPartOfATopUpOrder(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, _) = try await TopUpRoutesTests.boundPhone(f)
            let school = try #require(try await SchoolStore(f.app.store.sql).find(SchoolCode(rawValue: "DEMO")!))
            let record = try #require(try await Bindings(f.app.store).list(of: ChannelIdentity(channel: .alipay, userID: phone.user)).first)
            let rounds = 25
            let clock = ContinuousClock()
            let orders = try await clock.measure {
                for n in 0..<rounds {
                    _ = try await TopUpService(try f.services()).start(
                        .init(kind: "custom", amount: "10", requestID: "time-\(n)", paysWith: nil, clientIP: "10.0.4.1"), for: record,
                        school: school)
                }
            }
            let counters = [
                RateCounter(.topUp, per: .binding, "timing", limit: AttemptLimit(attempts: 1_000, window: 600)),
                RateCounter(.topUp, per: .address, "10.0.4.2", limit: AttemptLimit(attempts: 1_000, window: 600)),
            ]
            let limiter = RateLimiter(try f.app.store)
            let admits = try await clock.measure {
                for _ in 0..<rounds { try await limiter.admit(counters, at: f.clock.now, timeZone: school.timeZone) }
            }
            print("[\(engine)] top-up order: \(orders / rounds) each, of which the limiter's upsert: \(admits / rounds)")
            #expect(admits < orders / 2)
        }
    }
}

extension AppFixture {
    /// The demo's password for `username`.
    func password(of username: String) -> String {
        credentials.staff.first { $0.username == username }!.password
    }
}

/// A JSON value read as text when it is a string.
struct AnyDecodable: Decodable {
    var text: String?

    init(from decoder: any Decoder) throws {
        text = try? decoder.singleValueContainer().decode(String.self)
    }
}
