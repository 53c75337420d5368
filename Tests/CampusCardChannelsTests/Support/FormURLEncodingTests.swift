import CampusCardChannels
import Testing

struct FormURLEncodingTests {
    @Test func decodesPlusAsSpaceAndPercentEscapesAsUTF8() throws {
        let fields = try FormURLEncoding.decode(
            "subject=%E6%A0%A1%E5%9B%AD+card&sign=ab%2Bc%2F%3D%3D&empty=&flag")
        #expect(fields == ["subject": "校园 card", "sign": "ab+c/==", "empty": "", "flag": ""])
    }

    @Test func encodesSortedAndRoundTrips() throws {
        let fields = ["b": "x y+z", "a": "校园&=", "c": "A-z_0.9~"]
        let body = FormURLEncoding.encode(fields)
        #expect(body == "a=%E6%A0%A1%E5%9B%AD%26%3D&b=x+y%2Bz&c=A-z_0.9~")
        #expect(try FormURLEncoding.decode(body) == fields)
    }

    @Test(arguments: ["a=%", "a=%4", "a=%zz", "a=%FF", "a=1&a=2"])
    func malformedBodiesAreRefused(body: String) {
        #expect(throws: ChannelError.self) { try FormURLEncoding.decode(body) }
    }
}
