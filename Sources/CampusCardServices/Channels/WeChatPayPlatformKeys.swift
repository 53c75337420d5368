import CampusCardChannels
import Foundation

/// WeChat Pay's platform keys as this process knows them: those configured (a `PUB_KEY_ID_…`
/// public key, or certificates' keys by serial) and the platform certificates downloaded from
/// `/v3/certificates`. A message naming a serial not known has the certificates downloaded again,
/// at most once a minute whoever asks, one download shared by all who wait (a storm of unknown
/// serials costs one download a minute, not a refusal each); the upkeep downloads them again
/// before the ones in use expire. Each process downloads for itself: nothing depends on another's.
public actor WeChatPayPlatformKeys {
    private let configured: [String: RSAVerifyingKey]
    private var downloaded: [String: WeChatPayPlatformCertificates.Certificate] = [:]
    private var lastDownload: Date?
    private var inFlight: Task<[WeChatPayPlatformCertificates.Certificate], any Error>?

    /// The least time between two downloads asked for by unknown serials.
    public static let downloadSpacing: TimeInterval = 60

    public init(configured: [String: RSAVerifyingKey]) {
        self.configured = configured
    }

    /// Every key that may sign at `now`: the configured ones and the certificates in their validity.
    public func keys(at now: Date) -> [String: RSAVerifyingKey] {
        var keys = configured
        for certificate in downloaded.values where certificate.notBefore <= now && now < certificate.notAfter {
            keys[certificate.serial] = certificate.key
        }
        return keys
    }

    /// Whether a message by `serial` can be checked now without a download.
    public func knows(_ serial: String, at now: Date) -> Bool {
        keys(at: now).keys.contains { $0.caseInsensitiveCompare(serial) == .orderedSame }
    }

    /// Whether no certificate was downloaded yet (and some are expected: the configured serials
    /// are certificates'), or one in use expires within `margin`.
    public func needsDownload(at now: Date, margin: TimeInterval) -> Bool {
        if downloaded.isEmpty { return configured.keys.contains { !$0.hasPrefix("PUB_KEY_ID_") } }
        return downloaded.values.contains { $0.notAfter.timeIntervalSince(now) < margin }
    }

    /// Runs `download` and keeps what it brings, unless one ran less than `downloadSpacing` ago
    /// (`force` aside); callers arriving while one runs wait for that one.
    public func refresh(
        at now: Date, force: Bool = false, _ download: @escaping @Sendable () async throws -> [WeChatPayPlatformCertificates.Certificate]
    ) async throws {
        let task: Task<[WeChatPayPlatformCertificates.Certificate], any Error>
        if let inFlight {
            task = inFlight
        } else {
            if !force, let lastDownload, now.timeIntervalSince(lastDownload) < Self.downloadSpacing { return }
            lastDownload = now
            task = Task { try await download() }
            inFlight = task
        }
        defer { inFlight = nil }
        // Whoever resumes first keeps them: each waiter may look its serial up as soon as it returns.
        for certificate in try await task.value { downloaded[certificate.serial] = certificate }
    }
}
