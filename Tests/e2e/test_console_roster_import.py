"""The card office imports a roster from the browser: a clerk uploads a generated file of 10,000
new students and a few bad rows, watches the progress bar move while the rows are written, and
reads what the import did with the bad rows by line. Every page is looked at (a 1280 px
screenshot, axe), as in test_console_pages.py."""

import os
import tempfile
import time

from test_console_pages import clerk_credentials, sign_in

ROSTER_PAGES = []
ROWS = 10_000
# line in the file → the bad row written there (the header is line 1)
BAD = {
    3: "2028x,坏学工号,学生,MAIN,",
    2500: "202899001,类别不对,机器人,MAIN,",
    7777: "202899002,校区不对,学生,MARS,{id}",
    9999: "202899003,缺身份证,学生,MAIN,",
}


def look(desk, name):
    ROSTER_PAGES.append(name)
    desk.look(name, widths=(1280,))


def national_id(i):
    """An 18-character resident ID with its ISO 7064 MOD 11-2 check character."""
    body = "3201022003" + f"{i:07d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


def roster_file():
    """ROWS new students (学工号 2028xxxxx) with the BAD rows at their lines, in a CSV file."""
    lines, written, line = ["学工号,姓名,类别,校区,身份证号"], 0, 2
    while written < ROWS or line in BAD:
        if line in BAD:
            lines.append(BAD[line].format(id=national_id(99_999)))
        else:
            name = "新生" + "".join("零一二三四五六七八九"[int(d)] for d in str(written))
            lines.append(f"2028{written:05d},{name},学生,MAIN,{national_id(written)}")
            written += 1
        line += 1
    handle, path = tempfile.mkstemp(prefix="roster-", suffix=".csv")
    with os.fdopen(handle, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def bar(desk):
    """The progress bar's value and max and the text beside it, or None once the page shows no bar."""
    return desk.driver.execute_script(
        "var p = document.querySelector('progress#progress');"
        "return p ? [p.hasAttribute('value') ? p.value : null, p.max, document.getElementById('progress-text').textContent] : null;")


def test_clerk_imports_ten_thousand_rows_and_watches_the_progress_bar_move(desk, server):
    sign_in(desk, *clerk_credentials(server))
    desk.wait_for(lambda: desk.find("a[href='/console/roster']"), what="the roster import on the console's first page")
    desk.click("a[href='/console/roster']")
    desk.wait_for(lambda: desk.find("input[type=file]"), what="the upload form")
    assert desk.find("input[type=file]").get_attribute("accept") == ".csv,text/csv"
    assert "学工号" in desk.text("section[aria-labelledby=columns]")
    look(desk, "console-roster-form")

    path = roster_file()
    try:
        desk.find("input[type=file]").send_keys(path)
        desk.submit("main form.upload button[type=submit]")
    finally:
        os.remove(path)

    # The bar, sampled while the rows are written: seen part way, and moving.
    seen, end = [], time.time() + 300
    while time.time() < end:
        sample = bar(desk)
        if sample is None:
            break
        value, top, said = sample
        if value is not None and 0 < value < top and (not seen or seen[-1][0] != value):
            seen.append((value, top, said))
            if len(seen) >= 2:
                break
        time.sleep(0.02)
    assert len(seen) >= 2, f"the bar was not seen moving part way: {seen} on {desk.driver.current_url}"
    (first, top, _), (second, _, said) = seen
    assert 0 < first < second < top, seen
    assert said == f"已写入 {int(second):,} / {int(top):,} 行", said

    # Looked at while it runs: its script is held (no reload under axe), then the page is opened again.
    if bar(desk) is not None:
        desk.driver.execute_script("window.fetch = function () { return new Promise(function () {}); };")
        look(desk, "console-roster-import-running")
        desk.go(desk.driver.current_url.split("#")[0].replace(server.base, ""))

    desk.wait_for(lambda: desk.find("#created"), seconds=300, what="the finished import")
    assert desk.text("#created") == "10,000", desk.text("#created")
    assert desk.text("#refused-count") == str(len(BAD))
    refused = desk.text("section[aria-labelledby=refused]")
    lines = [cell.text for cell in desk.driver.find_elements("css selector", "td.line")]
    assert lines == [str(line) for line in sorted(BAD)], lines
    assert "类别应为" in refused and "MARS" in refused, refused
    look(desk, "console-roster-import-done")

    desk.click("a[href='/console/roster']")
    desk.wait_for(lambda: desk.find("section[aria-labelledby=imports] table"), what="the latest imports")
    assert "新增 10,000" in desk.text("section[aria-labelledby=imports]")
    look(desk, "console-roster-imports")


def test_no_roster_import_page_has_a_serious_accessibility_violation(accessibility):
    assert ROSTER_PAGES, "no roster import page was checked"
    bad = {page: accessibility[page] for page in ROSTER_PAGES if accessibility.get(page)}
    assert not bad, "\n".join(f"{page}: {found}" for page, found in bad.items())
