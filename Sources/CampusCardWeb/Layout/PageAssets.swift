/// The pages' one stylesheet and one script, served by the server itself (no CDN, no web font:
/// the system's CJK fonts).
public enum PageAssets {
    public static let stylesheetPath = "/h5/assets/app.css"
    public static let scriptPath = "/h5/assets/app.js"
    public static let languagePath = "/h5/language"

    public static let stylesheet = """
        :root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--brand:#0b5cad;--ok:#116329;--bad:#a40e26;--warn:#7d4e00;--bg:#f6f8fa}
        *{box-sizing:border-box}
        html{font-size:100%}
        body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;
          color:var(--ink);background:var(--bg);line-height:1.5}
        main{max-width:34rem;margin:0 auto;padding:1rem 1rem 6rem}
        h1{font-size:1.35rem;margin:.5rem 0 1rem}
        h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
        a{color:var(--brand)}
        .top{display:flex;justify-content:space-between;align-items:center;padding:.5rem 1rem;background:#fff;border-bottom:1px solid var(--line)}
        .brand{font-weight:600}
        .lang button,.sign-out button{background:none;border:1px solid var(--line);border-radius:1rem;padding:.2rem .8rem;color:var(--brand);font:inherit;min-height:2.25rem}
        .card{background:#fff;border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin:0 0 1rem}
        .card>:first-child{margin-top:0}.card>:last-child{margin-bottom:0}
        .balance{font-size:2.25rem;font-weight:700;margin:.25rem 0;font-variant-numeric:tabular-nums}
        .status-active{color:var(--ok)}.status-lost,.status-frozen,.status-replaced{color:var(--bad)}
        .field{margin:0 0 1rem}
        label{display:block;font-weight:600;margin:0 0 .25rem}
        input[type=text],input[type=password],input[type=number],input[type=tel],input[type=month],input[type=datetime-local],input[type=date],textarea,select{width:100%;font:inherit;font-size:1.1rem;padding:.6rem;
          border:1px solid #8c959f;border-radius:.5rem;background:#fff;min-height:2.75rem}
        .invalid input{border-color:var(--bad)}
        .hint{color:var(--muted);font-size:.9rem;margin:.25rem 0 0}
        .error{color:var(--bad);font-size:.95rem;margin:.25rem 0 0}
        .alert{border:1px solid var(--bad);background:#ffebe9;color:#6e0b1c;border-radius:.5rem;padding:.75rem;margin:0 0 1rem}
        .note{background:#ddf4ff;border-radius:.5rem;padding:.75rem;margin:0 0 1rem}
        .warning{background:#fff8c5;color:#4d2d00;border-radius:.5rem;padding:.75rem;margin:0 0 1rem;font-size:.95rem}
        .banner{display:block;background:var(--brand);color:#fff;border-radius:.5rem;padding:.75rem;margin:0 0 1rem;text-decoration:none}
        button.primary,a.primary{display:block;width:100%;text-align:center;background:var(--brand);color:#fff;border:0;border-radius:.5rem;
          padding:.8rem;font:inherit;font-size:1.1rem;min-height:2.75rem;text-decoration:none;cursor:pointer}
        button.secondary,a.secondary{display:block;width:100%;text-align:center;background:#fff;color:var(--brand);border:1px solid var(--brand);
          border-radius:.5rem;padding:.7rem;font:inherit;min-height:2.75rem;text-decoration:none;margin:.5rem 0;cursor:pointer}
        button.danger{display:block;width:100%;background:var(--bad);color:#fff;border:0;border-radius:.5rem;padding:.8rem;font:inherit;min-height:2.75rem}
        .choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem;margin:0 0 1rem;padding:0;border:0}
        .choice{display:block;border:1px solid var(--line);border-radius:.5rem;padding:.75rem;background:#fff;font-weight:400}
        .choice input{margin-right:.4rem}
        .choice strong{font-size:1.2rem}
        .choice small{display:block;color:var(--muted)}
        mark{background:#ffd8b5;color:inherit;padding:0 .1em;border-radius:.2em}
        ul.records{list-style:none;margin:0;padding:0}
        ul.records li{display:grid;grid-template-columns:1fr auto;gap:.1rem .5rem;padding:.6rem 0;border-bottom:1px solid var(--line)}
        .amount{font-weight:600;text-align:right;font-variant-numeric:tabular-nums}
        .amount.in{color:var(--ok)}
        .after,.when{color:var(--muted);font-size:.9rem}
        .after{text-align:right}
        .empty{color:var(--muted);text-align:center;padding:1.5rem 0}
        .filters{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;align-items:end}
        .filters button{grid-column:1/-1}
        .code{text-align:center}
        .code svg{max-width:100%;height:auto;background:#fff}
        .digits{font-family:ui-monospace,monospace;font-size:1.2rem;letter-spacing:.08em}
        .steps{color:var(--muted);font-size:.9rem;margin:-.5rem 0 1rem}
        .pill{display:inline-block;border-radius:1rem;padding:0 .6rem;font-size:.85rem;border:1px solid currentColor}
        table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:.4rem;border-bottom:1px solid var(--line)}
        nav.tabs{position:fixed;bottom:0;left:0;right:0;display:flex;background:#fff;border-top:1px solid var(--line)}
        nav.tabs a{flex:1;text-align:center;padding:.75rem .25rem;text-decoration:none;color:var(--muted);min-height:3rem}
        nav.tabs a[aria-current=page]{color:var(--brand);font-weight:700}
        dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}dt{color:var(--muted)}dd{margin:0}.card dl{margin:0 0 1rem}
        body.desk main{max-width:72rem}
        .staff{display:flex;gap:1rem;align-items:center;margin-left:auto;margin-right:1rem}
        .sign-in{max-width:28rem}
        .console-nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}.console-nav a[aria-current=page]{font-weight:700;text-decoration:none}
        .row-actions,.row-actions form{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}.row-actions select,.row-actions input[type=text]{width:auto;min-height:2.25rem;padding:.3rem;font-size:1rem}
        button.link{background:none;border:0;padding:0;color:var(--brand);text-decoration:underline;font:inherit;cursor:pointer;min-height:2.25rem}
        .secret{font-size:1.4rem;word-break:break-all;user-select:all}
        .search{display:grid;grid-template-columns:1fr auto;gap:0 .75rem;align-items:start;max-width:48rem}
        .search button.primary{margin-top:1.75rem;width:auto;padding:.6rem 2rem}
        .report-form{display:flex;flex-wrap:wrap;gap:0 .75rem;align-items:start}.report-form .field{flex:1 1 16rem;max-width:28rem}.report-form button.primary{margin-top:1.75rem;width:auto;padding:.6rem 2rem}
        table.grid{margin:0 0 1rem}table.grid th{background:var(--bg);font-weight:600}table.grid .amount{text-align:right}
        .columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(24rem,1fr));gap:0 1rem}
        .pager{display:flex;gap:1rem;align-items:center;margin:.75rem 0 0}
        .actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:0 0 1rem}.actions a.secondary{width:auto;padding:.6rem 1.5rem;margin:0}
        .actions a[aria-current=page]{background:var(--brand);color:#fff}
        fieldset.orders{border:0;padding:0;margin:0 0 1rem;display:grid;gap:.5rem}fieldset.orders legend{font-weight:600;margin:0 0 .5rem}
        progress{display:block;width:100%;height:1.5rem;margin:.5rem 0;accent-color:var(--brand)}
        .upload{max-width:40rem}.upload input[type=file]{font:inherit;padding:.5rem 0;max-width:100%}.upload button.primary{width:auto;padding:.6rem 2rem}
        td.line{font-variant-numeric:tabular-nums;width:6rem}
        .signature{margin-top:3rem;border-bottom:1px solid var(--ink);max-width:24rem;padding-bottom:2rem}
        .dashboard-bar{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:end;gap:0 1.5rem}.dashboard-bar form{flex:1 1 28rem}
        .day-links{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;margin:0 0 1.1rem}
        ul.totals{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:1rem;margin:0 0 1rem}
        ul.totals>li{background:#fff;border:1px solid var(--line);border-left:4px solid var(--brand);border-radius:.5rem;padding:.6rem 1rem}
        ul.totals p{margin:0}ul.totals strong{display:block;font-size:1.5rem;font-variant-numeric:tabular-nums}ul.totals span{color:var(--muted);font-size:.9rem}
        figure.chart-figure{margin:0 0 .75rem}svg.chart{display:block;width:100%;height:auto}
        table.compact{font-size:.85rem}table.compact td,table.compact th{padding:.2rem .5rem}table.compact tbody th,table.compact .amount{font-weight:400}table.compact tbody th{background:none}
        table.grid caption{text-align:left;color:var(--muted);font-size:.85rem;padding:0 0 .25rem}table.compact code{display:block;color:var(--muted);font-size:.75rem}
        @media print{header.top,.no-print{display:none}body{background:#fff}.card{border:0}}
        @media (min-width:48rem){main{padding-top:2rem}nav.tabs{position:static;max-width:34rem;margin:0 auto;border:1px solid var(--line);border-radius:.75rem}}
        """

