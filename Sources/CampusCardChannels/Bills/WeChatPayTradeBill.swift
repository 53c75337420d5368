import Crypto
import Foundation

/// WeChat Pay's trade bill: `GET /v3/bill/tradebill?bill_date=…&bill_type=ALL` (signed, its
/// answer signed) gives `download_url` with `hash_type` SHA1 and `hash_value`; the download (a
/// signed GET whose answer is not signed) is a UTF-8 CSV: the header, a row per trade or refund
/// with every field prefixed by a backtick (so spreadsheets keep long numbers), then a summary
/// header (总交易单数,…) and its one row.
public enum WeChatPayTradeBill {
    /// The ALL bill's detail columns, as WeChat Pay publishes them.
    public static let columns = [
        "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型", "交易状态", "付款银行", "货币种类",
        "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包", "手续费",
        "费率", "订单金额", "申请退款金额", "费率备注",
    ]
    static let summaryColumns = ["总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额", "申请退款总金额"]

    /// `billDate`: the China day, yyyy-MM-dd.
    public static func path(billDate: String) -> String { "/v3/bill/tradebill?bill_date=\(billDate)&bill_type=ALL" }

    public struct Download: Sendable, Equatable, Codable {
        public var hashType: String
        public var hashValue: String
        public var downloadURL: String

        public init(hashType: String, hashValue: String, downloadURL: String) {
            (self.hashType, self.hashValue, self.downloadURL) = (hashType, hashValue, downloadURL)
        }

        enum CodingKeys: String, CodingKey {
            case hashType = "hash_type"
            case hashValue = "hash_value"
            case downloadURL = "download_url"
        }
    }

    /// The (verified) answer to the bill request.
    public static func download(fromResponse body: String) throws -> Download {
        let download = try decodeJSON(Download.self, from: Data(body.utf8))
        guard download.hashType == "SHA1" else { throw ChannelError.unsupportedAlgorithm(download.hashType) }
        guard !download.downloadURL.isEmpty else { throw ChannelError.missingField("download_url") }
        return download
    }

    /// The downloaded file, refused unless its SHA1 is the one the signed answer gave.
    public static func bill(fromFile data: Data, download: Download) throws -> TradeBill {
        guard sha1(data) == download.hashValue.lowercased() else { throw ChannelError.malformedField("hash_value") }
        return try bill(fromText: String(decoding: data, as: UTF8.self))
    }

    public static func sha1(_ data: Data) -> String {
        Insecure.SHA1.hash(data: data).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    static func bill(fromText text: String) throws -> TradeBill {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).map(String.init)
        guard let summaryAt = lines.firstIndex(where: { $0.hasPrefix(summaryColumns[0]) }), summaryAt + 1 < lines.count else {
            throw ChannelError.missingField(summaryColumns[0])
        }
        let clean = { (field: String) in field.hasPrefix("`") ? String(field.dropFirst()) : field }
        let csv = try BillCSV(lines[..<summaryAt].joined(separator: "\n"), clean: clean)
        try csv.require(["微信订单号", "商户订单号", "交易状态", "退款金额", "手续费", "订单金额"])
        var bill: [TradeBill.Line] = []
        for row in csv.rows {
            let kind: TradeBill.Line.Kind
            switch row["交易状态"] {
            case "SUCCESS": kind = .payment
            case "REFUND": kind = .refund
            default: continue  // REVOKED: the payment was undone the same day, nothing was taken.
            }
            guard let orderNo = row["商户订单号"], !orderNo.isEmpty else { throw ChannelError.missingField("商户订单号") }
            let amountColumn = kind == .payment ? "订单金额" : "退款金额"
            bill.append(
                .init(
                    kind: kind, orderNo: orderNo, channelTradeNo: row["微信订单号"] ?? "",
                    amountFen: abs(try TradeBill.fen(row[amountColumn] ?? "", column: amountColumn)),
                    feeFen: abs(try TradeBill.fen(row["手续费"] ?? "", column: "手续费"))))
        }
        // The summary counts every detail row: a file cut short disagrees with it.
        let summary = try BillCSV(lines[summaryAt...summaryAt + 1].joined(separator: "\n"), clean: clean)
        guard let count = summary.rows.first?["总交易单数"].flatMap({ Int($0) }), count == csv.rows.count else {
            throw ChannelError.malformedBody("bill summary counts differ from its \(csv.rows.count) rows")
        }
        return TradeBill(lines: bill)
    }

    /// The sandbox's file for `lines` paid on `billDate`, every field prefixed with a backtick.
    public static func file(_ lines: [TradeBill.Line], billDate: String, appID: String, mchID: String) -> Data {
        var text = [columns.joined(separator: ",")]
        for line in lines {
            var row = [String](repeating: "", count: columns.count)
            let payment = line.kind == .payment
            row[0] = "\(billDate) 12:00:00"
            row[1] = appID
            row[2] = mchID
            row[5] = line.channelTradeNo
            row[6] = line.orderNo
            row[8] = "JSAPI"
            row[9] = payment ? "SUCCESS" : "REFUND"
            row[10] = "OTHERS"
            row[11] = "CNY"
            row[12] = TradeBill.yuan(payment ? line.amountFen : 0)
            row[13] = "0.00"
            row[14] = payment ? "0" : "5030" + line.channelTradeNo
            row[15] = payment ? "0" : "R" + line.orderNo
            row[16] = TradeBill.yuan(payment ? 0 : line.amountFen)
            row[17] = "0.00"
            row[18] = payment ? "" : "ORIGINAL"
            row[19] = payment ? "" : "SUCCESS"
            row[20] = "校园卡充值"
            // The fee taken on a payment; a refund returns its share, written negative.
            row[22] = TradeBill.yuan(payment ? line.feeFen : -line.feeFen, places: 5)
            row[23] = "0.60%"
            row[24] = TradeBill.yuan(payment ? line.amountFen : 0)
            row[25] = TradeBill.yuan(payment ? 0 : line.amountFen)
            text.append(row.map { "`" + BillCSV.field($0) }.joined(separator: ","))
        }
        let paid = lines.filter { $0.kind == .payment }
        let refunded = lines.filter { $0.kind == .refund }
        let sum = { (lines: [TradeBill.Line], value: (TradeBill.Line) -> Int64) in lines.reduce(0) { $0 + value($1) } }
        text.append(summaryColumns.joined(separator: ","))
        text.append(
            [
                String(lines.count), TradeBill.yuan(sum(paid, \.amountFen)), TradeBill.yuan(sum(refunded, \.amountFen)), "0.00",
                TradeBill.yuan(sum(paid, \.feeFen) - sum(refunded, \.feeFen), places: 5), TradeBill.yuan(sum(paid, \.amountFen)),
                TradeBill.yuan(sum(refunded, \.amountFen)),
            ].map { "`" + $0 }.joined(separator: ","))
        return Data((text.joined(separator: "\r\n") + "\r\n").utf8)
    }
}
