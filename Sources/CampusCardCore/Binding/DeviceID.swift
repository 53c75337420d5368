import Foundation

/// The id a phone's page sends with every request; a session belongs to one device.
public struct DeviceID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String) throws(CardError) {
        guard (8...64).contains(text.count),
            text.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0))
            })
        else {
            throw .invalidField(
                "device_id", zh: "设备标识应为8–64位字母、数字或 - _ .", en: "the device id must be 8–64 letters, digits, '-', '_' or '.'")
        }
        rawValue = text
    }

    public var description: String { rawValue }
}
