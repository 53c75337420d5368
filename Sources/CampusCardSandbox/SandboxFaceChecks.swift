import CampusCardChannels
import Foundation

/// The certifications the sandbox's face providers started (Alipay's `certify_id`s, Tencent's
/// `BizToken`s): where each sends the phone back, and the outcome the tester chose, which the
/// server's own query reads. Like the providers' own, an outcome is never changed once chosen.
actor SandboxFaceChecks {
    enum Provider: String {
        case alipay
        case tencent
    }

    struct Check {
        var provider: Provider
        var returnURL: String
        var passed: Bool?
    }

    private var checks: [String: Check] = [:]

    func start(_ provider: Provider, returnURL: String) -> String {
        if checks.count > 10_000 { checks.removeAll() }
        let id = RandomNonce.make(length: 32)
        checks[id] = Check(provider: provider, returnURL: returnURL, passed: nil)
        return id
    }

    func check(_ id: String, of provider: Provider) -> Check? {
        checks[id].flatMap { $0.provider == provider ? $0 : nil }
    }

    /// The tester's choice; the return URL, or nil for an unknown or decided check.
    func decide(_ id: String, passed: Bool) -> String? {
        guard let check = checks[id], check.passed == nil else { return nil }
        checks[id]?.passed = passed
        return check.returnURL
    }
}
