#!/usr/bin/env python3
"""The fault suite (issue 22): a mixed load (spends, retried and conflicting retries, voids, Alipay
top-ups, requests that must be refused) while
- the server is killed with SIGKILL and started again, several times (SQLite and PostgreSQL);
- PostgreSQL is restarted with `-m immediate` and its backends terminated mid-batch;
- two servers share one PostgreSQL behind nginx and one of them is killed;
then checks that every acknowledged request is in the ledger exactly once, every refused one
not at all, every unanswered one at most once, that no purse is negative, the audit holds and
every paid top-up is credited, and prints the figures. Exits 1 on any violation.

    python3 Tests/faults/faults.py --engine sqlite|postgresql [--soak]
"""

import argparse
import base64
import json
import os
import random
import shutil
import sys
import tempfile
import time

import checks
from clients import Figures, Phone, Terminal
from load import Load
from processes import Cluster, Nginx, Sandbox, Server, free_port, wait_healthy

CARDHOLDERS = [  # The demo school's (DemoSchool.swift) with their ID numbers, which the face step sends to the provider.
    ("20260001", "张三", "440305200001011235", {"campus": "MAIN", "initial_password": "011235"}),
    ("20169001", "李老师", "310115199908154565", {"campus": "EAST", "initial_password": "154565"}),
    ("20220001", "王五", "110108200102037890", {"campus": "EAST", "initial_password": "037890"}),
]


