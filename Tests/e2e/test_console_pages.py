"""The card office's console at a desk: a clerk signs in, and what goes wrong on the way. Every
console page is looked at (a 1280 px screenshot, axe)."""

import re
from datetime import datetime, timedelta, timezone

from selenium.webdriver.support.ui import Select

CONSOLE_PAGES = []


def clerk_credentials(server, role="clerk"):
    found = re.search(rf"console {role}: (\S+) / (\S+)", server.output())
    return found.group(1), found.group(2)


def set_value(desk, name, value):
    """A field a picker fills (datetime-local), set as the picker would."""
    desk.driver.execute_script("document.querySelector(`[name='${arguments[0]}']`).value = arguments[1]", name, value)


def look(desk, name, widths=(1280,)):
    CONSOLE_PAGES.append(name)
    desk.look(name, widths=widths)


def sign_in(desk, username, password):
    desk.go("/console")
    desk.fill("username", username)
    desk.fill("password", password)
    desk.submit()


def search_as_clerk(desk, server, query):
    """Signs in as the demo's clerk and searches from the console's first page."""
    username, password = clerk_credentials(server)
    sign_in(desk, username, password)
    desk.wait_for(lambda: desk.find("input[name=q]"), what="the search box on the console's first page")
    desk.fill("q", query)
    desk.submit("main form.search button[type=submit]")
    desk.wait_for(lambda: desk.find("table.grid"), what="the cardholders found")


def open_profile(desk, server, name, staff_number, action, what):
    """Finds the cardholder by name, opens their profile, then one of its actions."""
    search_as_clerk(desk, server, name)
    desk.click(f"a[href='/console/cardholders/{staff_number}']")
    desk.wait_for(lambda: desk.find("#balance"), what="the profile")
    desk.click(f"a[href='/console/cardholders/{staff_number}/{action}']")
    desk.wait_for(lambda: desk.find("main form, #consequence"), what=what)


def refused_then_confirmed(desk, field, refused, accepted, name, before=None):
    """Types what the form refuses, then what it takes (and what `before` types); looks at the
    refusal and the confirmation."""
    desk.fill(field, refused)
    desk.submit()
    desk.wait_for(lambda: desk.find(f"#{field}-error"), what=f"{refused} refused on the form")
    look(desk, f"console-{name}-refused")
    if before:
        before()
    desk.fill(field, accepted)
    desk.submit()
    desk.wait_for(lambda: desk.find("#consequence"), what="the confirmation")
    look(desk, f"console-{name}-confirm")


def confirmed(desk, link, name):
    """Follows a link to a confirmation, looks at it and confirms; what it said would happen."""
    desk.click(link)
    desk.wait_for(lambda: desk.find("#consequence"), what="the confirmation")
    consequence = desk.text("#consequence")
    look(desk, name)
    desk.submit("main form button.danger")
    desk.wait_for(lambda: desk.find("#done"), what="the page saying it was done")
    return consequence


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
    search_as_clerk(desk, server, "张")
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


def test_clerk_refunds_a_mistaken_top_up_and_the_records_show_it(desk, server):
    # After the phone pages' tests: 张三 (20260001) topped up ¥100 through Alipay.
    search_as_clerk(desk, server, "张三")
    desk.click("a[href='/console/cardholders/20260001']")
    desk.wait_for(lambda: desk.find("#balance"), what="the profile")
    before = fen(desk.text("#balance"))
    desk.click("a[href='/console/cardholders/20260001/refund']")
    desk.wait_for(lambda: desk.find("input[name=order]"), what="the cardholder's credited top-ups")
    look(desk, "console-refund-choose", widths=(1280, 390))
    desk.click("input[name=order]", navigates=False)
    desk.fill("amount", "100000")
    desk.fill("reason", "家长误充")
    desk.submit()
    desk.wait_for(lambda: desk.find("#amount-error"), what="the amount refused on the form")
    look(desk, "console-refund-refused")
    desk.fill("amount", "12.34")
    desk.fill("reason", "家长误充")
    desk.submit()
    desk.wait_for(lambda: desk.find("#consequence"), what="the confirmation")
    assert "¥12.34" in desk.text("#consequence") and "张三" in desk.text("#consequence")
    look(desk, "console-refund-confirm", widths=(1280, 390))
    desk.submit("main form button.danger")
    desk.wait_for(lambda: desk.find("#receipt-amount"), what="the receipt")
    assert desk.text("#receipt-amount") == "¥12.34"
    assert fen(desk.text("#receipt-balance")) == before - 1234
    look(desk, "console-refund-receipt", widths=(1280, 390))

    desk.go("/console/cardholders/20260001")
    assert fen(desk.text("#balance")) == before - 1234
    records = desk.text("section[aria-labelledby=records]")
    assert "退款" in records and "-¥12.34" in records, records
    assert "退还误充值" in desk.text("section[aria-labelledby=audit]")


