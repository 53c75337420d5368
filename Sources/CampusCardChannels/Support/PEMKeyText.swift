import Foundation

/// The DER bytes inside key text as people paste it: PEM with any line length and line endings,
/// or the bare base64 body that Alipay's console and key tool hand out.
struct PEMKeyText {
    /// The PEM label ("RSA PRIVATE KEY", "PUBLIC KEY", …), nil for a bare base64 body.
    let label: String?
    let der: Data

    init(_ text: String) throws {
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard let first = lines.first, first.hasPrefix("-----BEGIN ") else {
            label = nil
            der = try Self.decode(lines)
            return
        }
        guard first.hasSuffix("-----"), lines.count >= 2 else {
            throw ChannelError.invalidKey("unterminated PEM block")
        }
        let name = String(first.dropFirst("-----BEGIN ".count).dropLast("-----".count))
        guard lines.last == "-----END \(name)-----" else {
            throw ChannelError.invalidKey("PEM END line does not match BEGIN line")
        }
        let body = lines.dropFirst().dropLast()
        // Encrypted PEM carries "Proc-Type:" headers; we only take keys in the clear.
        guard !body.contains(where: { $0.contains(":") }) else {
            throw ChannelError.invalidKey("encrypted PEM is not supported")
        }
        label = name
        der = try Self.decode(body)
    }

    private static func decode(_ lines: some Sequence<String>) throws -> Data {
        guard let der = Data(base64Encoded: lines.joined()), !der.isEmpty else {
            throw ChannelError.invalidKey("key body is not base64")
        }
        return der
    }
}
