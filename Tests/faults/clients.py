"""What the load sends: a POS terminal's signed spends, retries, conflicting retries and voids; a
student's top-ups paid at the sandbox's Alipay; requests the server must refuse. Every request's
outcome is written down: answered 2xx, refused (a definite 4xx), or unanswered (no answer, or a
5xx, which promises nothing)."""

import base64
import collections
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.request

TIMEOUT = 15


def call(url, method="GET", body=None, headers=None):
    """(status, decoded body) of one request; status None when nothing came back."""
    data = None if body is None else (body if isinstance(body, bytes) else body.encode())
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return answer.status, decode(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, decode(error.read())
    except (OSError, ValueError):
        return None, None


def decode(raw):
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


class Figures:
    """The run's counts, shared by every client thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.statuses = collections.Counter()

    def add(self, name, n=1):
        with self.lock:
            self.counts[name] += n

    def saw(self, status):
        with self.lock:
            self.statuses["none" if status is None else str(status)] += 1


class Operation:
    """One thing asked for under one id (a spend, a void, a top-up): its attempts' answers."""

    def __init__(self, kind, key, amount=None):
        self.kind, self.key, self.amount = kind, key, amount
        self.answers = []
        self.body = None

    @property
    def acknowledged(self):
        return any(status is not None and 200 <= status < 300 for status, _ in self.answers)

    @property
    def refused(self):
        return not self.acknowledged and any(status is not None and 400 <= status < 500 for status, _ in self.answers)


def answered(status):
    return status is not None and status < 500


class Terminal:
    """The demo canteen's terminal: each request signed (TerminalSigning) with a fresh nonce."""

    def __init__(self, base, code, secret, figures):
        self.base, self.code, self.secret, self.figures = base, code, secret.encode(), figures

    def headers(self, method, path, body, secret=None, nonce=None, timestamp=None):
        timestamp = timestamp or str(int(time.time()))
        nonce = nonce or secrets.token_hex(12)
        text = "\n".join([method, path, timestamp, nonce, body])
        signature = base64.b64encode(hmac.new(secret or self.secret, text.encode(), hashlib.sha256).digest()).decode()
        return {"Content-Type": "application/json", "X-Terminal-Id": self.code, "X-Timestamp": timestamp, "X-Nonce": nonce,
                "X-Signature": signature}

    def post(self, path, body, **signing):
        status, answer = call(self.base + path, "POST", body, self.headers("POST", path, body, **signing))
        self.figures.add("requests sent")
        self.figures.saw(status)
        return status, answer

    def get(self, path, **signing):
        status, answer = call(self.base + path, "GET", None, self.headers("GET", path, "", **signing))
        self.figures.saw(status)
        return status, answer

    def send(self, operation, path, retry_for):
        """Sends `operation` and, while unanswered, sends it again (same id and body, a new nonce)
        for up to `retry_for` seconds, as a terminal does after a timeout."""
        end = time.time() + retry_for
        while True:
            status, answer = self.post(path, operation.body)
            operation.answers.append((status, answer))
            if answered(status) or time.time() >= end:
                return status, answer
            self.figures.add("retries after no answer")
            time.sleep(0.5)

    def spend(self, card, amount, retry_for):
        operation = Operation("spend", "f-" + secrets.token_hex(8), amount)
        operation.body = json.dumps({"card_number": card, "amount_fen": amount, "transaction_id": operation.key})
        self.send(operation, "/api/v1/pos/spends", retry_for)
        return operation

    def repeat(self, spend):
        """The same spend again (a terminal that lost the answer): must answer the first charge."""
        status, answer = self.post("/api/v1/pos/spends", spend.body)
        self.figures.add("plain retries")
        return status, answer

    def void(self, spend, retry_for):
        operation = Operation("void", spend.key)
        operation.body = json.dumps({"transaction_id": spend.key})
        self.send(operation, "/api/v1/pos/voids", retry_for)
        return operation

    def status(self, key):
        return self.get(f"/api/v1/pos/spends/{key}")


class Phone:
    """A student's phone in Alipay: signed in and bound through the sandbox, then topping up."""

    def __init__(self, base, sandbox, staff_number, name, id_number, proof, figures):
        self.base, self.sandbox, self.figures = base, sandbox, figures
        user = "2088" + secrets.token_hex(6)
        _, code = call(sandbox + "/sandbox/alipay/auth-codes", "POST", json.dumps({"user_id": user}), JSON)
        device = "faults-" + secrets.token_hex(8)
        _, session = call(base + "/api/v1/h5/sessions", "POST", json.dumps(
            {"channel": "alipay", "auth_code": code["auth_code"], "device_id": device}), JSON)
        self.auth = dict(JSON, Authorization="Bearer " + session["token"], **{"X-Device-ID": device})
        # The server starts Alipay's certification; the student passes it on Alipay's (the sandbox's) page.
        _, started = call(base + "/api/v1/h5/face-certifications", "POST", json.dumps(
            {"school": "DEMO", "staff_number": staff_number, "name": name, "id_number": id_number, "return_url": base + "/h5/DEMO"}),
            self.auth)
        _, page = call(started["url"])
        action = re.search(r'action="([^"]+)"', page).group(1)
        call(sandbox + action, "POST", json.dumps({"passed": "true"}), JSON)
        form = {"school": "DEMO", "campus": None, "staff_number": staff_number, "name": name, "payment_password": "135792",
                "face_certification_id": started["certification_id"]}
        form.update(proof)
        status, card = call(base + "/api/v1/h5/bindings", "POST", json.dumps(form), self.auth)
        if status != 200:
            raise RuntimeError(f"binding {staff_number}: {status} {card}")
        self.binding, self.card = card["binding"]["id"], card["binding"]["card_number"]

    def top_up(self, yuan, notified=True):
        """Orders a quick top-up and pays it at the sandbox's Alipay; the operation's key is the
        order number, and it counts as paid when Alipay said so. Unless `notified`, Alipay's
        notification is lost: only asking Alipay (reconciliation) finds the payment."""
        body = json.dumps({"kind": "quick", "amount": yuan, "request_id": "faults-" + secrets.token_hex(8)})
        status, order = call(f"{self.base}/api/v1/h5/bindings/{self.binding}/top-ups", "POST", body, self.auth)
        self.figures.saw(status)
        self.figures.add("requests sent")
        operation = Operation("top-up", order.get("order_no") if isinstance(order, dict) else None)
        operation.answers.append((status, order))
        operation.paid, operation.phone, operation.notified = False, self, notified
        if operation.acknowledged and operation.key:
            paid, _ = call(f"{self.sandbox}/sandbox/alipay/trades/{operation.key}/pay" + ("" if notified else "?notify=false"), "POST", "{}", JSON)
            operation.paid = paid == 200
            operation.amount = int(round(float(order["amount"]) * 100))
        return operation

    def order(self, order_no):
        return call(f"{self.base}/api/v1/h5/bindings/{self.binding}/top-ups/{order_no}", "GET", None, self.auth)


JSON = {"Content-Type": "application/json"}
