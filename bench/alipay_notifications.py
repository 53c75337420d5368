#!/usr/bin/env python3
"""Signs Alipay trade_status_sync notifications for pending top-up orders (bench-top-ups' file:
order_no<TAB>fen), as Alipay's gateway posts them: form fields signed RSA2 over the sorted
`key=value` pairs without sign and sign_type, with the key the server knows as Alipay's.
A share of the orders is notified twice (the same notification, later in the stream, as
Alipay's retries are), so the server must credit once and answer `success` to both.
Writes bench/replay.lua's format: path<TAB>Header: value<TAB>body."""
import argparse, base64, multiprocessing, random, time, urllib.parse
from datetime import datetime, timedelta, timezone

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

parser = argparse.ArgumentParser()
parser.add_argument("orders")
parser.add_argument("out")
parser.add_argument("--app-id", required=True)
parser.add_argument("--alipay-key", required=True, help="PEM private key playing Alipay's")
parser.add_argument("--duplicates", type=float, default=0.10, help="share of orders notified twice")
args = parser.parse_args()

PATH = "/api/v1/channels/alipay/notify"
china = timezone(timedelta(hours=8))
now = datetime.now(china).strftime("%Y-%m-%d %H:%M:%S")


def signed_body(order):
    order_no, fen = order
    key = signed_body.key
    fields = {
        "app_id": args.app_id, "out_trade_no": order_no, "trade_no": "2026" + order_no[1:].replace("-", ""),
        "trade_status": "TRADE_SUCCESS", "total_amount": "%d.%02d" % divmod(int(fen), 100),
        "notify_id": "bench" + order_no, "notify_type": "trade_status_sync", "notify_time": now, "gmt_payment": now,
        "buyer_id": "2088" + order_no[-12:].zfill(12), "seller_id": "2088000000000001", "charset": "utf-8", "version": "1.0",
    }
    content = "&".join(f"{k}={fields[k]}" for k in sorted(fields))
    fields["sign"] = base64.b64encode(key.sign(content.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    fields["sign_type"] = "RSA2"
    return urllib.parse.urlencode(fields)


def load_key():
    with open(args.alipay_key, "rb") as f:
        signed_body.key = serialization.load_pem_private_key(f.read(), password=None)


if __name__ == "__main__":
    orders = [line.rstrip("\n").split("\t") for line in open(args.orders) if line.strip()]
    started = time.time()
    with multiprocessing.Pool(initializer=load_key) as pool:
        bodies = pool.map(signed_body, orders, chunksize=500)
    # Each duplicate follows its original by up to a few hundred requests: sometimes while the
    # first is still being credited, as Alipay's quick second copy does.
    rng = random.Random(42)
    stream = [(i, body) for i, body in enumerate(bodies)]
    stream += [(i + rng.uniform(1, 400), body) for i, body in enumerate(bodies) if rng.random() < args.duplicates]
    stream.sort(key=lambda item: item[0])
    with open(args.out, "w") as out:
        for _, body in stream:
            out.write(f"{PATH}\tContent-Type: application/x-www-form-urlencoded; charset=utf-8\t{body}\n")
    print(f"signed={len(bodies)} duplicates={len(stream) - len(bodies)} seconds={time.time() - started:.1f}")
