import CampusCardCore

/// Yuan amounts as the channels write them ("12.30"), to and from Int64 fen through Core's
/// `Money`, so a channel accepts exactly the amounts the rest of the product does.
public enum YuanAmount {
    public static func fen(fromYuan text: String) throws -> Int64 {
        guard let money = Money(yuanString: text) else { throw ChannelError.malformedAmount(text) }
        return money.fen
    }

    /// 1230 → "12.30": the two-place form Alipay sends and expects in `total_amount`.
    public static func yuan(fromFen fen: Int64) -> String {
        Money(fen: fen).yuanString
    }
}
