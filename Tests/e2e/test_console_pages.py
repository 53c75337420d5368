"""The card office's console at a desk: a clerk signs in, and what goes wrong on the way. Every
console page is looked at (a 1280 px screenshot, axe)."""

import re

CONSOLE_PAGES = []


def clerk_credentials(server):
    found = re.search(r"console clerk: (\S+) / (\S+)", server.output())
    return found.group(1), found.group(2)


def look(desk, name):
    CONSOLE_PAGES.append(name)
    desk.look(name, widths=(1280,))


def sign_in(desk, username, password):
    desk.go("/console")
    desk.fill("username", username)
    desk.fill("password", password)
    desk.submit()


def test_clerk_signs_in_switches_to_english_and_signs_out(desk, server):
    username, password = clerk_credentials(server)
    desk.go("/console")
    assert "校园卡管理台登录" in desk.text()
    look(desk, "console-sign-in")

    sign_in(desk, username, "not-the-password")
    desk.wait_for(lambda: desk.find("[role=alert]"), what="the refusal")
    assert desk.find("input[name=username]").get_attribute("value") == username
    look(desk, "console-sign-in-refused")

    desk.fill("password", password)
    desk.submit()
    desk.wait_for(lambda: desk.find("#signed-in"), what="the console's first page")
    assert "校园卡服务中心" in desk.text("#role")
    assert "示范大学" in desk.text("#school")
    look(desk, "console-home")

    desk.click(".lang button")
    desk.wait_for(lambda: "Sign out" in desk.text("body"), what="the English console")
    assert "Service-center clerk" in desk.text("#role")
    look(desk, "console-home-en")
    desk.click(".lang button")

    desk.click(".sign-out button")
    desk.wait_for(lambda: desk.find("input[name=password]"), what="the sign-in form after signing out")
    desk.go("/console")
    assert desk.find("input[name=password]")


def test_clerk_finds_a_cardholder_by_name_and_reads_their_profile(desk, server):
    # The demo's 张三 (20260001) has records from the start (and, after the phone pages' tests, a binding).
    username, password = clerk_credentials(server)
    sign_in(desk, username, password)
    desk.wait_for(lambda: desk.find("input[name=q]"), what="the search box on the console's first page")
    desk.fill("q", "张")
    desk.submit("main form.search button[type=submit]")
    desk.wait_for(lambda: desk.find("table.grid"), what="the cardholders found")
    assert "张三" in desk.text("table.grid") and "20260001" in desk.text("table.grid")
    look(desk, "console-search")

    desk.click("a[href='/console/cardholders/20260001']")
    desk.wait_for(lambda: desk.find("#records"), what="the cardholder's profile")
    records = desk.text("section[aria-labelledby=records]")
    assert "充值" in records and "¥" in records, records
    assert "20260001" in desk.text("section[aria-labelledby=cards]")
    look(desk, "console-profile")

    desk.go("/console/cardholders?q=" + "nobody-like-this")
    assert "没有找到" in desk.text()
    look(desk, "console-search-empty")


def test_no_console_page_has_a_serious_accessibility_violation(accessibility):
    # Runs after this file's tests (pytest keeps file order).
    assert CONSOLE_PAGES, "no console page was checked"
    bad = {page: accessibility[page] for page in CONSOLE_PAGES if accessibility.get(page)}
    assert not bad, "\n".join(f"{page}: {found}" for page, found in bad.items())
