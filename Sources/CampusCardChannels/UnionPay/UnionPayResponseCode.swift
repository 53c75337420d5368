/// `respCode` and `origRespCode` as ACP 5.1.0's appendix (应答码) lists them, as far as we act on
/// them: 00 success; 03 (timed out), 04 (state unknown) and 05 (accepted, not done) all mean
/// "still processing, ask again", never a failure; 34 no such transaction; the others refuse.
public enum UnionPayResponseCode {
    public static let success = "00"
    public static let processing: Set<String> = ["03", "04", "05"]
    public static let noSuchTransaction = "34"
    /// The bank refusals the sandbox plays and the channel tells apart.
    public static let insufficientFunds = "64"
    public static let cardStateWrong = "63"
    public static let noCardNotPresentPayment = "77"
    public static let amountOverLimit = "33"
    public static let holderInfoMismatch = "66"
    public static let wrongSMSCode = "71"
    public static let tokenExpired = "80"

    public static func isProcessing(_ code: String?) -> Bool {
        code.map(processing.contains) ?? false
    }
}
