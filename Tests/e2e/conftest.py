"""The cardholder's pages in a real browser: a demo server (SQLite, or PostgreSQL when
E2E_POSTGRES_URL names a fresh database), headless Chromium through chromedriver, axe on every
page, and screenshots of every page at 390 and 1280 px under Tests/e2e/screenshots/."""

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.path.join(ROOT, "Tests", "e2e", "screenshots")
CAMPUSCARD = os.path.join(ROOT, ".build", "debug", "campuscard")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.dir = tempfile.mkdtemp(prefix="campuscard-e2e-")
        self.engine = "postgresql" if os.environ.get("E2E_POSTGRES_URL") else "sqlite"
        self.database = ["--database", os.environ["E2E_POSTGRES_URL"]] if os.environ.get("E2E_POSTGRES_URL") else []
        args = [CAMPUSCARD, "serve", "--port", str(self.port), "--demo", "true"] + self.database
        self.log = open(os.path.join(self.dir, "serve.log"), "w+")
        # A key of this run's own (PostgreSQL requires one; SQLite would make and keep one in its folder).
        self.environment = dict(os.environ, CAMPUSCARD_MASTER_KEY=base64.b64encode(secrets.token_bytes(32)).decode())
        self.process = subprocess.Popen(args, cwd=self.dir, stdout=self.log, stderr=subprocess.STDOUT, env=self.environment)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start: " + self.output())
        found = re.search(r"POS terminal (\S+), HMAC secret: (\S+)", self.output())
        self.terminal, self.terminal_secret = found.group(1), found.group(2)

    def output(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()

    def cli(self, *args):
        """`campuscard …` on the server's own database and master key (as its machine's shell runs it)."""
        command = [CAMPUSCARD, *args] + self.database
        done = subprocess.run(command, cwd=self.dir, env=self.environment, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{' '.join(args)}: {done.stdout}{done.stderr}"
        return done.stdout

    def pos_spend(self, payment_code, amount_fen, terminal=None, secret=None):
        """A signed charge as a canteen's terminal sends it (TerminalSigning): the demo's, or `terminal` with its `secret`."""
        body = json.dumps({"payment_code": payment_code, "amount_fen": amount_fen, "transaction_id": "e2e-" + secrets.token_hex(8)})
        path, timestamp, nonce = "/api/v1/pos/spends", str(int(time.time())), secrets.token_hex(12)
        text = "\n".join(["POST", path, timestamp, nonce, body])
        key = (secret or self.terminal_secret).encode()
        signature = base64.b64encode(hmac.new(key, text.encode(), hashlib.sha256).digest()).decode()
        request = urllib.request.Request(self.base + path, data=body.encode(), method="POST", headers={
            "Content-Type": "application/json", "X-Terminal-Id": terminal or self.terminal, "X-Timestamp": timestamp, "X-Nonce": nonce,
            "X-Signature": signature})
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()
    assert "Fatal error" not in s.output()


def gone(element):
    """Whether a page's element was replaced by the next page (Chromium says so in two ways)."""
    try:
        element.is_enabled()
        return False
    except WebDriverException:
        return True


class Browser:
    """One phone: its own cookies (its own device id)."""

    def __init__(self, server, accessibility):
        options = webdriver.ChromeOptions()
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN", "--window-size=390,844"]:
            options.add_argument(flag)
        options.binary_location = "/usr/bin/chromium"
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.implicitly_wait(0)
        self.server = server
        self.accessibility = accessibility

    def go(self, path):
        self.driver.get(self.server.base + path)
        WebDriverWait(self.driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def text(self, css="main"):
        return self.find(css).text

    def fill(self, name, value):
        field = self.find(f"input[name='{name}']")
        field.clear()
        field.send_keys(value)

    def click(self, css, navigates=True):
        """As a thumb would: scrolled into the middle first (the tab bar stays at the bottom); then,
        for a link or a form, until the next page has replaced this one."""
        element = self.find(css)
        page = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        if navigates:
            WebDriverWait(self.driver, 30).until(lambda d: gone(page))
            WebDriverWait(self.driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def submit(self, css="main form button[type=submit]"):
        self.click(css)

    def wait_for(self, predicate, seconds=30, what="the page"):
        end = time.time() + seconds
        while time.time() < end:
            try:
                if predicate():
                    return
            except Exception:
                pass
            time.sleep(0.3)
        raise AssertionError(f"waited {seconds}s for {what}; page: {self.driver.current_url}\n{self.driver.find_element(By.TAG_NAME, 'body').text}")

    def look(self, name, widths=(390, 1280)):
        """The page as a phone (390 px) and a desktop (1280 px) show it (the console: the
        desktop only), and axe's findings."""
        os.makedirs(SHOTS, exist_ok=True)
        for width in widths:
            metrics = {"width": width, "height": 844 if width < 600 else 800, "deviceScaleFactor": 1, "mobile": width < 600}
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", dict(metrics, height=min(max(height, metrics["height"]), 4000)))
            self.driver.save_screenshot(os.path.join(SHOTS, f"{self.server.engine}-{name}-{width}.png"))
        first = widths[0]
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": first, "height": 844 if first < 600 else 800, "deviceScaleFactor": 1, "mobile": first < 600})
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
        self.accessibility[name] = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in bad]

    def quit(self):
        self.driver.quit()


@pytest.fixture(scope="session")
def accessibility():
    found = {}
    yield found


@pytest.fixture
def phone(server, accessibility):
    b = Browser(server, accessibility)
    yield b
    b.quit()


@pytest.fixture
def desk(server, accessibility):
    """A card office's desktop browser (1280 px)."""
    b = Browser(server, accessibility)
    b.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    yield b
    b.quit()


@pytest.fixture
def second_phone(server, accessibility):
    b = Browser(server, accessibility)
    yield b
    b.quit()