def test_clerk_reports_a_card_lost_and_found_after_reading_what_each_does(desk, server):
    open_profile(desk, server, "李老师", "20169001", "counter/lost", "what reporting the card lost does")
    assert "将挂失 李老师（20169001）" in desk.text("#consequence")
    look(desk, "console-counter-lost", widths=(1280, 390))
    desk.submit("main form button.danger")
    desk.wait_for(lambda: desk.find("#done"), what="the profile saying it was done")
    assert "已挂失" in desk.text("section[aria-labelledby=cards]")
    look(desk, "console-profile-card-lost")

    confirmed(desk, "a[href='/console/cardholders/20169001/counter/found']", "console-counter-found")
    assert "已挂失" not in desk.text("section[aria-labelledby=cards]")
    assert desk.find("a[href='/console/cardholders/20169001/counter/lost']")


def test_clerk_replaces_a_card_after_reading_which_card_stops_working(desk, server):
    # After the lost and found: 李老师's card 20169001 is in use again.
    open_profile(desk, server, "李老师", "20169001", "replace", "the new card's number")
    look(desk, "console-replace-form")
    # a number in use (张三's) first
    refused_then_confirmed(desk, "new_card_number", "20260001", "e2e20169001", "replace")
    assert "原卡 20169001 立即作废" in desk.text("#consequence") and desk.text("#new-card") == "E2E20169001"
    desk.submit("main form button.danger")
    desk.wait_for(lambda: desk.find("#done"), what="the profile saying it was done")
    cards = desk.text("section[aria-labelledby=cards]")
    assert "E2E20169001" in cards and "已补卡" in cards, cards
    look(desk, "console-profile-card-replaced")


def test_clerk_sees_the_leavers_about_to_freeze_from_the_first_page(desk, server):
    username, password = clerk_credentials(server)
    sign_in(desk, username, password)
    desk.click("a[href='/console/graduates?list=30']")
    desk.wait_for(lambda: desk.find("table.grid"), what="the leavers about to freeze")
    rows = desk.text("table.grid")
    assert "王五" in rows and "¥35.50" in rows, rows
    assert desk.find("a[href='/console/cardholders/20220001/payout']")
    look(desk, "console-graduates")
    desk.click("a[href='/console/graduates?list=frozen']")
    desk.wait_for(lambda: desk.find("main p.empty"), what="nobody frozen yet")
    look(desk, "console-graduates-frozen-empty")


def test_clerk_pays_out_a_leaver_and_prints_the_receipt(desk, server):
    # The demo's graduate 王五 (20220001) leaves with ¥35.50 on the card, frozen in two weeks.
    open_profile(desk, server, "王五", "20220001", "payout", "the amount to pay out")
    assert desk.find("input[name=amount]").get_attribute("value") == "35.50"
    look(desk, "console-payout-form")
    refused_then_confirmed(desk, "amount", "35.51", "35.50", "payout")
    assert "¥35.50" in desk.text("#consequence") and "王五" in desk.text("#consequence")
    desk.submit("main form button.danger")
    desk.wait_for(lambda: desk.find("#receipt-amount"), what="the receipt")
    assert desk.text("#receipt-amount") == "¥35.50" and desk.text("#receipt-balance") == "¥0.00"
    look(desk, "console-payout-receipt")

    desk.go("/console/cardholders/20220001")
    assert desk.text("#balance") == "¥0.00"
    assert "结清余额" in desk.text("section[aria-labelledby=audit]")


