import Foundation
import ZIPFoundation

/// Alipay's trade bill (`bill_type` "trade"): `alipay.data.dataservice.bill.downloadurl.query`
/// answers with `bill_download_url`, where a zip holds two GBK CSV files, the detail
/// (…_业务明细.csv) and the summary (…_业务明细(汇总).csv). The detail starts with `#` lines
/// (title, account, dates, a rule naming 业务明细列表), then the header and a row per trade or
/// refund, then `#` lines again (a closing rule, `#交易合计：N笔，退款合计：M笔`, the export time).
public enum AlipayTradeBill {
    public static let method = "alipay.data.dataservice.bill.downloadurl.query"

    /// The detail file's columns, as Alipay publishes them.
    public static let columns = [
        "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称", "操作员", "终端号", "对方账户",
        "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称",
        "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注",
    ]

    /// `billDate`: the China day, yyyy-MM-dd.
    public static func requestParameters(billDate: String, signer: AlipayRequestSigner, at date: Date) throws -> [String: String] {
        let biz = String(decoding: try JSONEncoder.sorted.encode(["bill_type": "trade", "bill_date": billDate]), as: UTF8.self)
        return try signer.signedParameters(method: method, bizContent: biz, at: date)
    }

    /// The bill_date a request asks for, as the sandbox reads it.
    public static func billDate(of parameters: [String: String]) throws -> String {
        guard let biz = parameters["biz_content"] else { throw ChannelError.missingField("biz_content") }
        let content = try decodeJSON([String: String].self, from: Data(biz.utf8))
        guard content["bill_type"] == "trade" else { throw ChannelError.malformedField("bill_type") }
        guard let date = content["bill_date"], date.count == 10 else { throw ChannelError.missingField("bill_date") }
        return date
    }

    /// The verified answer's `bill_download_url`; a refusal (`isp.bill_not_exist` before the
    /// bill is made) throws `rejected` with its sub_code.
    public static func downloadURL(fromResponse body: String, verifier: AlipayResponseVerifier) throws -> String {
        struct Node: Decodable {
            var code: String
            var sub_code: String?
            var bill_download_url: String?
        }
        let node = try verifier.decodedNode(Node.self, forMethod: method, in: body)
        guard node.code == "10000" else { throw ChannelError.rejected(node.sub_code ?? node.code) }
        guard let url = node.bill_download_url, !url.isEmpty else { throw ChannelError.missingField("bill_download_url") }
        return url
    }

    /// The sandbox's answer: the URL, or `isp.bill_not_exist` (nil).
    public static func response(downloadURL: String?, signer: AlipayResponseSigner) throws -> String {
        let node =
            downloadURL.map { ["code": "10000", "msg": "Success", "bill_download_url": $0] }
            ?? ["code": "40004", "msg": "Business Failed", "sub_code": "isp.bill_not_exist", "sub_msg": "账单不存在"]
        return try signer.signedBody(
            responseKey: AlipayResponseVerifier.responseKey(forMethod: method),
            node: String(decoding: try JSONEncoder.sorted.encode(node), as: UTF8.self))
    }

