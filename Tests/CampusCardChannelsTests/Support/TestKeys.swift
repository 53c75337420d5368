import CampusCardChannels

/// Keys made once per test run: RSA generation is the slowest step of the suite.
enum TestKeys {
    static let alipay = try! RSASigningKey.generate()
    static let app = try! RSASigningKey.generate()
    static let platform = try! RSASigningKey.generate()
    static let merchant = try! RSASigningKey.generate()
}
