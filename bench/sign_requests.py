#!/usr/bin/env python3
"""Pre-signs POS spend requests for wrk (whose Lua has no HMAC), one a line in bench/replay.lua's
format: path<TAB>Header: value<TAB>…<TAB>body. Each request has its own nonce and
transaction id, so none is a replay; timestamps are "now", so run this right before the load."""
import argparse, base64, hashlib, hmac, json, os, random, time

parser = argparse.ArgumentParser()
parser.add_argument("terminals")
parser.add_argument("out")
parser.add_argument("--count", type=int, default=200_000)
parser.add_argument("--mode", choices=["uniform", "rush"], default="uniform")
parser.add_argument("--amount", type=int, default=500)
args = parser.parse_args()

terminals = []
for line in open(args.terminals):
    code, secret, school, prefix, cards = line.rstrip("\n").split("\t")
    terminals.append((code, secret.encode(), prefix, int(cards)))
if args.mode == "rush":
    # The 12:00 rush: every spend goes to one canteen per school, five hot merchants in all.
    terminals = [t for t in terminals if t[0].endswith("-0")]

rng = random.Random(42)
timestamp = str(int(time.time()))
run = os.urandom(4).hex()
with open(args.out, "w") as out:
    for i in range(args.count):
        code, secret, prefix, cards = terminals[rng.randrange(len(terminals))]
        card = prefix + "%08d" % rng.randrange(cards)
        body = json.dumps({"card_number": card, "amount_fen": args.amount, "transaction_id": f"{run}-{i}"}, separators=(",", ":"))
        nonce = f"{run}{i:012d}"
        text = "\n".join(["POST", "/api/v1/pos/spends", timestamp, nonce, body])
        signature = base64.b64encode(hmac.new(secret, text.encode(), hashlib.sha256).digest()).decode()
        headers = [("Content-Type", "application/json"), ("X-Terminal-Id", code), ("X-Timestamp", timestamp),
                   ("X-Nonce", nonce), ("X-Signature", signature)]
        out.write("\t".join(["/api/v1/pos/spends"] + [f"{k}: {v}" for k, v in headers] + [body]) + "\n")
