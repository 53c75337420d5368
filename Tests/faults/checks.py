"""What must hold after the faults, read from the ledger itself (the transfers table), the API
and `campuscard audit`. Each check returns its violations as text."""

import os
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

from processes import BINARY


class Ledger:
    """The database's transfers, read directly: on SQLite with Python's sqlite3, on PostgreSQL
    through the cluster's psql."""

    def __init__(self, database, cluster=None):
        self.database, self.cluster = database, cluster

    def rows(self, query):
        if self.cluster:
            return self.cluster.psql(query)
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=30) as connection:
            return [[str(v) for v in row] for row in connection.execute(query)]

    def posted(self, scope):
        """{idempotency key: (transfers, total fen)} of one scope."""
        rows = self.rows(f"SELECT idempotency_key, COUNT(*), SUM(amount) FROM transfers WHERE idempotency_scope = '{scope}' "
                         "GROUP BY idempotency_key")
        return {key: (int(count), int(total)) for key, count, total in rows}

    def terminal_id(self, code):
        return self.rows(f"SELECT id FROM terminals WHERE code = '{code}'")[0][0]


def once(operations, posted, figures, name, amount=False):
    """Every acknowledged operation is in the ledger exactly once (with the amount it was
    acknowledged for), every refused one not at all, every unanswered one at most once."""
    problems = []
    for operation in operations:
        count, total = posted.get(operation.key, (0, 0))
        if operation.acknowledged:
            figures.add("acknowledged")
            figures.add("found in ledger" if count else "lost")
            if count > 1:
                figures.add("duplicated")
            if count != 1 or (amount and total != operation.amount):
                problems.append(f"acknowledged {name} {operation.key} ({operation.amount}) is in the ledger {count}x, {total} fen")
        elif operation.refused:
            figures.add("refused")
            if count:
                problems.append(f"refused {name} {operation.key} is in the ledger {count}x: {operation.answers}")
        else:
            figures.add("unanswered")
            figures.add("unanswered, landed" if count else "unanswered, not landed")
            if count > 1:
                figures.add("duplicated")
                problems.append(f"unanswered {name} {operation.key} is in the ledger {count}x")
    return problems


def absent(operations, posted):
    """A request the server must refuse left no transfer under its transaction id."""
    return [f"{op.kind} {op.key} is in the ledger" for op in operations if op.key in posted]


def spend_status(terminal, spends, voided):
    """The API tells a terminal the same as the ledger: an acknowledged charge is `charged`, with
    its amount, and voided exactly when its void landed."""

    def disagreement(spend):
        status, answer = terminal.status(spend.key)
        if status != 200 or answer.get("status") != "charged" or answer["spend"]["amount_fen"] != spend.amount:
            return f"status of {spend.key}: {status} {answer}"
        if bool(answer.get("voided")) != (spend.key in voided):
            return f"status of {spend.key} says voided={answer.get('voided')}, the ledger {spend.key in voided}"
        return None

    with ThreadPoolExecutor(8) as pool:
        return [p for p in pool.map(disagreement, [s for s in spends if s.acknowledged]) if p]


def credited(top_ups, ledger, figures, deadline_seconds):
    """Every paid order is credited once (by Alipay's notification or, when that was lost,
    by asking Alipay: the order page does after a minute); an unpaid one never."""
    paid = [op for op in top_ups if op.acknowledged and op.paid]
    end = time.time() + deadline_seconds
    waiting = paid
    while waiting and time.time() < end:
        time.sleep(2)
        posted = ledger.posted("topup")
        waiting = [op for op in waiting if op.key not in posted]
        for op in waiting:
            op.phone.order(op.key)
    posted = ledger.posted("topup")
    problems = []
    for op in paid:
        count = posted.get(op.key, (0, 0))[0]
        figures.add("acknowledged")
        figures.add("found in ledger" if count else "lost")
        if count > 1:
            figures.add("duplicated")
        if count != 1:
            problems.append(f"paid top-up {op.key} is in the ledger {count}x")
    problems += [f"unpaid top-up {op.key} was credited" for op in top_ups if op.acknowledged and not op.paid and op.key in posted]
    return problems


def purses(ledger):
    """No purse is negative (the schema forbids it; this proves nothing slipped past)."""
    rows = ledger.rows("SELECT id, balance FROM accounts WHERE kind = 'purse' AND balance < 0")
    return [f"purse {id} is at {balance} fen" for id, balance in rows]


def audit(database, environment):
    """`campuscard audit`: every balance equals its entries and all entries sum to zero."""
    run = subprocess.run([BINARY, "audit", "--database", database], capture_output=True, text=True, env=environment,
                         cwd=os.path.dirname(database) if not database.startswith("postgres") else None)
    return [] if run.returncode == 0 else [f"audit failed: {run.stdout[-2000:]} {run.stderr[-2000:]}"]
