import CoreFoundation
import Foundation

/// GBK text, as Alipay writes its bill files: decoded as GB 18030, which contains GBK. Works
/// with swift-corelibs-foundation on Linux as with Foundation on macOS.
enum GBKText {
    static let encoding = String.Encoding(
        rawValue: CFStringConvertEncodingToNSStringEncoding(CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))

    static func decode(_ data: Data) throws -> String {
        guard let text = String(data: data, encoding: encoding) else { throw ChannelError.malformedBody("bill file is not GBK text") }
        return text
    }

    static func encode(_ text: String) -> Data {
        text.data(using: encoding) ?? Data()
    }
}
