"""A school from nothing in a real browser: the platform's operator (made by `campuscard operator
add`) opens a school with its administrator; the administrator adds a clerk, a canteen and a
terminal; a student of the new school binds and tops up on the phone pages and the new terminal,
signing with the secret shown once, charges the card; the new clerk refunds a mistaken top-up;
the demo school's clerk sees nothing of it. Every new page is looked at (1280 px, axe)."""

import json
import os

from test_cardholder_pages import bind_until_face, face, sign_in as phone_sign_in
from test_console_pages import clerk_credentials, fen, sign_in

PAGES = []


def look(desk, name):
    PAGES.append(name)
    desk.look(name, widths=(1280,))


def signed_in(desk, username, password):
    sign_in(desk, username, password)
    desk.wait_for(lambda: desk.find("#signed-in"), what=f"{username} signed in")


def sign_out(desk):
    desk.click(".sign-out button")
    desk.wait_for(lambda: desk.find("input[name=password]"), what="the sign-in form")


def confirm(desk, name):
    """The confirmation on screen: looked at, then confirmed; what it said it would do."""
    desk.wait_for(lambda: desk.find("#consequence"), what="the confirmation")
    said = desk.text("#consequence")
    look(desk, name)
    desk.submit("main form button.danger")
    return said


def shown_once(desk, name):
    desk.wait_for(lambda: desk.find("#secret"), what="the page showing it once")
    assert "只显示这一次" in desk.text("#once-warning")
    look(desk, name)
    return desk.text("#secret")


