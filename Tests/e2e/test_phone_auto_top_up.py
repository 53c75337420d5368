"""Auto top-up from the phone, in a real browser against the sandbox's UnionPay: the bank card and
the bank's SMS code, the terms signed with the payment password and a fresh face, a till dip
topped up by the bank's token debit, then a pause confirmed. Every step is looked at (390 and
1280 px) and checked by axe here (this file runs after the phone pages' own axe summary). The
student is imported here, so that no other browser test's cardholder changes under it."""

import os

from test_cardholder_pages import balance, bind_until_face, fen, sign_in
from test_console_pages import clerk_credentials, sign_in as console_sign_in
from selenium.webdriver.common.by import By


def national_id(body):
    """An 18-digit ID number with its check character (GB 11643)."""
    total = sum(int(d) * w for d, w in zip(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]))
    return body + "10X98765432"[total % 11]


# A student of the demo school no other browser test touches, imported here.
STAFF, NAME, ID_NUMBER = "20279101", "钱七", national_id("32010620050808451")
INITIAL = ID_NUMBER[-6:]


def face_for(phone):
    phone.fill("id_number", ID_NUMBER)
    phone.submit()
    phone.wait_for(lambda: phone.find("#face-pass"), what="the face provider's page")
    phone.click("#face-pass")
    phone.wait_for(lambda: "/sandbox/" not in phone.driver.current_url, what="the way back from the face page")


def looked(phone, name):
    phone.look(name)
    assert not phone.accessibility[name], phone.accessibility[name]


def test_a_student_opens_signs_and_is_topped_up_by_the_bank(phone, desk, server):
    roster = os.path.join(server.dir, "auto-top-up-roster.csv")
    with open(roster, "w") as f:
        f.write(f"staff_number,name,kind,campus,national_id\n{STAFF},{NAME},student,MAIN,{ID_NUMBER}\n")
    server.cli("import-roster", "--school", "DEMO", roster)
    sign_in(phone, "alipay", "2088000000007701")
    bind_until_face(phone, STAFF, NAME, initial_password=INITIAL)
    face_for(phone)
    phone.wait_for(lambda: phone.find("#balance"), what="the home page after binding")
    # ¥100 on the card first, through the sandbox Alipay cashier
    phone.go("/h5/DEMO/top-up")
    phone.click("button[name=amount][value='100.00'], button[name=amount][value='100']")
    phone.wait_for(lambda: "/top-up/orders/" in phone.driver.current_url, what="the order page")
    phone.click("a.primary")
    phone.wait_for(lambda: "/sandbox/cashier/" in phone.driver.current_url, what="the cashier")
    phone.click("button")
    phone.wait_for(lambda: fen(balance(phone)) == 10000, seconds=60, what="the ¥100 top-up credited")
    start = fen(balance(phone))

    phone.go("/h5/DEMO/auto-top-up")
    looked(phone, "auto-top-up-1-card")

    def card_and_sms():
        phone.fill("card_number", "6222 0000 0000 0001")
        phone.fill("holder_name", NAME)
        phone.fill("id_number", ID_NUMBER)
        phone.fill("phone", "13800000000")
        phone.submit()
        phone.wait_for(lambda: phone.find("input[name=sms_code]"), what="the bank's SMS step")
        assert "138****0000" in phone.text()

    # a wrong code is the bank's refusal of that opening, said on the SMS step, where a new code
    # is one tap away: the card is not typed again
    card_and_sms()
    phone.fill("sms_code", "123456")
    phone.submit()
    phone.wait_for(lambda: phone.find("main .alert"), what="the wrong code refused")
    assert "短信验证码错误" in phone.text("main .alert")
    assert phone.find("input[name=sms_code]") and "138****0000" in phone.text()
    looked(phone, "auto-top-up-2-sms-wrong")
    phone.click("form[action$='/opening/new-code'] button")
    phone.wait_for(lambda: not phone.driver.find_elements(By.CSS_SELECTOR, "main .alert"), what="a new code sent")
    assert phone.find("input[name=sms_code]")
    assert "138****0000" in phone.text()
    looked(phone, "auto-top-up-2-sms")
    phone.fill("sms_code", "111111")
    phone.submit()
    phone.wait_for(lambda: phone.find("input[name=payment_password]"), what="the signing step")
    looked(phone, "auto-top-up-3-sign")
    phone.fill("threshold", "95")
    phone.fill("amount", "50")
    phone.fill("payment_password", "135792")
    face_for(phone)
    phone.wait_for(lambda: phone.find("#confirm-pause"), what="the active agreement")
    assert "0001" in phone.text()
    looked(phone, "auto-top-up-4-active")

    # a ¥10 charge leaves ¥90, below ¥95: the upkeep's worker debits ¥50 through UnionPay
    phone.go("/h5/DEMO/code")
    status, body = server.pos_spend(phone.text("#payment-code").replace(" ", ""), 1000)
    assert status == 201, body
    phone.wait_for(lambda: fen(balance(phone)) == start - 1000 + 5000, seconds=90, what="the auto top-up credited")
    phone.go("/h5/DEMO/auto-top-up")
    assert "¥50.00" in phone.text("section[aria-labelledby=debits-title]")
    looked(phone, "auto-top-up-5-debited")

    # pausing needs its box ticked
    phone.click("#confirm-pause", navigates=False)
    phone.find("#confirm-pause").find_element(By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button").click()
    phone.wait_for(lambda: phone.find("#confirm-resume"), what="the paused agreement")
    assert "已暂停" in phone.text("#agreement-status")

    # the same page in English
    phone.click("header form button")
    phone.wait_for(lambda: "Auto top-up" in phone.text("body"), what="the English page")
    assert phone.text("#agreement-status") == "Paused"
    assert "¥50.00" in phone.text("section[aria-labelledby=debits-title]")
    looked(phone, "auto-top-up-6-paused-en")
    phone.click("header form button")

    # the card office sees the agreement and its debit at the counter, in both languages
    console_sign_in(desk, *clerk_credentials(server))
    desk.wait_for(lambda: desk.find("#signed-in"), what="the console's first page")
    desk.go(f"/console/cardholders/{STAFF}/auto-top-up")
    assert "0001" in desk.text() and "¥50.00" in desk.text()
    looked(desk, "console-auto-top-up")
    desk.click(".lang button")
    desk.wait_for(lambda: "Sign out" in desk.text("body"), what="the English console")
    assert "Bank card" in desk.text() and "¥50.00" in desk.text()
    looked(desk, "console-auto-top-up-en")
    desk.click(".lang button")