class Run:
    """One engine's run: its folder, database, sandbox, servers and load."""

    def __init__(self, engine, soak, seed):
        self.engine, self.soak, self.seed = engine, soak, seed
        self.random = random.Random(seed)
        self.folder = tempfile.mkdtemp(prefix=f"campuscard-faults-{engine}-")
        self.cluster = Cluster(self.folder) if engine == "postgresql" else None
        self.database = self.cluster.url if self.cluster else os.path.join(self.folder, "campuscard.sqlite")
        self.figures = Figures()
        self.started = time.time()
        self.sandbox, self.servers, self.nginx, self.load = None, [], None, Load(None, [], self.figures)

    def start(self):
        """The sandbox, the server (seeding the demo school) and three students bound on their phones."""
        # The address the sandbox notifies: the single server's, later nginx's in front of two.
        self.front = free_port()
        self.sandbox = Sandbox(self.folder, f"http://127.0.0.1:{self.front}")
        self.environment = dict(os.environ, CAMPUSCARD_MASTER_KEY=base64.b64encode(os.urandom(32)).decode(), **self.sandbox.environment)
        self.servers = [Server(self.folder, self.database, self.environment, port=self.front)]
        code, secret = self.servers[0].terminal()
        self.terminal = Terminal(self.servers[0].base, code, secret, self.figures)
        self.phones = [Phone(self.servers[0].base, self.sandbox.base, number, name, id_number, proof, self.figures)
                       for number, name, id_number, proof in CARDHOLDERS]
        self.load = Load(self.terminal, self.phones, self.figures, seed=self.seed)
        # Top-ups whose notification Alipay loses: only asking Alipay (the order page does, a
        # minute after the order) credits them. Ordered first, so the minute runs under the faults.
        self.load.top_ups += [phone.top_up("50", notified=False) for phone in self.phones[:2]]
        print(f"faults ({self.engine}): started: {time.time() - self.started:.0f} s", flush=True)

    def more(self, short):
        """`short` (seconds, faults) in the short run, five times that in the soak."""
        return short * (5 if self.soak else 1)

    def pause(self, low, high):
        time.sleep(self.random.uniform(low, high))

    def crashes(self):
        """SIGKILL at random moments, the server started again on the same database and port."""
        server = self.servers[0]
        for _ in range(self.more(4)):
            self.pause(2, 5)
            server.kill()
            self.figures.add("crashes survived")
            self.pause(0, 1)
            server.start()

    def database_faults(self):
        """PostgreSQL crashes (immediate restart) and loses every session (terminated backends)."""
        for _ in range(self.more(2)):
            self.pause(2, 4)
            self.cluster.restart_immediately()
            self.figures.add("crashes survived")
            self.figures.add("PostgreSQL restarts")
            self.pause(2, 4)
            self.cluster.terminate_backends()
            self.figures.add("crashes survived")
            self.figures.add("backend terminations")

    def two_servers(self):
        """Two servers on the one PostgreSQL behind nginx; one is killed under load and the other
        must carry on: spends acknowledged after the kill prove it."""
        self.servers[0].stop()
        self.servers = [Server(self.folder, self.database, self.environment) for _ in range(2)]
        # nginx listens where the single server did: the terminal, phones and sandbox follow.
        self.nginx = Nginx(self.folder, self.servers[0].port, self.servers[1].port, self.front)
        if not wait_healthy(self.nginx.base, process=self.nginx.process):
            raise RuntimeError("nginx did not start")
        self.pause(3, 5)
        self.servers[0].kill()
        self.figures.add("crashes survived")
        self.figures.add("servers killed behind nginx")
        before = sum(s.acknowledged for s in self.load.spends)
        time.sleep(self.more(6))
        after = sum(s.acknowledged for s in self.load.spends)
        self.figures.add("spends acknowledged after one of two servers died", after - before)
        return [] if after > before else ["nothing was acknowledged after one of the two servers was killed"]

    def scenarios(self):
        yield "SIGKILL and restart", self.crashes
        if self.cluster:
            yield "PostgreSQL restarted and backends terminated", self.database_faults
            yield "two servers behind nginx, one killed", self.two_servers

    def run(self):
        """The load under every fault of the engine, then the checks; the violations found."""
        problems = []
        self.load.start()
        try:
            for name, scenario in self.scenarios():
                began = time.time()
                problems += scenario() or []
                time.sleep(2)
                print(f"faults ({self.engine}): {name}: {time.time() - began:.0f} s", flush=True)
        finally:
            self.load.stop()
        began = time.time()
        problems += self.load.violations + self.check()
        print(f"faults ({self.engine}): checks: {time.time() - began:.0f} s", flush=True)
        return problems

    def check(self):
        ledger = checks.Ledger(self.database, self.cluster)
        scope = "terminal:" + ledger.terminal_id(self.terminal.code)
        spends, voids = ledger.posted(scope), ledger.posted("terminal-void:" + scope.split(":")[1])
        problems = checks.spend_status(self.terminal, self.load.spends, voids)
        problems += checks.credited(self.load.top_ups, ledger, self.figures, deadline_seconds=150)
        problems += checks.once(self.load.spends, spends, self.figures, "spend", amount=True)
        problems += checks.once(self.load.voids, voids, self.figures, "void")
        problems += checks.absent(self.load.refusals_expected, spends)
        problems += checks.purses(ledger)
        problems += checks.audit(self.database, self.environment)
        if self.figures.statuses["500"]:
            problems.append(f"{self.figures.statuses['500']} answers were 500")
        return problems

    def report(self, problems):
        counts, statuses = self.figures.counts, self.figures.statuses
        operations = self.load.spends + self.load.voids + self.load.top_ups
        paid = [op for op in self.load.top_ups if op.acknowledged and op.paid]
        figures = {
            "engine": self.engine, "seconds": round(time.time() - self.started),
            "operations sent": len(operations), "requests sent": counts["requests sent"],
            "acknowledged": counts["acknowledged"], "found in ledger": counts["found in ledger"], "lost": counts["lost"],
            "duplicated": counts["duplicated"], "refused": counts["refused"], "unanswered": counts["unanswered"],
            "unanswered, landed": counts["unanswered, landed"], "crashes survived": counts["crashes survived"],
            "bad inputs tried": counts["bad inputs tried"], "5xx seen": sum(n for s, n in statuses.items() if s.startswith("5")),
            "top-ups paid": len(paid), "top-ups paid with the notification lost": sum(not op.notified for op in paid),
            "answers by status": dict(sorted(statuses.items())), "violations": len(problems),
        }
        figures.update({k: v for k, v in sorted(counts.items()) if k not in figures})
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        for problem in problems[:50]:
            print("VIOLATION:", problem)

    def stop(self):
        for process in [self.nginx, *self.servers, self.sandbox]:
            if process:
                process.stop()
        if self.cluster:
            self.cluster.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], required=True)
    parser.add_argument("--soak", action="store_true", default=bool(os.environ.get("CAMPUSCARD_FAULTS_SOAK")),
                        help="five times longer, five times the faults (also CAMPUSCARD_FAULTS_SOAK=1)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (logs, database)")
    args = parser.parse_args()
    run = Run(args.engine, args.soak, args.seed)
    problems = ["the run stopped: see the traceback"]
    try:
        run.start()
        problems = run.run()
    finally:
        run.stop()
        run.report(problems)
        if problems or args.keep:
            print("faults: the run's logs and database are in", run.folder)
        else:
            shutil.rmtree(run.folder, ignore_errors=True)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