def test_an_operator_opens_a_school_whose_terminal_charges_its_students_card(desk, phone, server):
    made = server.cli("operator", "add", "--username", "e2e-ops", "--name", "平台运维", "--json")
    signed_in(desk, "e2e-ops", json.loads(made[made.index("{"):])["password"])
    assert "全平台" in desk.text("#school")
    look(desk, "console-operator-home")
    # A page of a school's own leads the operator to the schools.
    desk.go("/console/cardholders?q=张")
    desk.wait_for(lambda: desk.find("textarea[name=campuses]"), what="the schools")
    assert "DEMO" in desk.text("table.grid")
    look(desk, "console-platform-schools")

    for name, value in [("code", "e2eu"), ("name", "端到端大学"), ("name_en", "E2E University"), ("username", "e2eu-admin"),
                        ("display_name", "王老师")]:
        desk.fill(name, value)
    desk.find("textarea[name=campuses]").send_keys("M 主校区")
    desk.submit("main form button[type=submit]")
    desk.wait_for(lambda: desk.find("#campuses-error"), what="the campus refused on the form")
    look(desk, "console-platform-schools-refused")
    campuses = desk.find("textarea[name=campuses]")
    campuses.clear()
    campuses.send_keys("MAIN 主校区\nEAST 东校区")
    desk.submit("main form button[type=submit]")
    shown_once(desk, "console-platform-school-opened")

    desk.click("a.secondary[href='/console/platform/schools/E2EU']")
    desk.wait_for(lambda: desk.find("#staff-e2eu-admin"), what="the school's page")
    assert "东校区（EAST）" in desk.text() and "还没有终端" in desk.text()
    look(desk, "console-platform-school")
    desk.click("a[href='/console/platform/schools/E2EU/staff/e2eu-admin/password']")
    assert "旧密码立即失效" in confirm(desk, "console-platform-reset-confirm")
    admin_password = shown_once(desk, "console-platform-reset-done")
    desk.go("/console/platform/schools/E2EU")
    assert admin_password not in desk.driver.page_source, "shown once, on no later page"
    sign_out(desk)

    # The administrator: a clerk, a canteen, two terminals (one re-keyed and disabled), a campus renamed.
    signed_in(desk, "e2eu-admin", admin_password)
    desk.click("nav.console-nav a[href='/console/staff']")
    desk.wait_for(lambda: desk.find("input[name=username]"), what="the staff")
    look(desk, "console-staff")
    desk.fill("username", "e2eu-clerk")
    desk.fill("display_name", "李柜员")
    desk.submit("section[aria-labelledby=add-staff] button[type=submit]")
    assert "e2eu-clerk" in confirm(desk, "console-staff-add-confirm")
    clerk_password = shown_once(desk, "console-staff-added")
    desk.go("/console/staff/e2eu-admin/disable")
    confirm(desk, "console-staff-disable-confirm")
    desk.wait_for(lambda: desk.find("[role=alert]"), what="the service's refusal")
    assert "最后一位管理员" in desk.text("[role=alert]")
    look(desk, "console-staff-last-administrator")

    desk.go("/console/merchants")
    desk.fill("merchant_code", "canteen1")
    desk.fill("name", "第一食堂")
    look(desk, "console-merchants")
    desk.submit("section[aria-labelledby=add-merchant] button[type=submit]")
    desk.wait_for(lambda: desk.find("#merchant-CANTEEN1"), what="the canteen added")

    secrets = {}
    for code in ["POS-E2EU-1", "POS-E2EU-2"]:
        desk.go("/console/terminals")
        desk.fill("terminal_code", code)
        desk.submit("section[aria-labelledby=add-terminal] button[type=submit]")
        secrets[code] = shown_once(desk, "console-terminal-added")
    desk.go("/console/terminals")
    assert all(secret not in desk.driver.page_source for secret in secrets.values())
    look(desk, "console-terminals")
    desk.click("a[href='/console/terminals/POS-E2EU-2/rekey']")
    assert "旧密钥立即失效" in confirm(desk, "console-terminal-rekey-confirm")
    rekeyed = shown_once(desk, "console-terminal-rekeyed")
    desk.go("/console/terminals")
    desk.click("a[href='/console/terminals/POS-E2EU-2/disable']")
    confirm(desk, "console-terminal-disable-confirm")
    desk.wait_for(lambda: desk.find("#done"), what="the terminal disabled")

    desk.go("/console/campuses")
    look(desk, "console-campuses")
    name = desk.find("#name-EAST")
    name.clear()
    name.send_keys("东校区（新）")
    desk.click("#campus-EAST button")
    desk.wait_for(lambda: desk.find("#done"), what="the campus renamed")
    look(desk, "console-campuses-renamed")
    sign_out(desk)

    # A student of the new school, imported by the roster command, binds and tops up ¥100 on the phone.
    roster = os.path.join(server.dir, "e2eu-roster.csv")
    with open(roster, "w") as f:
        f.write("staff_number,name,kind,campus,national_id\n20279001,赵新生,student,MAIN,320106200507073212\n")
    server.cli("import-roster", "--school", "E2EU", roster)
    phone_sign_in(phone, "alipay", "2088e2e" + os.urandom(4).hex(), school="E2EU")
    bind_until_face(phone, "20279001", "赵新生", initial_password="073212", school="E2EU")
    face(phone, "20279001")
    phone.wait_for(lambda: phone.find("#balance"), what="the new school's home page")
    phone.go("/h5/E2EU/top-up")
    phone.click("button[name=amount][value='100.00'], button[name=amount][value='100']")
    phone.wait_for(lambda: "/top-up/orders/" in phone.driver.current_url, what="the order page")
    phone.click("a.primary")
    phone.wait_for(lambda: "/sandbox/cashier/" in phone.driver.current_url, what="the cashier")
    phone.click("button")
    phone.wait_for(lambda: "已到账" in phone.text("#order-status"), seconds=60, what="the order credited")

    # The new terminal charges the card with the secret shown once; the re-keyed, disabled one cannot.
    phone.go("/h5/E2EU/code")
    digits = phone.text("#payment-code").replace(" ", "")
    status, receipt = server.pos_spend(digits, 1500, terminal="POS-E2EU-1", secret=secrets["POS-E2EU-1"])
    assert status == 201 and receipt["amount_fen"] == 1500, receipt
    for secret in [secrets["POS-E2EU-2"], rekeyed]:
        status, refused = server.pos_spend(digits, 100, terminal="POS-E2EU-2", secret=secret)
        assert status == 401, refused

    # The new clerk finds the student by name and refunds ¥20 of the mistaken top-up.
    signed_in(desk, "e2eu-clerk", clerk_password)
    desk.fill("q", "赵新生")
    desk.submit("main form.search button[type=submit]")
    desk.wait_for(lambda: desk.find("table.grid"), what="the student found")
    desk.click("a[href='/console/cardholders/20279001']")
    desk.wait_for(lambda: desk.find("#balance"), what="the profile")
    assert fen(desk.text("#balance")) == 10000 - 1500
    desk.click("a[href='/console/cardholders/20279001/refund']")
    desk.wait_for(lambda: desk.find("input[name=order]"), what="the credited top-ups")
    desk.click("input[name=order]", navigates=False)
    desk.fill("amount", "20.00")
    desk.fill("reason", "家长误充")
    desk.submit()
    confirm(desk, "console-new-school-refund-confirm")
    desk.wait_for(lambda: desk.find("#receipt-amount"), what="the receipt")
    desk.go("/console/cardholders/20279001")
    assert fen(desk.text("#balance")) == 10000 - 1500 - 2000
    records = desk.text("section[aria-labelledby=records]")
    assert "退款" in records and "-¥20.00" in records and "-¥15.00" in records, records
    sign_out(desk)
    # And so do the student's own records on the phone.
    phone.go("/h5/E2EU/records?kind=refund")
    assert "-¥20.00" in phone.text() and "-¥15.00" not in phone.text(), phone.text()

    # The demo school's clerk sees nothing of the new school.
    signed_in(desk, *clerk_credentials(server))
    desk.go("/console/cardholders?q=赵新生")
    assert "没有找到" in desk.text()
    for path in ["/console/cardholders/20279001", "/console/terminals/POS-E2EU-1/rekey", "/console/staff/e2eu-clerk/password"]:
        desk.go(path)
        assert "找不到" in desk.text(), path
    desk.go("/console/terminals")
    assert "POS-E2EU" not in desk.text()


def test_no_new_console_page_has_a_serious_accessibility_violation(accessibility):
    assert PAGES, "no page was checked"
    bad = {page: accessibility[page] for page in PAGES if accessibility.get(page)}
    assert not bad, "\n".join(f"{page}: {found}" for page, found in bad.items())
