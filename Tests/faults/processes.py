"""The processes a fault run starts and kills: a throwaway PostgreSQL cluster, the providers'
sandbox, `campuscard serve` and nginx in front of two servers. Each lives in the run's folder and
is stopped by the run."""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The debug build `swift test` runs against; CAMPUSCARD_BINARY names another (a release build).
BINARY = os.environ.get("CAMPUSCARD_BINARY") or os.path.join(ROOT, ".build", "debug", "campuscard")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(base, seconds=60, process=None):
    """Waits for `base`/healthz to answer 200; False if it never did (or the process died)."""
    end = time.time() + seconds
    while time.time() < end:
        if process is not None and process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def pg_bin():
    versions = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: int(v)) if os.path.isdir("/usr/lib/postgresql") else []
    return os.path.join("/usr/lib/postgresql", versions[-1], "bin") if versions else None


class Cluster:
    """A PostgreSQL of the run's own, so it may be restarted with `-m immediate` without touching
    anyone else's. PostgreSQL refuses root: as root it runs as `postgres`."""

    def __init__(self, folder):
        self.bin = pg_bin()
        self.folder = os.path.join(folder, "pg")
        self.port = free_port()
        os.makedirs(self.folder)
        if os.getuid() == 0:
            shutil.chown(folder, "postgres")
            shutil.chown(self.folder, "postgres")
        self.as_postgres([f"{self.bin}/initdb", "-D", self.folder + "/data", "-A", "trust", "-U", "postgres"])
        self.ctl("start")
        subprocess.run([f"{self.bin}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-qc",
                        "CREATE DATABASE faults"], check=True, capture_output=True)
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/faults"

    def as_postgres(self, arguments):
        if os.getuid() == 0:
            arguments = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{a}'" for a in arguments)]
        subprocess.run(arguments, check=True, capture_output=True, cwd="/")

    def ctl(self, action, *extra):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self.as_postgres([f"{self.bin}/pg_ctl", "-D", self.folder + "/data", "-l", self.folder + "/server.log", "-w",
                          "-o", options, action, *extra])

    def restart_immediately(self):
        """A crash of the database: every backend dies without a checkpoint, recovery replays the WAL."""
        self.ctl("restart", "-m", "immediate")

    def terminate_backends(self):
        """Kills every session of the server's database (as an administrator or the OOM killer would)."""
        return self.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                         "WHERE datname = 'faults' AND pid <> pg_backend_pid()")

    def psql(self, query):
        """Rows of `query`, as lists of text."""
        out = subprocess.run([f"{self.bin}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "faults",
                              "-AtqX", "-F", "\t", "-c", query], check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def stop(self):
        try:
            self.ctl("stop", "-m", "fast")
        except subprocess.CalledProcessError:
            pass


class Sandbox:
    """The providers (`campuscard sandbox`) in their own process, which no fault touches: Alipay
    remembers every paid trade and keeps notifying `server` until it answers."""

    def __init__(self, folder, server):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        state = os.path.join(folder, "sandbox")
        self.log = open(os.path.join(folder, "sandbox.log"), "w")
        self.process = subprocess.Popen(
            [BINARY, "sandbox", "--port", str(self.port), "--state", state, "--server", server, "--notification-delay", "60"],
            cwd=folder, stdout=self.log, stderr=subprocess.STDOUT)
        if not wait_healthy(self.base, process=self.process):
            raise RuntimeError("the sandbox did not start")
        with open(os.path.join(state, "serve.env")) as f:
            self.environment = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Server:
    """One `campuscard serve` on a fixed port: killed with SIGKILL and started again on the same
    database and port, as a supervisor would."""

    def __init__(self, folder, database, environment, port=None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        self.database = database
        self.environment = environment
        self.log_path = os.path.join(folder, f"serve-{self.port}.log")
        self.process = None
        self.start()

    def start(self):
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--port", str(self.port), "--database", self.database, "--demo", "true", "--upkeep-interval", "1"],
            cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, env=self.environment)
        log.close()
        if not wait_healthy(self.base, process=self.process):
            raise RuntimeError(f"the server did not start:\n{self.output()[-3000:]}")

    def kill(self):
        """SIGKILL: no shutdown, no answer to the requests under way."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def terminal(self):
        """The demo terminal's code and secret, as the server printed them."""
        found = re.search(r"POS terminal (\S+), HMAC secret: (\S+)", self.output())
        return found.group(1), found.group(2)

    def output(self):
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


NGINX_CONF = """
worker_processes 1;
daemon off;
{user}
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {folder}/nginx-tmp/body;
    proxy_temp_path {folder}/nginx-tmp/proxy;
    fastcgi_temp_path {folder}/nginx-tmp/fastcgi;
    uwsgi_temp_path {folder}/nginx-tmp/uwsgi;
    scgi_temp_path {folder}/nginx-tmp/scgi;
    upstream campuscard {{
        server 127.0.0.1:{first} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{second} max_fails=1 fail_timeout=30s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://campuscard;
            proxy_set_header Host $host;
            proxy_connect_timeout 1s;
            proxy_read_timeout 30s;
        }}
    }}
}}
"""


class Nginx:
    """Debian's nginx in front of two servers, as a child of the run (not a daemon). A POST is
    never passed on to the other server (nginx's default): it may have been done."""

    def __init__(self, folder, first, second, port):
        self.port = port
        self.base = f"http://127.0.0.1:{self.port}"
        os.makedirs(os.path.join(folder, "nginx-tmp"), exist_ok=True)
        conf = os.path.join(folder, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(folder=folder, first=first, second=second, port=self.port,
                                      user="user root;" if os.getuid() == 0 else ""))
        self.process = subprocess.Popen(["nginx", "-c", conf, "-p", folder, "-e", os.path.join(folder, "nginx-error.log")], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
