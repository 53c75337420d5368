"""A student at the canteen with a phone: sign in through the channel, bind, top up, pay, and
what goes wrong on the way. Every page is looked at (screenshots, axe)."""

import os
import re
import secrets
import subprocess
import tempfile

from selenium.webdriver.common.by import By


def sign_in(phone, channel, user_id, look=None, school="DEMO"):
    phone.go(f"/h5/{school}?channel={channel}")
    phone.wait_for(lambda: phone.find("#user_id"), what="the channel's consent page")
    phone.fill("user_id", user_id)
    phone.click("#agree")
    phone.wait_for(lambda: "/sandbox/" not in phone.driver.current_url, what="the way back from the consent page")


ID_NUMBERS = {"20260001": "440305200001011235", "20169001": "310115199908154565", "20279001": "320106200507073212"}  # the rosters'


def face(phone, staff_number="20260001", passed=True):
    """The face step: the ID number (to the provider only), the provider's page, and back."""
    phone.fill("id_number", ID_NUMBERS[staff_number])
    phone.submit()
    phone.wait_for(lambda: phone.driver.find_elements(By.CSS_SELECTOR, "#face-pass, main .alert"), what="the channel's face page")
    if not phone.driver.find_elements(By.CSS_SELECTOR, "#face-pass"):
        return  # refused before the provider (a locked card): the page says why
    phone.click("#face-pass" if passed else "#face-fail")
    phone.wait_for(lambda: "/sandbox/" not in phone.driver.current_url, what="the way back from the face page")


def bind_until_face(phone, staff_number, name, initial_password=None, passport=None, payment="135792", campus="MAIN", look=False,
                    school="DEMO"):
    phone.go(f"/h5/{school}/bind/campus")
    if look:
        phone.look("bind-1-campus")
    phone.click(f"input[name=campus][value={campus}]", navigates=False)
    phone.submit()
    phone.wait_for(lambda: phone.find("[name=staff_number]"), what="the 学工号 step")
    phone.fill("staff_number", staff_number)
    phone.fill("name", name)
    if look:
        phone.look("bind-2-identity")
    phone.submit()
    if passport:
        phone.go(f"/h5/{school}/bind/proof?passport=1")
        phone.fill("passport", passport)
    else:
        phone.wait_for(lambda: phone.find("[name=initial_password]"), what="the initial password step")
        phone.fill("initial_password", initial_password)
    if look:
        phone.look("bind-3-proof")
    phone.submit()
    phone.wait_for(lambda: phone.find("[name=payment_password_again]"), what="the payment password step")
    phone.fill("payment_password", payment)
    phone.fill("payment_password_again", payment)
    if look:
        phone.look("bind-4-payment")
    phone.submit()
    phone.wait_for(lambda: "/bind/face" in phone.driver.current_url, what="the face step")
    if look:
        phone.look("bind-5-face")


def balance(phone):
    phone.go("/h5/DEMO")
    return phone.text("#balance")


def fen(text):
    return int(round(float(text.replace("¥", "").replace(",", "")) * 100))


