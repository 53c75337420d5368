import CampusCardCore
import CampusCardStore
import Foundation
import SQLKit

extension BenchLoader {
    public struct Phone: Sendable {
        public var schoolCode: String
        public var sessionToken: String
        public var device: String
    }

    /// `count` cardholders, taken in turn from each bench school, bound in Alipay from a verified
    /// phone with a session open on it, and two announcements per school: what the home page of a
    /// lunch hour's students reads. Set-based, as the rest of the loader.
    public func phones(count: Int, at now: Date, lifetime: TimeInterval = 12 * 3600) async throws -> [Phone] {
        let run = "bench-phone-\(now.epochMilliseconds)-"
        try await db.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO bindings (school_id, channel, channel_user_id, cardholder_id, created_at_ms)
                SELECT school_id, 'alipay', \(bind: run) || CAST(id AS TEXT), id, \(bind: now.epochMilliseconds)
                FROM (
                    SELECT c.id, c.school_id, ROW_NUMBER() OVER (PARTITION BY c.school_id ORDER BY c.id) AS turn
                    FROM cardholders c JOIN schools s ON s.id = c.school_id WHERE s.code LIKE 'BENCH%'
                ) AS spread
                ORDER BY turn, school_id LIMIT \(unsafeRaw: String(count))
                """
            ).run()
            try await sql.raw(
                """
                INSERT INTO binding_devices (binding_id, device_id, verified_at_ms, revoked_at_ms, created_at_ms)
                SELECT id, 'dev-' || channel_user_id, \(bind: now.epochMilliseconds), NULL, \(bind: now.epochMilliseconds)
                FROM bindings WHERE channel_user_id LIKE \(bind: run + "%")
                """
            ).run()
        }
        let schools = try await SchoolStore(db.sql).all().filter { $0.code.rawValue.hasPrefix("BENCH") }
        for school in schools {
            for (title, body) in [
                ("食堂营业时间调整", "第一食堂午餐供应时间延长至13:30。"), ("谨防诈骗", "校园卡只在本页面或服务中心充值，不要相信\u{201C}代充优惠\u{201D}。"),
            ] {
                _ = try await ServiceNotices(db, .announcement).create(
                    schoolID: school.id, title: title, body: body, startsAt: now.addingTimeInterval(-3600),
                    endsAt: now.addingTimeInterval(30 * 86_400), actor: "bench", at: now)
            }
        }
        let rows = try await db.sql.raw(
            """
            SELECT b.channel_user_id, s.code FROM bindings b JOIN schools s ON s.id = b.school_id
            WHERE b.channel_user_id LIKE \(bind: run + "%") ORDER BY b.id
            """
        ).all()
        var phones: [Phone] = []
        for row in rows {
            let user = try row.decode(column: "channel_user_id", as: String.self)
            let device = try DeviceID("dev-" + user)
            let (token, _) = try await CardholderSessions(db.sql).open(
                for: ChannelIdentity(channel: .alipay, userID: user), device: device, at: now, lifetime: lifetime)
            phones.append(Phone(schoolCode: try row.decode(column: "code", as: String.self), sessionToken: token, device: device.rawValue))
        }
        return phones
    }
}
