"""The mixed load the faults strike: terminal threads sending spends (some retried as they were,
some retried with another amount), voids and requests that must be refused; a phone thread
topping up. Every operation is kept for the checks."""

import json
import random
import secrets
import threading
import time

from clients import Operation, answered

BAD_INPUTS = ["conflicting retry", "wrong signature", "stale timestamp", "zero amount", "unknown card", "malformed body",
              "reused nonce"]


class Load:
    """Six terminal threads and a phone thread, from `start()` until `stop()`; the operations and
    what a retry answered wrongly are kept for the checks."""

    def __init__(self, terminal, phones, figures, threads=6, seed=None):
        self.terminal, self.phones, self.figures = terminal, phones, figures
        self.random = random.Random(seed)
        self.spends, self.voids, self.top_ups, self.refusals_expected = [], [], [], []
        self.violations = []
        self.lock = threading.Lock()
        self.running = threading.Event()
        self.threads = [threading.Thread(target=self.terminal_loop, daemon=True) for _ in range(threads)]
        self.threads.append(threading.Thread(target=self.phone_loop, daemon=True))

    def start(self):
        self.running.set()
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.running.clear()
        for thread in self.threads:
            thread.join()

    def violation(self, text):
        with self.lock:
            self.violations.append(text)

    def terminal_loop(self):
        rng = random.Random(self.random.random())
        while self.running.is_set():
            roll = rng.random()
            if roll < 0.72:
                self.spend(rng)
            elif roll < 0.85:
                self.void(rng)
            else:
                self.bad_input(rng)

    def spend(self, rng):
        """A charge; a fifth are abandoned when unanswered (the till gave up), the rest retried."""
        card = rng.choice(self.phones).card
        spend = self.terminal.spend(card, rng.randint(1, 300), retry_for=0 if rng.random() < 0.2 else 20)
        with self.lock:
            self.spends.append(spend)
        if spend.acknowledged and rng.random() < 0.15:
            self.plain_retry(spend)

    def plain_retry(self, spend):
        """The same request again: answered with the first charge (same transfer), never a second."""
        status, answer = self.terminal.repeat(spend)
        if status is not None and 200 <= status < 300:
            first = next(a for s, a in spend.answers if s is not None and 200 <= s < 300)
            if answer.get("transfer_id") != first.get("transfer_id") or not answer.get("replayed"):
                self.violation(f"retry of {spend.key} answered {answer}, the first answer was {first}")
        elif answered(status):
            self.violation(f"retry of acknowledged {spend.key} refused: {status} {answer}")

    def void(self, rng):
        with self.lock:
            candidates = [s for s in self.spends[-200:] if s.acknowledged and not getattr(s, "void_sent", False)]
            if not candidates:
                return
            spend = rng.choice(candidates)
            spend.void_sent = True
        operation = self.terminal.void(spend, retry_for=20)
        with self.lock:
            self.voids.append(operation)

    def bad_input(self, rng):
        """A request the server must refuse with a 4xx and that must change nothing."""
        kind = rng.choice(BAD_INPUTS)
        self.figures.add("bad inputs tried")
        key = "bad-" + secrets.token_hex(8)
        card = rng.choice(self.phones).card
        body = json.dumps({"card_number": card, "amount_fen": 100, "transaction_id": key})
        path = "/api/v1/pos/spends"
        if kind == "conflicting retry":
            with self.lock:
                done = [s for s in self.spends[-200:] if s.acknowledged]
            if not done:
                return
            original = rng.choice(done)
            body = json.dumps({"card_number": json.loads(original.body)["card_number"], "amount_fen": original.amount + 1,
                               "transaction_id": original.key})
            status, answer = self.terminal.post(path, body)
        elif kind == "wrong signature":
            status, answer = self.terminal.post(path, body, secret=b"not-the-terminal-secret")
        elif kind == "stale timestamp":
            status, answer = self.terminal.post(path, body, timestamp=str(int(time.time()) - 3600))
        elif kind == "zero amount":
            status, answer = self.terminal.post(path, body.replace('"amount_fen": 100', '"amount_fen": 0'))
        elif kind == "unknown card":
            status, answer = self.terminal.post(path, body.replace(card, "99999999999"))
        elif kind == "malformed body":
            status, answer = self.terminal.post(path, body[:-5])
        else:
            # The nonce of an answered status question, used again on a new charge.
            nonce = secrets.token_hex(12)
            if not answered(self.terminal.get(f"{path}/{key}", nonce=nonce)[0]):
                return
            status, answer = self.terminal.post(path, body, nonce=nonce)
        if status is not None and 200 <= status < 300:
            self.violation(f"{kind} accepted: {status} {answer}")
        if kind != "conflicting retry":
            with self.lock:
                self.refusals_expected.append(Operation(kind, key))

    def phone_loop(self):
        rng = random.Random(self.random.random())
        while self.running.is_set():
            operation = rng.choice(self.phones).top_up("50")
            with self.lock:
                self.top_ups.append(operation)
            time.sleep(rng.uniform(0.5, 1.5))