def test_student_binds_tops_up_and_pays(phone, second_phone, server, accessibility):
    phone.go("/")
    phone.look("welcome")
    user = "2088" + secrets.token_hex(6)
    sign_in(phone, "alipay", user)
    assert phone.driver.current_url.endswith("/h5/DEMO/bind/campus")
    # 学工号 in full-width digits with spaces around is taken as the plain number.
    bind_until_face(phone, "  ２０２６０００１ ", "张三", initial_password="011235", look=True)
    face(phone)
    phone.wait_for(lambda: phone.find("#balance"), what="the home page after binding")
    phone.look("home")
    before = fen(phone.text("#balance"))
    assert "谨防" in phone.text()

    # Top up ¥100 (a preset) through the sandbox Alipay cashier; the balance rises by exactly that.
    phone.go("/h5/DEMO/top-up")
    phone.look("top-up")
    assert "¥0.30" in phone.text(), "the fee of a ¥100 preset (0.3 %) is shown before paying"
    phone.click("button[name=amount][value='100.00'], button[name=amount][value='100']")
    phone.wait_for(lambda: "/top-up/orders/" in phone.driver.current_url, what="the order page")
    phone.look("top-up-order-waiting")
    phone.click("a.primary")
    phone.wait_for(lambda: "/sandbox/cashier/" in phone.driver.current_url, what="the cashier")
    phone.click("button")
    phone.wait_for(lambda: "/top-up/orders/" in phone.driver.current_url and "已到账" in phone.text("#order-status"), seconds=60,
                   what="the order credited")
    phone.look("top-up-order-credited")
    assert fen(balance(phone)) == before + 10000

    # The payment code, scanned back from the screen, is a code the POS API charges.
    phone.go("/h5/DEMO/code")
    phone.look("payment-code")
    digits = phone.text("#payment-code").replace(" ", "")
    assert re.fullmatch(r"\d{18}", digits)
    scanned = {}
    for kind, css in (("CODE-128", ".barcode svg"), ("QR-Code", ".qr svg")):
        with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as f:
            path = f.name
        phone.find(css).screenshot(path)
        out = subprocess.run(["zbarimg", "-q", path], capture_output=True, text=True)
        os.unlink(path)
        assert out.returncode == 0, f"zbarimg read nothing from the {kind} image"
        scanned[kind] = out.stdout.strip()
    assert scanned == {"CODE-128": "CODE-128:" + digits, "QR-Code": "QR-Code:" + digits}
    status, receipt = server.pos_spend(digits, 1230)
    assert status == 201 and receipt["amount_fen"] == 1230, receipt
    assert fen(balance(phone)) == before + 10000 - 1230

    # Records with their running balance, and the month's statement.
    phone.go("/h5/DEMO/records")
    phone.look("records")
    assert "-¥12.30" in phone.text() and "+¥100.00" in phone.text()
    phone.go("/h5/DEMO/records?kind=spend")
    assert "+¥100.00" not in phone.text()

    # A new phone signed in as the same Alipay user sees the card but must verify before a code.
    sign_in(second_phone, "alipay", user)
    second_phone.go("/h5/DEMO/code")
    assert second_phone.driver.current_url.endswith("/h5/DEMO/verify"), second_phone.driver.current_url
    second_phone.look("verify-device")
    second_phone.fill("payment_password", "135792")
    second_phone.submit()
    face(second_phone)
    second_phone.go("/h5/DEMO/code")
    assert re.fullmatch(r"\d{18}", second_phone.text("#payment-code").replace(" ", ""))

    # 我的: devices (this phone and the other), notices, the password change.
    phone.go("/h5/DEMO/me")
    phone.look("me")
    assert "本机" in phone.text() and "其他手机" in phone.text()
    phone.go("/h5/DEMO/me/payment-password")
    phone.fill("old_password", "135792")
    phone.fill("new_password", "111111")
    phone.fill("new_password_again", "111111")
    phone.submit()
    assert "过于简单" in phone.text()
    phone.look("change-password-refused")
    phone.fill("old_password", "135792")
    phone.fill("new_password", "246813")
    phone.fill("new_password_again", "246813")
    phone.submit()
    assert "已修改" in phone.text()
    phone.go("/h5/DEMO/notices")
    phone.look("notices")
    assert "支付密码已修改" in phone.text()

    # A custom amount over what is left today is refused with the figure left.
    for n in range(3):
        phone.go("/h5/DEMO/top-up")
        phone.fill("amount", "500")
        phone.click("main form:last-of-type button.primary")
        phone.wait_for(lambda: "/top-up/orders/" in phone.driver.current_url, what=f"custom order {n + 1}")
    phone.go("/h5/DEMO/top-up")
    left = phone.text("#left-today")
    assert "¥400.00" in left, left
    phone.fill("amount", "450")
    phone.click("main form:last-of-type button.primary")
    phone.wait_for(lambda: phone.find(".alert"), what="the refusal")
    assert "400" in phone.text(".alert") and "00:00" in phone.text(".alert")
    phone.look("top-up-over-daily-limit")

    # The English switch is remembered across a reload.
    phone.go("/h5/DEMO")
    phone.click("header form button")
    phone.wait_for(lambda: "Balance" in phone.text() or "My campus card" in phone.text(), what="English")
    phone.driver.refresh()
    assert "My campus card" in phone.text()
    phone.look("home-english")
    phone.click("header form button")
    phone.wait_for(lambda: "我的校园卡" in phone.text(), what="Chinese again")

    # Reported lost from the phone: no payment code any more.
    phone.go("/h5/DEMO/me")
    phone.click("input[name=confirm]", navigates=False)
    phone.click("button.danger")
    phone.wait_for(lambda: "已挂失" in phone.text(), what="the card lost on the home page")
    phone.look("home-card-lost")
    phone.go("/h5/DEMO/code")
    assert phone.find(".alert") and not phone.driver.find_elements(By.CSS_SELECTOR, "#payment-code")
    phone.look("payment-code-card-lost")


def test_wrong_initial_password_five_times_locks_until_a_time(phone):
    sign_in(phone, "wechat", "o" + secrets.token_hex(10))
    for attempt in range(5):
        bind_until_face(phone, "20169001", "李老师", initial_password="000000", campus="EAST")
        face(phone, "20169001")
        if attempt < 4:
            assert "信息不匹配" in phone.text(), phone.text()
    if "信息不匹配" in phone.text():
        phone.look("bind-info-mismatch")
        bind_until_face(phone, "20169001", "李老师", initial_password="000000", campus="EAST")
        face(phone, "20169001")
    text = phone.text()
    assert "锁定" in text and re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text), text
    assert "服务中心" in text and "8:30" in text
    phone.look("bind-locked")


def test_phone_number_is_refused_with_the_rule(phone):
    sign_in(phone, "school_app", "s" + secrets.token_hex(6))
    phone.go("/h5/DEMO/bind/campus")
    phone.click("input[name=campus][value=MAIN]", navigates=False)
    phone.submit()
    phone.wait_for(lambda: phone.find("[name=staff_number]"), what="the 学工号 step")
    phone.fill("staff_number", "13812345678")
    phone.fill("name", "Anna Smith")
    phone.submit()
    phone.wait_for(lambda: phone.find("#staff_number-error"), what="the refusal")
    assert "手机号" in phone.text("#staff_number-error")
    phone.look("bind-phone-number-refused")


def test_every_page_has_no_serious_accessibility_violation(accessibility):
    # Runs last (pytest keeps file order): the pages the other tests looked at.
    assert accessibility, "no page was checked"
    bad = {page: found for page, found in accessibility.items() if found}
    assert not bad, "\n".join(f"{page}: {found}" for page, found in bad.items())
