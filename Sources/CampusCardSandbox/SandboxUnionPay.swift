import CampusCardChannels
import CampusCardServices
import Foundation

/// UnionPay as the sandbox plays it: its own root → middle chain, the signing certificate its
/// answers and notifications carry (CN `…@00040000:SIGN@…`, as UnionPay's test environment
/// signs), its encryption certificate, and the merchant certificate it issued us. Kept in the
/// sandbox's folder, so a restarted sandbox is the same UnionPay.
struct SandboxUnionPay: Sendable {
    static let merchantID = "777290058110048"
    /// UnionPay's test environment's token requestor id.
    static let tokenRequestorID = "62000000001"
    /// The identity in the CN of the sandbox's signing certificate.
    static let identity = "00040000:SIGN"
    /// The SMS code the sandbox's bank "sends", as UnionPay's test environment accepts.
    static let smsCode = "111111"

    let root: UnionPayCertificate
    let middle: UnionPayCertificate
    /// UnionPay's signing key and certificate.
    let signer: UnionPaySigner
    let encryptionKey: RSASigningKey
    let encryption: UnionPayEncryption
    /// Ours, as the merchant: UnionPay knows its certificate by `certId`.
    let merchant: UnionPaySigner

    init(state: SandboxStateFolder) throws {
        // Valid for decades around any clock a test sets.
        let (from, to) = (Date(timeIntervalSince1970: 1_577_836_800), Date(timeIntervalSince1970: 2_524_608_000))
        let rootKey = try state.key("unionpay-root")
        let middleKey = try state.key("unionpay-middle")
        let root = try state.certificate("unionpay-root") {
            try UnionPayCertificateChain.authority(
                name: "CFCA ACS TEST OCA31 (sandbox root)", serial: Self.serial(), key: rootKey, issuer: nil, from: from, to: to)
        }
        let middle = try state.certificate("unionpay-middle") {
            try UnionPayCertificateChain.authority(
                name: "CFCA ACS TEST OCA33 (sandbox middle)", serial: Self.serial(), key: middleKey, issuer: (root, rootKey), from: from,
                to: to)
        }
        func endEntity(_ name: String, identity: String) throws -> (RSASigningKey, UnionPayCertificate) {
            let key = try state.key(name)
            return (
                key,
                try state.certificate(name) {
                    try UnionPayCertificateChain.endEntity(
                        identity: identity, serial: Self.serial(), key: key, issuer: (middle, middleKey), from: from, to: to)
                }
            )
        }
        let (signingKey, signing) = try endEntity("unionpay-sign", identity: Self.identity)
        let (encryptionKey, encryption) = try endEntity("unionpay-encrypt", identity: "00040000:ENCRYPT")
        let (merchantKey, merchant) = try endEntity("unionpay-merchant", identity: Self.merchantID)
        (self.root, self.middle) = (root, middle)
        signer = try UnionPaySigner(key: signingKey, certificate: signing)
        (self.encryptionKey, self.encryption) = (encryptionKey, try UnionPayEncryption(certificate: encryption))
        self.merchant = try UnionPaySigner(key: merchantKey, certificate: merchant)
    }

    /// Nine random bytes, the first below 0x80 so the DER integer stays positive as it is.
    private static func serial() -> [UInt8] {
        [UInt8.random(in: 1...0x7F)] + (0..<8).map { _ in UInt8.random(in: 0...255) }
    }

    /// How a server reaches this UnionPay at `baseURL`.
    func access(baseURL: String, notifyURL: String, returnURL: String) -> ChannelAccess.UnionPay {
        ChannelAccess.UnionPay(
            merchantID: Self.merchantID, signer: merchant, verifier: UnionPayVerifier(root: root, middle: middle, identity: Self.identity),
            encryption: encryption, baseURL: baseURL, notifyURL: notifyURL, returnURL: returnURL, tokenRequestorID: Self.tokenRequestorID)
    }

    /// A request of ours, checked as UnionPay does: our certificate's `certId`, its signature, our merchant id.
    func verifiedRequest(_ fields: [String: String]) -> [String: String]? {
        guard fields["certId"] == merchant.certID, fields["signMethod"] == UnionPayMessage.signMethod,
            fields["version"] == UnionPayMessage.version, fields["merId"] == Self.merchantID,
            UnionPaySignContent.isSigned(fields, by: merchant.key.verifyingKey)
        else { return nil }
        return fields
    }
}