def test_clerk_registers_an_international_students_passport(desk, server):
    open_profile(desk, server, "Anna", "20269001", "roster/passport", "the passport's form")
    assert "E12345678" in desk.text("main .card dl")
    look(desk, "console-passport-form")
    refused_then_confirmed(desk, "passport", "E-1", "e98765432", "passport")
    assert "E98765432" in desk.text("#consequence") and "E12345678 → E98765432" == desk.text("#change-passport")
    desk.submit("main form button.danger")
    desk.wait_for(lambda: desk.find("#done"), what="the profile saying it was done")
    assert "E98765432" in desk.text("section[aria-labelledby=roster]")
    assert "更正名单" in desk.text("section[aria-labelledby=audit]")
    look(desk, "console-profile-passport-registered")


def test_clerk_corrects_a_name_and_campus(desk, server):
    # After the replacement: 李老师 (20169001), of the east campus.
    open_profile(desk, server, "李老师", "20169001", "roster/details", "the roster's form")
    Select(desk.find("select[name=campus]")).select_by_value("MAIN")
    look(desk, "console-roster-form")
    refused_then_confirmed(desk, "name", "李明!", "李明", "roster")
    assert desk.text("#change-name") == "李老师 → 李明" and desk.text("#change-campus") == "东校区（昌平） → 主校区（海淀）"
    desk.submit("main form button.danger")
    desk.wait_for(lambda: desk.find("#done"), what="the profile saying it was done")
    roster = desk.text("section[aria-labelledby=roster]")
    assert "李明" in roster and "主校区（海淀）" in roster, roster
    look(desk, "console-profile-roster-corrected")