    /// Optional help on top of pages that work without it: a waiting page reloads itself, a
    /// roster import's progress bar moves as its rows are written (its state asked for every
    /// 100 ms: a 10,000-row file writes its rows in well under a second, and asked every 500 ms
    /// the bar would jump from empty to full), and the custom amount is checked as typed. And the one thing a page cannot do without it: open
    /// Alipay's or WeChat's own cashier through their apps' bridges, then show the order again.
    public static let script = """
        document.addEventListener("DOMContentLoaded", function () {
          var refresh = +(document.body.dataset.refresh || 0);
          if (refresh > 0) setTimeout(function () { location.reload(); }, refresh * 1000);
          var pay = document.querySelector("[data-cashier=bridge]");
          if (pay) pay.addEventListener("click", function () {
            var d = pay.dataset, back = function () { location.reload(); };
            if (d.alipayTradeNo && window.AlipayJSBridge) {
              AlipayJSBridge.call("tradePay", { tradeNO: d.alipayTradeNo }, back);
            } else if (d.wechatPaysign && window.WeixinJSBridge) {
              WeixinJSBridge.invoke("getBrandWCPayRequest", { appId: d.wechatAppid, timeStamp: d.wechatTimestamp,
                nonceStr: d.wechatNoncestr, package: d.wechatPackage, signType: d.wechatSigntype, paySign: d.wechatPaysign }, back);
            }
          });
          var bar = document.querySelector("progress[data-poll]");
          if (bar) {
            var said = document.getElementById("progress-text"), count = function (n) { return n.toLocaleString("en-US"); };
            var poll = function () {
              fetch(bar.dataset.poll, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (s) {
                  if (s && s.status !== "running") { location.reload(); return; }
                  if (s && s.rows_total > 0) {
                    bar.max = s.rows_total;
                    bar.value = s.rows_written;
                    said.textContent = bar.dataset.template.replace("{written}", count(s.rows_written)).replace("{total}", count(s.rows_total));
                  }
                  setTimeout(poll, s ? 100 : 2000);
                }, function () { setTimeout(poll, 2000); });
            };
            setTimeout(poll, 100);
          }
          var input = document.querySelector("input[data-min-fen]");
          if (!input) return;
          var out = document.getElementById(input.id + "-live");
          function check() {
            var text = input.value.trim(), fen = Math.round(parseFloat(text) * 100);
            var min = +input.dataset.minFen, max = +input.dataset.maxFen, multiple = +(input.dataset.multipleFen || 0);
            var left = +input.dataset.leftFen, msg = "";
            if (text === "") msg = "";
            else if (!/^\\d+(\\.\\d{1,2})?$/.test(text)) msg = input.dataset.msgFormat;
            else if (fen < min || fen > max) msg = input.dataset.msgRange;
            else if (multiple && fen % multiple !== 0) msg = input.dataset.msgMultiple;
            else if (fen > left) msg = input.dataset.msgLeft;
            out.textContent = msg;
            input.setAttribute("aria-invalid", msg ? "true" : "false");
          }
          input.addEventListener("input", check);
        });
        """
}