    /// The downloaded zip read: its detail file found by its title line (the entries' names are
    /// GBK without the zip's UTF-8 flag, so a name is no reliable guide), decoded and parsed.
    public static func bill(fromZip data: Data) throws -> TradeBill {
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw ChannelError.malformedBody("bill zip: \(error)")
        }
        for entry in archive where entry.type == .file {
            var content = Data()
            do {
                _ = try archive.extract(entry) { content.append($0) }
            } catch {
                throw ChannelError.malformedBody("bill zip entry: \(error)")
            }
            let text = try GBKText.decode(content)
            if text.hasPrefix(detailTitle) { return try bill(fromDetail: text) }
        }
        throw ChannelError.missingField("业务明细")
    }

    static let detailTitle = "#支付宝业务明细查询"

    /// The detail file's text: rows between the `#` lines, checked against the closing count.
    static func bill(fromDetail text: String) throws -> TradeBill {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).map(String.init)
        let table = lines.filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        let csv = try BillCSV(table) { $0.trimmingCharacters(in: .whitespaces) }
        try csv.require(["支付宝交易号", "商户订单号", "业务类型", "订单金额（元）", "服务费（元）"])
        var bill: [TradeBill.Line] = []
        for row in csv.rows {
            let kind: TradeBill.Line.Kind
            switch row["业务类型"] {
            case "交易": kind = .payment
            case "退款": kind = .refund
            default: continue
            }
            guard let orderNo = row["商户订单号"], !orderNo.isEmpty else { throw ChannelError.missingField("商户订单号") }
            bill.append(
                .init(
                    kind: kind, orderNo: orderNo, channelTradeNo: row["支付宝交易号"] ?? "",
                    amountFen: abs(try TradeBill.fen(row["订单金额（元）"] ?? "", column: "订单金额（元）")),
                    feeFen: abs(try TradeBill.fen(row["服务费（元）"] ?? "", column: "服务费（元）"))))
        }
        // A file cut short loses its closing lines or disagrees with them: refuse it whole.
        guard let totals = lines.last(where: { $0.hasPrefix("#交易合计") }) else { throw ChannelError.missingField("#交易合计") }
        let counts = totals.split(whereSeparator: { !$0.isASCIIDigit }).compactMap { Int($0) }
        let trades = bill.filter { $0.kind == .payment }.count
        guard counts == [trades, bill.count - trades] else { throw ChannelError.malformedBody("bill counts \(counts), rows \(bill.count)") }
        return TradeBill(lines: bill)
    }

    /// The sandbox's zip for `lines` of `billDate` (yyyy-MM-dd) for merchant `pid`.
    public static func zip(_ lines: [TradeBill.Line], billDate: String, pid: String, exportedAt: String) throws -> Data {
        let compact = billDate.replacingOccurrences(of: "-", with: "")
        let rule = String(repeating: "-", count: 40)
        var detail = [
            detailTitle, "#账号：[\(pid)0156]", "#起始日期：[\(billDate) 00:00:00]   终止日期：[\(billDate) 23:59:59]",
            "#\(rule)业务明细列表\(rule)", columns.joined(separator: ","),
        ]
        for line in lines {
            var row = [String](repeating: "", count: columns.count)
            let payment = line.kind == .payment
            row[0] = line.channelTradeNo + "\t"
            row[1] = line.orderNo + "\t"
            row[2] = payment ? "交易" : "退款"
            row[3] = "校园卡充值"
            row[4] = "\(billDate) 12:00:00"
            row[5] = "\(billDate) 12:00:05"
            row[11] = TradeBill.yuan(payment ? line.amountFen : -line.amountFen)
            row[12] = row[11]
            // Alipay writes the fee it takes as negative and the fee a refund returns as positive.
            row[22] = TradeBill.yuan(payment ? -line.feeFen : line.feeFen)
            detail.append(row.map(BillCSV.field).joined(separator: ","))
        }
        let trades = lines.filter { $0.kind == .payment }.count
        detail += [
            "#\(rule)业务明细列表结束\(rule)", "#交易合计：\(trades)笔，退款合计：\(lines.count - trades)笔", "#导出时间：[\(exportedAt)]",
        ]
        let summary = [
            "#支付宝业务汇总查询", "#账号：[\(pid)0156]", "门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,服务费（元）,实收净额（元）",
            "合计,,\(trades),\(lines.count - trades),,,,",
            "#导出时间：[\(exportedAt)]",
        ]
        let archive = try Archive(accessMode: .create)
        for (name, text) in [("\(pid)0156_\(compact)_业务明细.csv", detail), ("\(pid)0156_\(compact)_业务明细(汇总).csv", summary)] {
            let data = GBKText.encode(text.joined(separator: "\r\n") + "\r\n")
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw ChannelError.malformedBody("bill zip not written") }
        return data
    }
}
