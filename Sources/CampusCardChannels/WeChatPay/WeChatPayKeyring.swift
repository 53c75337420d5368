/// Public keys by serial number: platform certificate serials (hex) or `PUB_KEY_ID_…` ids.
struct WeChatPayKeyring: Sendable {
    private let keys: [String: RSAVerifyingKey]

    init(_ keys: [String: RSAVerifyingKey]) {
        // Certificate serials are hex, which the SDKs compare as numbers, so case must not matter.
        self.keys = Dictionary(
            keys.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    func key(serial: String) throws -> RSAVerifyingKey {
        guard let key = keys[serial.uppercased()] else { throw ChannelError.unknownSerial(serial) }
        return key
    }
}
