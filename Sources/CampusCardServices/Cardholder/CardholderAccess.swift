import CampusCardCore
import CampusCardStore
import Foundation

/// The cardholder's way in and what it opens: the session the channel's word gives, and the
/// bindings that session may see (its own) and use (from a device verified for them).
public struct CardholderAccess: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public struct OpenedSession: Sendable {
        public var token: String
        public var expiresAt: Date
        public var identity: ChannelIdentity
        public var device: DeviceID
        public var bindings: [BindingRecord]
    }

    /// Exchanges the channel's `auth_code` for who the cardholder is, and opens a session on `device`.
    public func signIn(channel text: String, authCode: String, device deviceText: String) async throws -> OpenedSession {
        guard let channel = BindingChannel(rawValue: text) else {
            throw CardError.invalidField(
                "channel", zh: "渠道应为 school_app、alipay 或 wechat", en: "the channel is school_app, alipay or wechat")
        }
        guard (1...256).contains(authCode.count) else {
            throw CardError.invalidField("auth_code", zh: "授权码长度应为1–256", en: "the authorization code is 1–256 characters")
        }
        let device = try DeviceID(deviceText)
        guard let access = context.channels else {
            context.logger.error("no channel access configured and no sandbox mounted")
            throw CardError.channelLoginFailed
        }
        let identity = try await ChannelLogin(access: access, transport: context.transport, logger: context.logger)
            .identity(channel: channel, authCode: authCode, at: context.now)
        return try await open(for: identity, on: device)
    }

    /// Back from the school's own sign-on to `back` with `query`: the school is asked who it is
    /// (`SchoolSignOnLogin`), and a session opened on `device`.
    public func signIn(school: SchoolRecord, query: [String: String], back: String, state: String, device deviceText: String) async throws
        -> OpenedSession
    {
        guard let signOn = school.settings.signOn else { throw CardError.channelLoginFailed }
        let device = try DeviceID(deviceText)
        let identity = try await signOnLogin.identity(
            school: school.code, signOn: signOn, query: query, back: back, state: state,
            secret: context.channels?.schoolLogin.signOnSecrets[school.code.rawValue], at: context.now)
        return try await open(for: identity, on: device)
    }

    public var signOnLogin: SchoolSignOnLogin {
        SchoolSignOnLogin(transport: context.transport, key: context.masterKey, logger: context.logger)
    }

    private func open(for identity: ChannelIdentity, on device: DeviceID) async throws -> OpenedSession {
        let (token, expiresAt) = try await CardholderSessions(context.store.sql).open(
            for: identity, device: device, at: context.now, lifetime: context.cardholderSessionLifetime)
        return OpenedSession(
            token: token, expiresAt: expiresAt, identity: identity, device: device,
            bindings: try await Bindings(context.store).list(of: identity))
    }

    /// The session a token opened, used from the device it was opened on; nil otherwise.
    public func session(token: String, device: String?) async throws -> CardholderSession? {
        guard let session = try await CardholderSessions.session(token: token, at: context.now, in: context.store),
            device == session.device.rawValue
        else { return nil }
        return session
    }

    public func signOut(token: String) async throws {
        try await CardholderSessions(context.store.sql).close(token: token)
    }

    /// One of the session's bindings, whatever the device's state (to verify it).
    public func ownBinding(_ id: Int64?, of session: CardholderSession) async throws -> BindingRecord {
        guard let id, let binding = try await Bindings(context.store).binding(id, of: session.identity) else {
            throw CardError.notFound("binding")
        }
        return binding
    }

    /// One of the session's bindings, used from a device that has verified for it.
    public func usableBinding(_ id: Int64?, of session: CardholderSession) async throws -> BindingRecord {
        let binding = try await ownBinding(id, of: session)
        try await Bindings(context.store).ensureMayUseCard(session.device, of: binding)
        return binding
    }

    /// A school's page as the cookie's session sees it (see `CardholderPageEntry`); a school that
    /// does not exist is refused.
    public func pageEntry(school text: String, token: String?, device deviceText: String) async throws -> CardholderPageEntry {
        guard let code = SchoolCode(rawValue: text),
            let entry = try await CardholderPageEntry.read(
                school: code, token: token, device: try? DeviceID(deviceText), at: context.now, in: context.store)
        else { throw CardError.unknownSchool(String(text.prefix(32))) }
        return entry
    }

    /// The school a binding belongs to, with its settings as they are now.
    public func school(of binding: BindingRecord) async throws -> SchoolRecord {
        guard let school = try await SchoolStore(context.store.sql).find(id: binding.schoolID) else {
            throw CardError.ledgerInconsistent("school of binding \(binding.id)")
        }
        return school
    }

    /// Every school with its campuses named in full, so a student can tell 主校区 from 东校区.
    public func schools() async throws -> [(school: SchoolRecord, campuses: [CampusRecord])] {
        let store = SchoolStore(context.store.sql)
        var answer: [(SchoolRecord, [CampusRecord])] = []
        for school in try await store.all() { answer.append((school, try await store.campuses(of: school.id))) }
        return answer
    }
}
