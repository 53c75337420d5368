import Testing

@testable import CampusCardStore

@Suite struct SessionTokenTests {
    /// Stored digests are lower-case hex SHA-256: sessions opened before a change must still be found.
    @Test func digestIsLowerCaseHexSHA256() {
        #expect(SessionToken.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SessionToken.digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