def test_admin_publishes_a_maintenance_window_and_withdraws_it_after_confirming(desk, server):
    # Days ahead, so the other tests' top-ups are not refused; in the school's time (Shanghai).
    start = datetime.now(timezone(timedelta(hours=8))).replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
    sign_in(desk, *clerk_credentials(server, "admin"))
    desk.click("a[href='/console/notices/maintenance-windows']")
    desk.wait_for(lambda: desk.find("input[name=title]"), what="the maintenance windows' board")
    look(desk, "console-maintenance-windows")
    desk.fill("title", "一卡通系统升级")
    set_value(desk, "starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    set_value(desk, "ends_at", (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    desk.submit()
    desk.wait_for(lambda: desk.find("#ends_at-error"), what="an end before the start refused on the form")
    look(desk, "console-maintenance-window-refused")
    set_value(desk, "ends_at", (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    desk.submit()
    desk.wait_for(lambda: desk.find("#done"), what="the window published")
    rows = desk.text("table.grid")
    assert "一卡通系统升级" in rows and start.strftime("%Y-%m-%d %H:%M") in rows, rows
    look(desk, "console-maintenance-window-published")
    consequence = confirmed(desk, "table.grid a[href$='/withdraw']", "console-maintenance-window-withdraw")
    assert "一卡通系统升级" in consequence
    assert not desk.driver.find_elements("css selector", "table.grid")
    desk.click("a[href='/console/notices/announcements']")
    desk.wait_for(lambda: desk.find("input[name=title]"), what="the announcements' board")
    look(desk, "console-announcements")


def test_admin_changes_a_setting_after_reading_the_rule_and_the_change(desk, server):
    sign_in(desk, *clerk_credentials(server, "admin"))
    desk.click("a[href='/console/settings']")
    desk.wait_for(lambda: desk.find("input[name=daily_top_up_limit]"), what="the school's settings")
    look(desk, "console-settings")
    refused_then_confirmed(desk, "daily_top_up_limit", "100", "2000.00", "settings", before=lambda: desk.fill("password_lock_minutes", "45"))
    assert desk.text("#change-password_lock_minutes") == "30 → 45"
    desk.submit("main form button.danger")
    desk.wait_for(lambda: desk.find("#done"), what="the settings saved")
    assert desk.find("input[name=password_lock_minutes]").get_attribute("value") == "45"


def test_clerk_reconciles_a_day_with_a_channel_and_downloads_the_csv(desk, server):
    # The phone pages' tests paid top-ups today through the sandbox's channels.
    sign_in(desk, *clerk_credentials(server))
    desk.click("a[href='/console/reports/reconciliation']")
    desk.wait_for(lambda: desk.find("input[name=date]"), what="the reconciliation's form")
    look(desk, "console-reconciliation-form")
    # The date picker offers no 30 February: an address typed by hand does.
    desk.go("/console/reports/reconciliation?date=2026-02-30&provider=alipay")
    desk.wait_for(lambda: desk.find("#date-error"), what="a day that does not exist refused on the form")
    look(desk, "console-reconciliation-refused")
    set_value(desk, "date", today_in_shanghai())
    desk.submit()
    desk.wait_for(lambda: desk.find("#credited"), what="the day's report")
    assert desk.find("a[href*='/console/reports/reconciliation.csv?date=']")
    look(desk, "console-reconciliation")
    desk.go("/console")
    desk.click("a[href='/console/reports/takings']")
    desk.wait_for(lambda: desk.find("input[name=date]"), what="the takings' form")
    desk.submit()
    desk.wait_for(lambda: desk.find("table.grid"), what="each merchant's takings today")
    look(desk, "console-takings")


def test_clerk_reads_the_days_dashboard_and_the_day_before(desk, server):
    # After the phone pages' tests: a ¥100 Alipay top-up credited and a ¥12.30 spend at the canteen today.
    sign_in(desk, *clerk_credentials(server))
    desk.click("a[href='/console/dashboard']")
    desk.wait_for(lambda: desk.find("#credited"), what="today's dashboard")
    assert desk.find("input[name=day]").get_attribute("value") == today_in_shanghai()
    assert fen(desk.text("#credited strong")) >= 10000 and fen(desk.text("#spent strong")) >= 1230
    chart = desk.find("svg#chart-top-ups")
    assert chart.get_attribute("role") == "img" and desk.find("#chart-top-ups-title").get_attribute("textContent")
    assert desk.find("svg#chart-spends") and desk.find("#spends-table tbody tr")
    assert "第一食堂" in desk.text("#spends-table")
    look(desk, "console-dashboard")
    # The day before: another day, said in words where it has nothing to draw.
    desk.click("nav.day-links a")
    desk.wait_for(lambda: desk.find("input[name=day]").get_attribute("value") != today_in_shanghai(), what="the day before")
    look(desk, "console-dashboard-day-before")
    # A day yet to come, typed by hand, is refused on the form.
    tomorrow = (datetime.now(timezone(timedelta(hours=8))) + timedelta(days=1)).strftime("%Y-%m-%d")
    desk.go(f"/console/dashboard?day={tomorrow}")
    desk.wait_for(lambda: desk.find("#day-error"), what="a day yet to come refused on the form")
    look(desk, "console-dashboard-refused")


def today_in_shanghai():
    return datetime.now(timezone(timedelta(hours=8))).strftime("%Y-%m-%d")


def fen(text):
    """¥1,234.56 as 123456 fen, counted in whole numbers."""
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
    yuan, _, cents = digits.replace("¥", "").replace(",", "").partition(".")
    return sign * (int(yuan) * 100 + int((cents + "00")[:2]))


def test_no_console_page_has_a_serious_accessibility_violation(accessibility):
    # Runs after this file's tests (pytest keeps file order).
    assert CONSOLE_PAGES, "no console page was checked"
    bad = {page: accessibility[page] for page in CONSOLE_PAGES if accessibility.get(page)}
    assert not bad, "\n".join(f"{page}: {found}" for page, found in bad.items())
