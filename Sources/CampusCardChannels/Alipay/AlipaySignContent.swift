/// The exact strings Alipay's RSA2 signatures cover.
public enum AlipaySignContent {
    /// For a gateway request: every parameter except `sign` and empty values, sorted by key bytes,
    /// `key=value` joined by `&`, values raw (not URL-encoded).
    public static func forRequest(_ parameters: [String: String]) -> String {
        content(of: parameters.filter { !$0.value.isEmpty }, excluding: ["sign"])
    }

    /// For an asynchronous notification: every parameter Alipay posted but `sign` and `sign_type`,
    /// empty ones included, as Alipay's documents say and its SDKs verify (the Java SDK's
    /// `getSignCheckContentV1`, python-alipay-sdk's `verify`).
    public static func forNotification(_ parameters: [String: String]) -> String {
        content(of: parameters, excluding: ["sign", "sign_type"])
    }

    private static func content(of parameters: [String: String], excluding excluded: Set<String>)
        -> String
    {
        parameters
            .filter { !excluded.contains($0.key) }
            // Byte order, as Alipay's Java SDK sorts: String comparison in Swift is by Unicode
            // canonical equivalence, which could differ for non-ASCII keys.
            .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { "\($0.key)=\($0.value)" }
            .joined(separator: "&")
    }
}
