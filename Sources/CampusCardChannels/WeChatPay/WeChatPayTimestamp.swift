import Foundation

/// WeChat Pay's replay window: signed timestamps (Unix seconds, as text) must be within five
/// minutes of now, either way, because clocks drift.
enum WeChatPayTimestamp {
    static let tolerance: Int64 = 5 * 60

    static func text(_ date: Date) -> String {
        String(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    static func checkFresh(_ text: String, now: Date) throws {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let seconds = Int64(text)
        else {
            throw ChannelError.malformedField("timestamp")
        }
        guard abs(seconds - Int64(now.timeIntervalSince1970.rounded(.down))) <= tolerance else {
            throw ChannelError.staleTimestamp(seconds)
        }
    }
}
