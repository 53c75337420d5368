import Foundation

/// Decodes JSON, reporting failures as `ChannelError.malformedBody` with the decoder's reason.
func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
    do {
        return try JSONDecoder().decode(type, from: data)
    } catch {
        throw ChannelError.malformedBody("\(T.self): \(error)")
    }
}
