/// The exact strings WeChat Pay API v3 signatures cover; every line ends with "\n", the last too.
public enum WeChatPaySignContent {
    /// A merchant's API request: `METHOD\nPATH_WITH_QUERY\ntimestamp\nnonce\nbody\n`.
    public static func request(
        method: String, pathWithQuery: String, timestamp: String, nonce: String, body: String
    ) -> String {
        "\(method)\n\(pathWithQuery)\n\(timestamp)\n\(nonce)\n\(body)\n"
    }

    /// WeChat Pay's callback or API response: `timestamp\nnonce\nbody\n`.
    public static func response(timestamp: String, nonce: String, body: String) -> String {
        "\(timestamp)\n\(nonce)\n\(body)\n"
    }
}
